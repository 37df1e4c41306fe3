package proofbundle

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/fault"
	"truce/internal/federation/joint"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// OwnLog is this node's log, and the logs its mirrors hold, as a bundle's
// builder reads them.
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
	// Mirrors, optional (a federated node's), proves mirrored entries.
	Mirrors Mirrors
}

// Mirrors returns the proof of entries seqs (ascending) of origin's log as
// this node's mirror of it holds them: the origin's Log (its keys from
// the roster in force and the checkpoint the mirror accepted, with its
// cosignatures) and one Statement per seq, in that order, proven in that
// checkpoint. It fails if the mirror holds no accepted checkpoint of
// origin covering them or not their content.
type Mirrors func(ctx context.Context, origin string, seqs []int64) (Log, []Statement, error)

// Incident returns the bundle of incident id's finding folded from
// statements (the incident's entries the caller may read in every log
// the node holds, each with its origin: "" or the node's own origin for
// its own log) with the centre c: each entry with its inclusion proof in
// one cosigned checkpoint of its origin's log that holds them all, the
// node's own log first, then the other origins in order. The outcome is
// computed by RuleJointFindings, as Verify recomputes it.
func (o OwnLog) Incident(ctx context.Context, id string, statements []joint.Entry, c findings.Centre) (*Bundle, error) {
	if len(statements) == 0 {
		return nil, fault.Conflictf("incident %s has no statement in the logs this node holds that you may read: ask the node that holds its report", id)
	}
	b := &Bundle{Format: Format, Subject: incidents.Subject(id), Rule: RuleJointFindings}
	own, err := o.ownOrigin(ctx)
	if err != nil {
		return nil, fmt.Errorf("proof bundle: incident %s: %w", id, err)
	}
	byOrigin := map[string][]int64{}
	for _, s := range statements {
		origin := cmp.Or(s.Origin, own)
		byOrigin[origin] = append(byOrigin[origin], s.Entry.Seq)
	}
	origins := slices.Sorted(func(yield func(string) bool) {
		for o := range byOrigin {
			if o != own && !yield(o) {
				return
			}
		}
	})
	if _, ok := byOrigin[own]; ok {
		origins = append([]string{own}, origins...)
	}
	for _, origin := range origins {
		seqs := byOrigin[origin]
		slices.Sort(seqs)
		var l Log
		var ss []Statement
		switch {
		case origin == own:
			l, ss, err = o.prove(ctx, seqs)
		case o.Mirrors == nil:
			err = fmt.Errorf("a statement of %s, and this node mirrors no log", origin)
		default:
			l, ss, err = o.Mirrors(ctx, origin, seqs)
		}
		if err != nil {
			return nil, fmt.Errorf("proof bundle: incident %s: %s: %w", id, origin, err)
		}
		if len(ss) != len(seqs) {
			return nil, fmt.Errorf("proof bundle: incident %s: %s: %d statements proven of %d", id, origin, len(ss), len(seqs))
		}
		if l.WitnessKeys == nil {
			l.WitnessKeys = []string{}
		}
		b.Logs = append(b.Logs, l)
		b.Statements = append(b.Statements, ss...)
	}
	if b.Inputs, err = json.Marshal(FindingsInputsOf(c)); err != nil {
		return nil, err
	}
	stated := make([]joint.Entry, len(b.Statements))
	for i, s := range b.Statements {
		e, err := ledger.DecodeEntry(s.Entry)
		if err != nil {
			return nil, fmt.Errorf("proof bundle: incident %s: %s#%d: %w", id, s.Origin, s.Index, err)
		}
		stated[i] = statementOf(s, e)
	}
	if b.Outcome, err = outcome(Rules[b.Rule], b.Subject, stated, b.Inputs); err != nil {
		return nil, err
	}
	return b, nil
}

// ownOrigin returns the origin of the node's log, read from its latest
// checkpoint.
func (o OwnLog) ownOrigin(ctx context.Context) (string, error) {
	sc, err := o.Checkpoint(ctx, 0)
	if err != nil {
		return "", fmt.Errorf("checkpoint: %w", err)
	}
	return sc.Origin, nil
}

// prove returns the node's own Log and the statements of its entries
// seqs (ascending), proven in one cosigned checkpoint holding the last.
func (o OwnLog) prove(ctx context.Context, seqs []int64) (Log, []Statement, error) {
	last := seqs[len(seqs)-1]
	sc, err := o.Checkpoint(ctx, last)
	if err != nil {
		return Log{}, nil, fmt.Errorf("checkpoint: %w", err)
	}
	if sc.N <= last {
		return Log{}, nil, fmt.Errorf("the checkpoint of %d entries does not hold entry %d", sc.N, last)
	}
	hr, _ := o.Hashes.Snapshot()
	l := Log{Origin: sc.Origin, LogKey: o.LogKey, WitnessKeys: o.WitnessKeys, Quorum: o.Quorum, Checkpoint: sc.Note()}
	var out []Statement
	for _, seq := range seqs {
		se, err := o.Entry(ctx, seq)
		if err != nil {
			return Log{}, nil, fmt.Errorf("entry %d: %w", seq, err)
		}
		rp, err := tlog.ProveRecord(sc.N, seq, hr)
		if err != nil {
			return Log{}, nil, fmt.Errorf("prove entry %d: %w", seq, err)
		}
		out = append(out, Statement{Origin: sc.Origin, Index: seq, Entry: se.Canonical, Proof: rp})
	}
	return l, out, nil
}
