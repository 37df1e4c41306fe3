package mirror

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// catchUp fetches and verifies the commitments from the stored size to
// next's, then the releasable entries chunk by chunk, applying each chunk
// once verified. Nothing of a chunk is stored unless all of it verified,
// except the entries before one that waits for a citation (ErrCiteWait).
func (m *Mirror) catchUp(ctx context.Context, next *signedTree) error {
	k, n := m.tree.Size(), next.cp.N
	if k == n && sameNote(m.accepted, next) {
		return nil
	}
	leaves, err := m.commitments(ctx, k, n)
	if err != nil {
		return err
	}
	pending, err := m.tree.Prepare(leaves)
	if err != nil {
		return fmt.Errorf("mirror: %s: %w", m.cfg.Peer.Party, err)
	}
	r := &overlay{base: m.tree, start: pending.Start, extra: pending.Hashes}
	if !m.reaches(r, next) {
		return m.diagnose(ctx, next)
	}
	bd := m.boundsOf(next) // drift.go
	for s := k; ; {
		e := min(s+MaxRange, n)
		contents, err := m.entries(ctx, next, bd, s, e, leaves[s-k:e-k], r)
		if wait := (*citeWaitAt)(nil); errors.As(err, &wait) && wait.seq > s {
			// Keep the verified entries before the one that waits: they may be
			// what the cited origin's next entries cite, and a mirror that held
			// none of them could wait for that origin's mirror while it waits
			// for this one.
			if aerr := m.apply(ctx, next, s, wait.seq, leaves[s-k:wait.seq-k], contents); aerr != nil {
				return aerr
			}
			return err
		}
		if err != nil {
			return err
		}
		if err := m.apply(ctx, next, s, e, leaves[s-k:e-k], contents); err != nil {
			return err
		}
		if e == n {
			break
		}
		s = e
	}
	if err := m.tree.Publish(pending); err != nil {
		return fmt.Errorf("mirror: %s: %w", m.cfg.Peer.Party, err)
	}
	m.ref, m.accepted = next, next
	m.setStatus(func(*Status) {})
	return nil
}

// apply stores the verified chunk [s, e) of next's tree: its commitments
// and releasable contents, with next as the accepted checkpoint if e is
// its size, or else as the target of the catch-up under way.
func (m *Mirror) apply(ctx context.Context, next *signedTree, s, e int64, commitments []tlog.Hash, contents []Content) error {
	c := Chunk{Origin: m.cfg.Peer.Origin, Start: s, Commitments: commitments, Contents: contents,
		Checkpoint: next.note, Cosignatures: next.cosigs, Size: next.cp.N, Root: next.cp.Hash, Complete: e == next.cp.N, Time: m.now().UTC()}
	if err := m.cfg.Store.ApplyMirrorChunk(ctx, c); err != nil {
		return fmt.Errorf("mirror: %s: apply [%d, %d): %w", m.cfg.Peer.Party, s, e, err)
	}
	return nil
}

// citeWaitAt is the error of entries that stopped at entry seq, whose
// citation is of an entry this node does not hold yet (it wraps
// ErrCiteWait); the contents returned with it are those before seq, all
// verified.
type citeWaitAt struct {
	seq int64
	err error
}

func (w *citeWaitAt) Error() string { return w.err.Error() }
func (w *citeWaitAt) Unwrap() error { return w.err }

// commitments fetches the commitments of [start, end) in requests of at
// most MaxRange.
func (m *Mirror) commitments(ctx context.Context, start, end int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, 0, end-start)
	for s := start; s < end; s += MaxRange {
		e := min(s+MaxRange, end)
		hs, err := m.cfg.Source.Commitments(ctx, s, e)
		if err != nil {
			return nil, err
		}
		if int64(len(hs)) != e-s {
			return nil, fmt.Errorf("mirror: %s served %d commitments for [%d, %d)", m.cfg.Peer.Party, len(hs), s, e)
		}
		out = append(out, hs...)
	}
	return out, nil
}

// reaches reports whether the tree read by r has next's root at next's
// size and the verified reference checkpoint's root at its size.
func (m *Mirror) reaches(r tlog.HashReader, next *signedTree) bool {
	root, err := tlog.TreeHash(next.cp.N, r)
	if err != nil || root != next.cp.Hash {
		return false
	}
	if m.ref == nil {
		return true
	}
	root, err = tlog.TreeHash(m.ref.cp.N, r)
	return err == nil && root == m.ref.cp.Hash
}

// diagnose is called when the stored and the new commitments do not reach
// next's root. It fetches all of next's commitments: if they hash to its
// root but not to the verified reference checkpoint's, the two signed
// trees conflict and the leaves prove it (a fork). Otherwise the peer
// served commitments that do not match its own signed root, which nothing
// signed proves: the round fails and is retried.
func (m *Mirror) diagnose(ctx context.Context, next *signedTree) error {
	all, err := m.commitments(ctx, 0, next.cp.N)
	if err != nil {
		return err
	}
	h, err := ledger.RebuildHashStore(all)
	if err != nil {
		return fmt.Errorf("mirror: %s: %w", m.cfg.Peer.Party, err)
	}
	if root, err := tlog.TreeHash(next.cp.N, h); err != nil || root != next.cp.Hash {
		return fmt.Errorf("mirror: %s serves commitments that do not hash to its signed root of %d", m.cfg.Peer.Party, next.cp.N)
	}
	if m.ref != nil {
		if root, err := tlog.TreeHash(m.ref.cp.N, h); err == nil && root != m.ref.cp.Hash {
			return m.halt(ctx, &Evidence{Kind: KindFork, Checkpoints: [][]byte{m.ref.note, next.note}, Leaves: joinHashes(all),
				Detail: fmt.Sprintf("the tree of %d entries does not extend the verified tree of %d", next.cp.N, m.ref.cp.N) + m.rewritten(all)})
		}
	}
	return fmt.Errorf("mirror: %s served commitments that differ between requests", m.cfg.Peer.Party)
}

// entries fetches the releasable entries of [s, e) and checks each
// against its commitment (leaves[i] is entry s+i's), keeping evidence of
// bad content, bad citations and drift (bd bounds the entries' times). r
// reads next's tree, for inclusion proofs. At an entry whose citation is
// not held yet it stops with a *citeWaitAt and the contents before that
// entry.
func (m *Mirror) entries(ctx context.Context, next *signedTree, bd bounds, s, e int64, leaves []tlog.Hash, r tlog.HashReader) ([]Content, error) {
	if s == e {
		return nil, nil
	}
	raw, err := m.cfg.Source.Entries(ctx, s, e)
	if err != nil {
		return nil, err
	}
	out := make([]Content, 0, len(raw))
	prev := s - 1
	for _, b := range raw {
		seq := matchLeaf(b, leaves, s, prev)
		if seq < 0 {
			if seq = peekSeq(b); seq < s || seq >= e || seq <= prev {
				return nil, fmt.Errorf("mirror: %s served an entry that is none of [%d, %d) after %d", m.cfg.Peer.Party, s, e, prev)
			}
		}
		c := leaves[seq-s]
		if why := contentProblem(b, seq, c, m.cfg.Peer, m.receivers()); why != "" {
			proof, err := tlog.ProveRecord(next.cp.N, seq, r)
			if err != nil {
				return nil, fmt.Errorf("mirror: %s: prove entry %d: %w", m.cfg.Peer.Party, seq, err)
			}
			return nil, m.halt(ctx, &Evidence{Kind: KindBadContent, Checkpoints: [][]byte{next.note}, Seq: seq,
				Commitment: c[:], Proof: joinHashes(proof), Content: b, Detail: fmt.Sprintf("entry %d: the bytes served %s", seq, why)})
		}
		if err := m.checkDrift(ctx, next, bd, seq, b, c, r); err != nil {
			return nil, err
		}
		if err := m.checkCitations(ctx, next, seq, b, c, r); err != nil {
			if errors.Is(err, ErrCiteWait) {
				return out, &citeWaitAt{seq: seq, err: err}
			}
			return nil, err
		}
		out = append(out, Content{Seq: seq, Canonical: b})
		prev = seq
	}
	return out, nil
}

// matchLeaf returns the first seq after prev whose commitment is b's
// hash, or -1.
func matchLeaf(b []byte, leaves []tlog.Hash, s, prev int64) int64 {
	h := tlog.Hash(sha256.Sum256(b))
	for i := prev + 1 - s; i < int64(len(leaves)); i++ {
		if leaves[i] == h {
			return s + i
		}
	}
	return -1
}

// peekSeq returns the seq b claims, or -1.
func peekSeq(b []byte) int64 {
	var v struct {
		Seq *int64 `json:"seq"`
	}
	if json.Unmarshal(b, &v) != nil || v.Seq == nil {
		return -1
	}
	return *v.Seq
}

// overlay reads a published tree's hashes and prepared ones after it.
type overlay struct {
	base  tlog.HashReader
	start int64
	extra []tlog.Hash
}

func (o *overlay) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		if idx >= o.start {
			if idx-o.start >= int64(len(o.extra)) {
				return nil, fmt.Errorf("mirror: hash %d not computed", idx)
			}
			out[i] = o.extra[idx-o.start]
			continue
		}
		h, err := o.base.ReadHashes([]int64{idx})
		if err != nil {
			return nil, err
		}
		out[i] = h[0]
	}
	return out, nil
}
