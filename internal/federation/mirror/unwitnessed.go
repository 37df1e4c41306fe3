package mirror

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// unwitnessed keeps evidence about a checkpoint the peer's log signed
// without the quorum of other members' cosignatures (detail says how many
// it carries).
//
// A signed tree that conflicts with the verified one proves more than a
// missing quorum: that the log rewrote or forked its history, which no
// honest witness would cosign, so a rewritten history always arrives
// short of its quorum. Such a checkpoint is therefore compared with the
// verified tree first and kept as a fork (or a rollback) when it
// conflicts; only a checkpoint that is consistent with it, or that cannot
// be compared, is kept as no-quorum evidence. Either way the mirror halts.
func (m *Mirror) unwitnessed(ctx context.Context, note []byte, detail string) error {
	noQuorum := &Evidence{Kind: KindNoQuorum, Checkpoints: [][]byte{note}, Detail: detail}
	cp, _, err := ledger.OpenCheckpoint(note, m.cfg.Peer.LogKey)
	if err != nil || m.ref == nil {
		return m.halt(ctx, noQuorum)
	}
	next := &signedTree{note: note, cp: cp}
	if cp.N <= m.ref.cp.N {
		if err := m.compare(ctx, next); err != nil {
			return err // a fork or a rollback, kept
		}
		return m.halt(ctx, noQuorum)
	}
	// A larger tree: it conflicts unless the commitments the peer serves
	// extend the verified tree to its root.
	leaves, err := m.commitments(ctx, m.tree.Size(), cp.N)
	if err != nil {
		return m.halt(ctx, noQuorum) // proven as it is; the conflict, if any, is not
	}
	if pending, err := m.tree.Prepare(leaves); err == nil && m.reaches(&overlay{base: m.tree, start: pending.Start, extra: pending.Hashes}, next) {
		return m.halt(ctx, noQuorum)
	}
	if err := m.diagnose(ctx, next); errors.Is(err, ErrHalted) {
		return err
	}
	return m.halt(ctx, noQuorum)
}

// rewritten says where the commitments all (of a signed tree that does
// not extend the verified one) first differ from those this mirror holds,
// and how many of the held ones differ, for the evidence's detail: "" if
// none of the held ones differ.
func (m *Mirror) rewritten(all []tlog.Hash) string {
	n := min(int64(len(all)), m.tree.Size())
	held, err := m.tree.Commitments(0, n)
	if err != nil {
		return ""
	}
	first, count := int64(-1), 0
	for i := range n {
		if held[i] != all[i] {
			if first < 0 {
				first = i
			}
			count++
		}
	}
	switch {
	case count == 0:
		return ""
	case count == 1:
		return fmt.Sprintf("; entry %d was rewritten (its commitment differs from the one accepted)", first)
	default:
		return fmt.Sprintf("; %d of the accepted entries differ, from entry %d on", count, first)
	}
}
