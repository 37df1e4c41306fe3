package proofbundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/cite"
	"truce/internal/federation/joint"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// Pins are keys a verifier obtained out of band. Each field, if set,
// replaces what the bundle says: only pinned log keys are accepted, only
// pinned witness keys count, and the quorum is at least Quorum.
type Pins struct {
	LogKeys     []string
	WitnessKeys []string
	Quorum      int
}

// Verified is what a bundle proved.
type Verified struct {
	// Checkpoints are the verified checkpoint of each log, with how many
	// witnesses cosigned it.
	Checkpoints []VerifiedLog
	// Entries are the statements' entries, in the bundle's order.
	Entries []*ledger.Entry
	// Outcome is the outcome the rule gives (and the bundle states).
	Outcome json.RawMessage
}

// VerifiedLog is one origin's verified checkpoint.
type VerifiedLog struct {
	Origin       string
	Size         int64
	Cosignatures []witness.Cosignature
	KeyHash      uint32
}

// Verify checks b with no node: each log's checkpoint signature by its
// log key and a quorum of its witnesses' cosignatures, each statement's
// inclusion in its origin's checkpoint, that each entry is canonical and
// bears its index, that each origin's statements are in log order, and
// that the rule named gives exactly the stated outcome. Errors say which
// log or statement failed and why.
func Verify(b *Bundle, pins Pins) (*Verified, error) {
	rule, ok := Rules[b.Rule]
	if !ok {
		return nil, fmt.Errorf("proof bundle: unknown rule %q", b.Rule)
	}
	v := &Verified{}
	cps := map[string]ledger.Checkpoint{}
	for i, l := range b.Logs {
		vl, cp, err := verifyLog(l, pins)
		if err != nil {
			return nil, fmt.Errorf("proof bundle: log %d (%s): %w", i, l.Origin, err)
		}
		if _, dup := cps[l.Origin]; dup {
			return nil, fmt.Errorf("proof bundle: log %s appears twice", l.Origin)
		}
		cps[l.Origin] = cp
		v.Checkpoints = append(v.Checkpoints, vl)
	}
	last := map[string]int64{}
	stated := make([]joint.Entry, 0, len(b.Statements))
	for i, s := range b.Statements {
		cp, ok := cps[s.Origin]
		if !ok {
			return nil, fmt.Errorf("proof bundle: statement %d: no checkpoint of its origin %s", i, s.Origin)
		}
		if prev, seen := last[s.Origin]; seen && s.Index <= prev {
			return nil, fmt.Errorf("proof bundle: statement %d: %s#%d is not after %s#%d: statements of a log must be in log order", i, s.Origin, s.Index, s.Origin, prev)
		}
		last[s.Origin] = s.Index
		e, err := verifyStatement(s, cp)
		if err != nil {
			return nil, fmt.Errorf("proof bundle: statement %d (%s#%d): %w", i, s.Origin, s.Index, err)
		}
		v.Entries = append(v.Entries, e)
		stated = append(stated, statementOf(s, e))
	}
	got, err := outcome(rule, b.Subject, stated, b.Inputs)
	if err != nil {
		return nil, err
	}
	claimed, err := ledger.Canonicalize(b.Outcome)
	if err != nil {
		return nil, fmt.Errorf("proof bundle: stated outcome: %w", err)
	}
	if !bytes.Equal(got, claimed) {
		return nil, fmt.Errorf("proof bundle: the outcome does not follow: rule %s gives %s from these statements, the bundle states %s",
			b.Rule, clip(got), clip(claimed))
	}
	v.Outcome = got
	return v, nil
}

// statementOf returns statement s, whose entry decodes to e, as a rule
// reads it: with its origin, its leaf hash and its citations (read as
// the nodes read them: a citation field that does not decode cites
// nothing).
func statementOf(s Statement, e *ledger.Entry) joint.Entry {
	cs, _ := cite.Extract(e.Kind, e.Payload)
	return joint.Entry{Origin: s.Origin, LeafHash: cite.Of(s.Origin, s.Index, ledger.Commitment(s.Entry)).LeafHash, Entry: e, Cites: cs}
}

// outcome returns what rule gives from the statements, as canonical JSON.
func outcome(rule Rule, subject string, statements []joint.Entry, inputs json.RawMessage) ([]byte, error) {
	out, err := rule(subject, statements, inputs)
	if err != nil {
		return nil, fmt.Errorf("proof bundle: %w", err)
	}
	got, err := canonicalJSON(out)
	if err != nil {
		return nil, fmt.Errorf("proof bundle: outcome: %w", err)
	}
	return got, nil
}

func verifyLog(l Log, pins Pins) (VerifiedLog, ledger.Checkpoint, error) {
	if len(pins.LogKeys) > 0 && !slices.Contains(pins.LogKeys, l.LogKey) {
		return VerifiedLog{}, ledger.Checkpoint{}, errors.New("its log key is not one of the keys given")
	}
	lv, err := note.NewVerifier(l.LogKey)
	if err != nil {
		return VerifiedLog{}, ledger.Checkpoint{}, fmt.Errorf("log key: %w", err)
	}
	keys, quorum := l.WitnessKeys, max(l.Quorum, pins.Quorum)
	if len(pins.WitnessKeys) > 0 {
		keys = pins.WitnessKeys
	}
	var ws []note.Verifier
	for _, k := range keys {
		w, err := witness.ParseCosignatureVerifier(k)
		if err != nil {
			return VerifiedLog{}, ledger.Checkpoint{}, fmt.Errorf("witness key: %w", err)
		}
		ws = append(ws, w)
	}
	wcp, cs, err := witness.VerifyCosigned(l.Checkpoint, lv, ws, quorum)
	if err != nil {
		return VerifiedLog{}, ledger.Checkpoint{}, fmt.Errorf("checkpoint: %w", err)
	}
	if wcp.Origin != l.Origin {
		return VerifiedLog{}, ledger.Checkpoint{}, fmt.Errorf("checkpoint of origin %q", wcp.Origin)
	}
	cp := ledger.Checkpoint{Origin: wcp.Origin, Tree: tlog.Tree{N: wcp.Size, Hash: wcp.Root}}
	return VerifiedLog{Origin: l.Origin, Size: wcp.Size, Cosignatures: cs, KeyHash: lv.KeyHash()}, cp, nil
}

func verifyStatement(s Statement, cp ledger.Checkpoint) (*ledger.Entry, error) {
	if s.Index >= cp.N {
		return nil, fmt.Errorf("index beyond the checkpoint's %d entries", cp.N)
	}
	if err := tlog.CheckRecord(s.Proof, cp.N, cp.Hash, s.Index, ledger.LeafHash(ledger.Commitment(s.Entry))); err != nil {
		return nil, fmt.Errorf("the entry's bytes and inclusion proof do not lead to the checkpoint's root (a changed entry or proof): %w", err)
	}
	e, err := ledger.DecodeEntry(s.Entry)
	if err != nil {
		return nil, fmt.Errorf("entry: %w", err)
	}
	if e.Seq != s.Index {
		return nil, fmt.Errorf("the entry says seq %d", e.Seq)
	}
	return e, nil
}

// canonicalJSON returns v as RFC 8785 canonical JSON.
func canonicalJSON(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return ledger.Canonicalize(raw)
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
