package ledger

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
)

// EntryVersion is the version of the entry format written by this code.
const EntryVersion = 1

// Entry is one change appended to the log. Its canonical bytes (see
// [Entry.Canonical]) are what the commitment covers; everything a projection
// holds is derived from entries.
type Entry struct {
	Version int    `json:"v"`
	Seq     int64  `json:"seq"`
	Time    string `json:"time"` // RFC 3339, UTC, nanoseconds
	Party   string `json:"party"`
	Author  string `json:"author"`
	Kind    string `json:"kind"`
	Subject string `json:"subject"`
	// Release says who may see the entry's content.
	Release access.Releasability `json:"release"`
	Payload json.RawMessage      `json:"payload"`
	Salt    []byte               `json:"salt"` // 32 random bytes, base64 in JSON
}

// TimeValue returns the entry's time parsed.
func (e *Entry) TimeValue() time.Time {
	t, _ := time.Parse(time.RFC3339Nano, e.Time)
	return t
}

// Canonical returns the entry's canonical bytes: the RFC 8785 form of its
// JSON encoding.
func (e *Entry) Canonical() ([]byte, error) {
	raw, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("ledger: encode entry %d: %w", e.Seq, err)
	}
	return Canonicalize(raw)
}

// Commitment returns the leaf of the entry in the tree: SHA-256 of its
// canonical bytes.
func Commitment(canonical []byte) tlog.Hash { return sha256.Sum256(canonical) }

// LeafHash returns the RFC 6962 leaf hash of a commitment, as a tlog client
// reading the entry bundles computes it.
func LeafHash(commitment tlog.Hash) tlog.Hash { return tlog.RecordHash(commitment[:]) }

// DecodeEntry parses canonical bytes back into an Entry. It fails unless the
// bytes are exactly canonical, so a stored entry cannot be re-encoded into a
// different commitment unnoticed.
func DecodeEntry(canonical []byte) (*Entry, error) {
	var e Entry
	dec := json.NewDecoder(bytes.NewReader(canonical))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("ledger: decode entry: %w", err)
	}
	again, err := e.Canonical()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(again, canonical) {
		return nil, fmt.Errorf("ledger: entry %d is not in canonical form", e.Seq)
	}
	return &e, nil
}

// Draft is what a domain service asks to append; the sequencer fills in the
// sequence number, time and salt.
type Draft struct {
	Party   string
	Author  string
	Kind    string
	Subject string
	Release access.Releasability
	// Payload is marshalled to JSON and canonicalised.
	Payload any
}

var kindPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)

// Validate checks the draft's envelope: a dotted lower-case kind, a party, a
// valid releasability.
func (d *Draft) Validate() error {
	if !kindPattern.MatchString(d.Kind) {
		return fmt.Errorf("ledger: entry kind %q is not of the form domain.event", d.Kind)
	}
	if d.Party == "" {
		return fmt.Errorf("ledger: entry %s has no party", d.Kind)
	}
	return d.Release.Validate(nil)
}

// prepare canonicalises the draft's payload; Append calls it in the
// caller's goroutine so that the sequencer does as little as possible.
func (d *Draft) prepare() ([]byte, error) {
	payload, err := json.Marshal(d.Payload)
	if err != nil {
		return nil, fmt.Errorf("ledger: encode %s payload: %w", d.Kind, err)
	}
	payload, err = Canonicalize(payload)
	if err != nil {
		return nil, fmt.Errorf("ledger: %s payload: %w", d.Kind, err)
	}
	return payload, nil
}

// seal turns a draft with its prepared payload into an entry with the given
// sequence number and time and a fresh salt, and returns it with its
// canonical bytes.
func (d *Draft) seal(payload []byte, seq int64, now time.Time) (*Entry, []byte, error) {
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return nil, nil, fmt.Errorf("ledger: salt: %w", err)
	}
	e := &Entry{
		Version: EntryVersion,
		Seq:     seq,
		Time:    now.UTC().Format(time.RFC3339Nano),
		Party:   d.Party,
		Author:  d.Author,
		Kind:    d.Kind,
		Subject: d.Subject,
		Release: d.Release.Normalize(d.Party),
		Payload: payload,
		Salt:    salt,
	}
	return e, encodeCanonical(e), nil
}

// DecodeStored parses the canonical bytes of an entry read back from the
// node's own store, without re-checking that they are canonical (which
// DecodeEntry does at the cost of re-encoding them). Use it to serve
// entries; use DecodeEntry for bytes from anyone else. Clients check served
// bytes against their commitment themselves.
func DecodeStored(canonical []byte) (*Entry, error) {
	var e Entry
	if err := json.Unmarshal(canonical, &e); err != nil {
		return nil, fmt.Errorf("ledger: decode stored entry: %w", err)
	}
	return &e, nil
}

// StoredEntry is an entry as a store holds it: its canonical bytes and
// commitment, and the entry they decode to. A store MUST check every
// StoredEntry it returns first: its bytes hash to its commitment, the
// commitment is the tree's leaf, and the columns it copied from the entry
// equal Entry's values (internal/store's reads do).
type StoredEntry struct {
	Seq        int64
	Canonical  []byte
	Commitment tlog.Hash
	// Entry is the decoded entry; callers read it rather than the row's
	// copied columns.
	Entry *Entry
}
