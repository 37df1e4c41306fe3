package proofbundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// Format is the value of a bundle's "format" field.
const Format = "truce-proof-bundle/v1"

// MaxSize bounds the bytes Parse reads: a bundle is read whole.
const MaxSize = 32 << 20

// Bundle is a joint decision with everything needed to check it offline.
// Byte fields are base64 in JSON.
type Bundle struct {
	Format string `json:"format"`
	// Subject is the log subject the decision is about, e.g.
	// "incident:inc_…".
	Subject string `json:"subject"`
	// Rule names the function that gives Outcome from the statements and
	// Inputs (see Rules).
	Rule string `json:"rule"`
	// Inputs are the rule's inputs that are not entries.
	Inputs json.RawMessage `json:"inputs"`
	// Logs hold, per origin, its cosigned checkpoint and keys.
	Logs []Log `json:"logs"`
	// Statements are the entries, per origin in log order.
	Statements []Statement `json:"statements"`
	// Outcome is what Rule gives, as JSON.
	Outcome json.RawMessage `json:"outcome"`
}

// Log is one origin's cosigned checkpoint and the keys to check it.
type Log struct {
	Origin string `json:"origin"`
	// LogKey is the origin's checkpoint verifier key (C2SP signed-note).
	LogKey string `json:"log_key"`
	// WitnessKeys are the cosignature/v1 verifier keys of its witnesses,
	// and Quorum how many of them must have cosigned.
	WitnessKeys []string `json:"witness_keys"`
	Quorum      int      `json:"quorum"`
	// Checkpoint is the signed checkpoint note with its cosignatures.
	Checkpoint []byte `json:"checkpoint"`
}

// Statement is one entry of an origin's log with its inclusion proof in
// that origin's checkpoint.
type Statement struct {
	Origin string `json:"origin"`
	Index  int64  `json:"index"`
	// Entry is the entry's canonical bytes: its commitment is their
	// SHA-256, the leaf the commitment's RFC 6962 leaf hash.
	Entry []byte `json:"entry"`
	// Proof is the RFC 6962 inclusion proof of the leaf at Index.
	Proof []tlog.Hash `json:"proof"`
}

// Parse decodes a bundle strictly: it returns an error for more than
// MaxSize bytes, invalid JSON, an unknown field, trailing data, another
// format, or a bundle without logs, statements, rule or outcome. It
// checks no signature or proof: use Verify.
func Parse(data []byte) (*Bundle, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("proof bundle: %d bytes, more than %d", len(data), MaxSize)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Bundle
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("proof bundle: %w", err)
	}
	if dec.More() {
		return nil, errors.New("proof bundle: data after the bundle")
	}
	switch {
	case b.Format != Format:
		return nil, fmt.Errorf("proof bundle: format %q, want %q", b.Format, Format)
	case b.Rule == "" || len(b.Outcome) == 0:
		return nil, errors.New("proof bundle: no rule or no outcome")
	case len(b.Logs) == 0 || len(b.Statements) == 0:
		return nil, errors.New("proof bundle: no logs or no statements")
	}
	for i, s := range b.Statements {
		if s.Index < 0 || len(s.Proof) > 63 {
			return nil, fmt.Errorf("proof bundle: statement %d: index %d with %d proof hashes", i, s.Index, len(s.Proof))
		}
	}
	return &b, nil
}
