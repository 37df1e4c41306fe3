package app

import (
	"context"
	"fmt"

	"truce/internal/fault"
	"truce/internal/proofbundle"
)

// MirroredStatements implements api.MirroredStatements: entries seqs of
// origin, a roster member's log this node mirrors, each proven in the
// checkpoint the mirror accepted, and that log's keys from the roster in
// force: the member's log key, and the witness keys of every other member
// with the roster's quorum (what the mirror checked the checkpoint
// against). Releasability is decided by the caller on each entry.
func (v federationView) MirroredStatements(ctx context.Context, origin string, seqs []int64) (proofbundle.Log, []proofbundle.Statement, error) {
	r := v.Roster()
	m, ok := r.ByOrigin(origin)
	if !ok || m.Party == v.Party {
		return proofbundle.Log{}, nil, fmt.Errorf("app: mirrored statements of %q: not a peer's origin: %w", origin, fault.ErrNotFound)
	}
	mps, err := v.db.MirroredProofs(ctx, origin, seqs)
	if err != nil {
		return proofbundle.Log{}, nil, err
	}
	l := proofbundle.Log{Origin: origin, LogKey: m.LogKey, WitnessKeys: []string{}, Quorum: r.Quorum}
	for _, o := range r.Members {
		if o.Party != m.Party && !o.Hosted() && o.WitnessKey != "" {
			l.WitnessKeys = append(l.WitnessKeys, o.WitnessKey)
		}
	}
	out := make([]proofbundle.Statement, len(mps))
	for i, mp := range mps {
		if i == 0 {
			l.Checkpoint = mp.Checkpoint
		}
		out[i] = proofbundle.Statement{Origin: origin, Index: seqs[i], Entry: mp.Content, Proof: mp.Proof}
	}
	return l, out, nil
}
