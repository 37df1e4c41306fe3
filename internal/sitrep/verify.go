package sitrep

import (
	"encoding/json"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// VerifyIssued checks a report file against the log with code that does
// not trust the node: body must hash to the SHA-256 that the sitrep.issued
// entry (its canonical bytes, canonical) logs, and that entry, at index in
// the log, must be included in tree by proof. Any failure is an error that
// says what did not verify. The caller checks tree's signature (a signed
// checkpoint, with the node's key) before trusting it.
func VerifyIssued(body, canonical []byte, index int64, proof tlog.RecordProof, tree tlog.Tree) (*Issued, error) {
	e, err := ledger.DecodeEntry(canonical)
	if err != nil {
		return nil, fmt.Errorf("NOT VERIFIED: entry %d: %w", index, err)
	}
	if e.Kind != KindIssued {
		return nil, fmt.Errorf("NOT VERIFIED: entry %d is a %s, not a %s", index, e.Kind, KindIssued)
	}
	var p Issued
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return nil, fmt.Errorf("NOT VERIFIED: entry %d: payload: %w", index, err)
	}
	if err := CheckHash(body, p.SHA256); err != nil {
		return nil, fmt.Errorf("NOT VERIFIED: the report is not the one entry %d logs (it was altered, or is another report): %w", index, err)
	}
	leaf := ledger.LeafHash(ledger.Commitment(canonical))
	if err := tlog.CheckRecord(proof, tree.N, tree.Hash, index, leaf); err != nil {
		return nil, fmt.Errorf("NOT VERIFIED: entry %d is not in the tree of %d entries: %w", index, tree.N, err)
	}
	return &p, nil
}
