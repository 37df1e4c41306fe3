//go:build trucefault

package peerapi

import (
	"context"
	"errors"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// Witness implements Fault. For a fork it shows the target member's
// witness the other history instead of each checkpoint beyond the size
// at start, so that the target's mirror finds it cosigned by a quorum
// (its own witness's cosignature, with a roster quorum of 1), and keeps
// that cosigned note to serve the target; the checkpointer is told the
// witness failed, so the real checkpoint is published with the other
// witnesses' cosignatures only.
func (f *misbehaviour) Witness(party string, w ledger.Witness) ledger.Witness {
	if f.mode != "fork" || party != f.target {
		return w
	}
	return &forkWitness{f: f, inner: w}
}

// forkWitness pushes the other history to the target's witness.
type forkWitness struct {
	f     *misbehaviour
	inner ledger.Witness
}

func (w *forkWitness) Name() string { return w.inner.Name() }

func (w *forkWitness) Cosign(ctx context.Context, signed []byte, cp ledger.Checkpoint, prove func(context.Context, int64) (tlog.TreeProof, error)) ([]byte, error) {
	if cp.N <= w.f.from {
		return w.inner.Cosign(ctx, signed, cp, prove)
	}
	other, ocp, hs, err := w.f.sign(cp.N)
	if err != nil {
		return nil, err
	}
	line, err := w.inner.Cosign(ctx, other, ocp, func(_ context.Context, old int64) (tlog.TreeProof, error) {
		if old == 0 || old == ocp.N {
			return tlog.TreeProof{}, nil
		}
		return tlog.ProveTree(ocp.N, old, hs)
	})
	if err != nil {
		return nil, err
	}
	w.f.mu.Lock()
	w.f.forkNote = ledger.AppendSignatures(other, [][]byte{line})
	w.f.mu.Unlock()
	return nil, errors.New("peerapi: fault: this witness was shown the other history")
}
