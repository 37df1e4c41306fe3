package mirror

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/cite"
	"truce/internal/ledger"
)

// DefaultCiteWait is how long an entry citing an entry its cited origin
// has not yet published to this node waits, when Config.CiteWait is 0.
const DefaultCiteWait = 10 * time.Minute

// ErrCiteWait is wrapped by a round that stopped at an entry citing an
// entry this node does not hold yet: nothing of the chunk is stored, and
// the next round tries again once the cited origin's mirror has caught up.
var ErrCiteWait = errors.New("mirror: an entry cites one this node does not hold yet")

// checkCitations checks the citations of entry seq (canonical bytes b,
// commitment c) of the peer's signed tree next (read by r), before it is
// stored. A citation of the peer's own log must name an earlier entry of
// next with its leaf hash; any other must name an entry Config.Cited
// holds with that leaf hash. A forged one halts the mirror with evidence;
// one of an entry not held yet fails the round (ErrCiteWait) until
// Config.CiteWait has passed since it was first seen, then halts it too.
func (m *Mirror) checkCitations(ctx context.Context, next *signedTree, seq int64, b []byte, c tlog.Hash, r tlog.HashReader) error {
	if m.cfg.Cited == nil {
		return nil
	}
	e, err := ledger.DecodeEntry(b)
	if err != nil {
		return nil // contentProblem already refused it
	}
	cites, err := cite.Extract(e.Kind, e.Payload)
	if err != nil {
		return m.haltCitation(ctx, next, seq, b, c, r, cite.Citation{}, nil, "its citations do not decode: "+err.Error())
	}
	for _, ct := range cites {
		if ct.Validate("cites", true) != nil {
			return m.haltCitation(ctx, next, seq, b, c, r, ct, nil, fmt.Sprintf("cites %q, which is not a citation", ct.String()))
		}
		if ct.Origin == m.cfg.Peer.Origin {
			if ct.Index >= seq {
				return m.haltCitation(ctx, next, seq, b, c, r, ct, nil, fmt.Sprintf("cites entry %d of its own log, not an earlier one", ct.Index))
			}
			hs, err := r.ReadHashes([]int64{tlog.StoredHashIndex(0, ct.Index)})
			if err != nil {
				return fmt.Errorf("mirror: %s: read leaf %d: %w", m.cfg.Peer.Party, ct.Index, err)
			}
			if ct.LeafHash != "" && ct.LeafHash != hex.EncodeToString(hs[0][:]) {
				return m.haltCitation(ctx, next, seq, b, c, r, ct, nil, fmt.Sprintf("cites %s, but leaf %d of its own tree is %x", ct, ct.Index, hs[0]))
			}
			continue
		}
		v, held, err := cite.Judge(ctx, m.cfg.Cited, ct)
		if err != nil {
			return fmt.Errorf("mirror: %s: entry %d: %w", m.cfg.Peer.Party, seq, err)
		}
		switch v {
		case cite.Forged:
			return m.haltCitation(ctx, next, seq, b, c, r, ct, held[:], fmt.Sprintf("cites %s, but this node holds leaf hash %s there", ct, cite.Of(ct.Origin, ct.Index, held).LeafHash))
		case cite.Missing:
			if err := m.waitCitation(ctx, next, seq, b, c, r, ct); err != nil {
				return err
			}
		}
	}
	delete(m.citeWaits, seq)
	return nil
}

// waitCitation fails the round while entry seq's citation ct of an entry
// not held yet is within its wait, and halts the mirror after it.
func (m *Mirror) waitCitation(ctx context.Context, next *signedTree, seq int64, b []byte, c tlog.Hash, r tlog.HashReader, ct cite.Citation) error {
	wait := m.cfg.CiteWait
	if wait <= 0 {
		wait = DefaultCiteWait
	}
	if m.citeWaits == nil {
		m.citeWaits = map[int64]time.Time{}
	}
	first, ok := m.citeWaits[seq]
	if !ok {
		first = m.now()
		m.citeWaits[seq] = first
	}
	if m.now().Sub(first) < wait {
		return fmt.Errorf("%w: entry %d of %s cites %s; waiting for the mirror of %s (since %s)", ErrCiteWait, seq, m.cfg.Peer.Party, ct, ct.Origin, first.UTC().Format(time.RFC3339))
	}
	delete(m.citeWaits, seq)
	return m.haltCitation(ctx, next, seq, b, c, r, ct, nil, fmt.Sprintf("cites %s, which %s did not publish to this node within %s", ct, ct.Origin, wait))
}

// haltCitation halts the mirror with bad-citation evidence of entry seq:
// the peer's signed tree, the entry's commitment, inclusion proof and
// bytes, the citation and what this node held there.
func (m *Mirror) haltCitation(ctx context.Context, next *signedTree, seq int64, b []byte, c tlog.Hash, r tlog.HashReader, ct cite.Citation, held []byte, why string) error {
	proof, err := tlog.ProveRecord(next.cp.N, seq, r)
	if err != nil {
		return fmt.Errorf("mirror: %s: prove entry %d: %w", m.cfg.Peer.Party, seq, err)
	}
	ev := &Evidence{Kind: KindBadCitation, Checkpoints: [][]byte{next.note}, Seq: seq, Commitment: c[:], Proof: joinHashes(proof),
		Content: b, Held: held, Detail: fmt.Sprintf("entry %d %s", seq, why)}
	if ct.Origin != "" {
		ev.Cited = &ct
	}
	return m.halt(ctx, ev)
}

// verifyBadCitation checks what bad-citation evidence proves offline: the
// peer signed a tree holding entry ev.Seq, whose kept bytes hash to its
// commitment and cite ev.Cited. That the cited origin's entry has another
// leaf hash (ev.Held), or was never published, is checked against that
// origin's log (truce verify of its entry), not by this evidence alone.
func verifyBadCitation(ev *Evidence, cp ledger.Checkpoint) (string, error) {
	c, err := signedLeaf(ev, cp)
	if err != nil {
		return "", err
	}
	if ledger.Commitment(ev.Content) != c {
		return "", fmt.Errorf("mirror: evidence %s: the bytes kept do not hash to the commitment", ev.ID)
	}
	e, err := ledger.DecodeEntry(ev.Content)
	if err != nil {
		return "", fmt.Errorf("mirror: evidence %s: the bytes kept are not an entry: %w", ev.ID, err)
	}
	cites, err := cite.Extract(e.Kind, e.Payload)
	if err != nil {
		return fmt.Sprintf("entry %d of %s's signed tree of %d entries has citations that do not decode", ev.Seq, cp.Origin, cp.N), nil
	}
	if ev.Cited == nil || !containsCitation(cites, *ev.Cited) {
		return "", fmt.Errorf("mirror: evidence %s: entry %d does not cite the citation named", ev.ID, ev.Seq)
	}
	held := "none"
	if len(ev.Held) == tlog.HashSize {
		held = "leaf hash " + cite.Of(ev.Cited.Origin, ev.Cited.Index, tlog.Hash(ev.Held)).LeafHash
	}
	return fmt.Sprintf("entry %d of %s's signed tree of %d entries cites %s; the node that kept this evidence held %s there (%s)",
		ev.Seq, cp.Origin, cp.N, ev.Cited, held, ev.Detail), nil
}

func containsCitation(cs []cite.Citation, c cite.Citation) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}
