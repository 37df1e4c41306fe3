package proofbundle

import (
	"context"
	"encoding/json"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/fault"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// OwnLog is this node's log as a bundle's builder reads it.
type OwnLog struct {
	// LogKey is the node's checkpoint verifier key.
	LogKey string
	// WitnessKeys and Quorum are its witnesses' cosignature verifier keys
	// and the cosignatures its checkpoints need.
	WitnessKeys []string
	Quorum      int
	// Checkpoint returns a published cosigned checkpoint holding entry
	// index (signing one if none does yet).
	Checkpoint func(ctx context.Context, index int64) (*ledger.SignedCheckpoint, error)
	// Hashes is the log's tree.
	Hashes *ledger.HashStore
	// Entry returns the stored entry at seq.
	Entry func(ctx context.Context, seq int64) (*ledger.StoredEntry, error)
}

// Incident returns the bundle of incident id's finding folded from
// entries (the incident's entries the caller may read, in log order) with
// the centre c: each entry with its inclusion proof in one cosigned
// checkpoint of the node's log that holds them all. The outcome is
// computed by RuleFindings, as Verify recomputes it.
func (o OwnLog) Incident(ctx context.Context, id string, entries []*ledger.Entry, c findings.Centre) (*Bundle, error) {
	if len(entries) == 0 {
		return nil, fault.Conflictf("incident %s has no statement in this node's log that you may read: ask the node that holds its report", id)
	}
	last := entries[len(entries)-1].Seq
	sc, err := o.Checkpoint(ctx, last)
	if err != nil {
		return nil, fmt.Errorf("proof bundle: incident %s: checkpoint: %w", id, err)
	}
	if sc.N <= last {
		return nil, fmt.Errorf("proof bundle: incident %s: the checkpoint of %d entries does not hold entry %d", id, sc.N, last)
	}
	hr, _ := o.Hashes.Snapshot()
	b := &Bundle{Format: Format, Subject: incidents.Subject(id), Rule: RuleFindings,
		Logs: []Log{{Origin: sc.Origin, LogKey: o.LogKey, WitnessKeys: o.WitnessKeys, Quorum: o.Quorum, Checkpoint: sc.Note()}}}
	if b.Logs[0].WitnessKeys == nil {
		b.Logs[0].WitnessKeys = []string{}
	}
	stored := make([]*ledger.Entry, 0, len(entries))
	for _, e := range entries {
		se, err := o.Entry(ctx, e.Seq)
		if err != nil {
			return nil, fmt.Errorf("proof bundle: incident %s: entry %d: %w", id, e.Seq, err)
		}
		rp, err := tlog.ProveRecord(sc.N, e.Seq, hr)
		if err != nil {
			return nil, fmt.Errorf("proof bundle: incident %s: prove entry %d: %w", id, e.Seq, err)
		}
		b.Statements = append(b.Statements, Statement{Origin: sc.Origin, Index: e.Seq, Entry: se.Canonical, Proof: rp})
		stored = append(stored, se.Entry)
	}
	if b.Inputs, err = json.Marshal(FindingsInputsOf(c)); err != nil {
		return nil, err
	}
	out, err := Rules[RuleFindings](b.Subject, stored, b.Inputs)
	if err != nil {
		return nil, err
	}
	if b.Outcome, err = canonicalJSON(out); err != nil {
		return nil, err
	}
	return b, nil
}
