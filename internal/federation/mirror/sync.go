package mirror

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
	"truce/internal/witness"
)

// Sync runs one verified round: it fetches the peer's checkpoint, the
// commitments it adds and the releasable entries among them, verifies
// everything and applies it in chunks of at most MaxRange entries, each in
// one transaction, the checkpoint with the last one. It returns nil when
// the mirror holds the peer's checkpoint; an error wrapping ErrHalted when
// evidence was found now or earlier (it is stored, see Store.SaveEvidence);
// and another error when the peer or the store failed, after which the
// next round starts again from what is stored.
func (m *Mirror) Sync(ctx context.Context) (err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	defer func() {
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		m.setStatus(func(s *Status) { s.LastError = msg })
	}()
	if !m.loaded {
		if err := m.load(ctx); err != nil {
			return err
		}
	}
	if m.halted != "" {
		return fmt.Errorf("%w %s", ErrHalted, m.halted)
	}
	note, err := m.cfg.Source.Checkpoint(ctx)
	if err != nil {
		return err
	}
	next, err := m.verifyCheckpoint(ctx, note)
	if err != nil {
		return err
	}
	if err := m.compare(ctx, next); err != nil {
		return err
	}
	if err := m.catchUp(ctx, next); err != nil {
		m.loaded = false // reload what was stored before the next round
		return err
	}
	return nil
}

// verifyCheckpoint checks the note's signature, quorum, origin and age,
// keeping evidence of a missing quorum or a stale checkpoint.
func (m *Mirror) verifyCheckpoint(ctx context.Context, note []byte) (*signedTree, error) {
	p := m.cfg.Peer
	wcp, cosigs, err := witness.VerifyCosigned(note, p.LogKey, p.Witnesses, p.Quorum)
	var qe *witness.QuorumError
	if errors.As(err, &qe) && wcp.Origin == p.Origin {
		return nil, m.unwitnessed(ctx, note, fmt.Sprintf("checkpoint of %d entries carries %d of %d cosignatures", wcp.Size, qe.Have, qe.Need)) // unwitnessed.go
	}
	if err != nil {
		return nil, fmt.Errorf("mirror: %s checkpoint: %w", p.Party, err)
	}
	if wcp.Origin != p.Origin {
		return nil, fmt.Errorf("mirror: %s checkpoint of origin %q, want %q", p.Party, wcp.Origin, p.Origin)
	}
	st := &signedTree{note: note, cp: ledger.Checkpoint{Origin: wcp.Origin, Tree: tlog.Tree{N: wcp.Size, Hash: wcp.Root}}, newest: newestCosignature(cosigs), cosigs: cosigs}
	now := m.now()
	m.setStatus(func(s *Status) {
		s.LastContact = now
		s.PeerSize = wcp.Size
	})
	if m.cfg.MaxAge > 0 && len(cosigs) > 0 && st.newest.Before(now.Add(-m.cfg.MaxAge)) {
		return nil, m.halt(ctx, &Evidence{Kind: KindStale, Checkpoints: [][]byte{note}, MaxAge: m.cfg.MaxAge,
			Detail: fmt.Sprintf("newest cosignature %s, older than %s", st.newest.UTC().Format("2006-01-02T15:04:05Z"), m.cfg.MaxAge)})
	}
	return st, nil
}

// compare checks next against the newest checkpoint already verified:
// a smaller tree is a rollback (or a fork, when the stored leaves show it
// is not a prefix), the same size with another root a fork.
func (m *Mirror) compare(ctx context.Context, next *signedTree) error {
	ref := m.ref
	if ref == nil || next.cp.N > ref.cp.N {
		return nil
	}
	if next.cp.N == ref.cp.N {
		if next.cp.Hash != ref.cp.Hash {
			return m.halt(ctx, &Evidence{Kind: KindFork, Checkpoints: [][]byte{ref.note, next.note},
				Detail: fmt.Sprintf("two trees of %d entries", next.cp.N)})
		}
		return nil
	}
	// A smaller tree: if a fully stored signed tree shows it is not a
	// prefix, that is a fork; else the peer rolled back.
	base := m.accepted
	if m.tree.Size() == ref.cp.N {
		base = ref
	}
	if base != nil && next.cp.N <= base.cp.N {
		prefix, err := tlog.TreeHash(next.cp.N, m.tree)
		if err != nil {
			return fmt.Errorf("mirror: %s: %w", m.cfg.Peer.Party, err)
		}
		if prefix != next.cp.Hash {
			leaves, err := m.tree.Commitments(0, base.cp.N)
			if err != nil {
				return fmt.Errorf("mirror: %s: %w", m.cfg.Peer.Party, err)
			}
			return m.halt(ctx, &Evidence{Kind: KindFork, Checkpoints: [][]byte{base.note, next.note}, Leaves: joinHashes(leaves),
				Detail: fmt.Sprintf("a tree of %d entries that is not a prefix of the accepted %d", next.cp.N, base.cp.N)})
		}
	}
	return m.halt(ctx, &Evidence{Kind: KindRollback, Checkpoints: [][]byte{ref.note, next.note},
		Detail: fmt.Sprintf("a tree of %d entries after one of %d", next.cp.N, ref.cp.N)})
}

// halt stores ev, stops the mirror and returns an error wrapping
// ErrHalted (or the store's error, in which case nothing is halted and the
// next round finds the misbehaviour again).
func (m *Mirror) halt(ctx context.Context, ev *Evidence) error {
	ev.ID = newEvidenceID()
	ev.Origin, ev.Party, ev.Receiver, ev.Time = m.cfg.Peer.Origin, m.cfg.Peer.Party, m.cfg.Self, m.now().UTC()
	ev.Hosted = slices.Clone(m.cfg.Hosted)
	if err := m.cfg.Store.SaveEvidence(ctx, ev); err != nil {
		return fmt.Errorf("mirror: %s: keep %s evidence: %w", m.cfg.Peer.Party, ev.Kind, err)
	}
	m.halted = ev.ID
	m.setStatus(func(*Status) {})
	m.log.WarnContext(ctx, "mirror halted: evidence of misbehaviour kept", "evidence", ev.ID, "kind", ev.Kind, "detail", ev.Detail)
	return fmt.Errorf("%w %s: %s: %s", ErrHalted, ev.ID, ev.Kind, ev.Detail)
}

// receivers returns the parties mirrored content must be releasable to
// (one of): this node's party and the parties it hosts.
func (m *Mirror) receivers() []string {
	return append([]string{m.cfg.Self}, m.cfg.Hosted...)
}

// sameNote reports whether a and b are the same note bytes.
func sameNote(a *signedTree, b *signedTree) bool {
	return a != nil && b != nil && bytes.Equal(a.note, b.note)
}
