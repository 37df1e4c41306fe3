package mirror

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/timeliness"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// DefaultTolerance is the Config.Tolerance used when it is 0: how far an
// entry's time may stray from the cosignature times that bound it before
// its node is named (timeliness.DefaultTolerance, the --timeliness-tolerance
// default).
const DefaultTolerance = timeliness.DefaultTolerance

// bounds are the two cosignatures that bound when the entries of a
// catch-up were appended: cover, the oldest cosignature of the checkpoint
// being accepted (which holds them: none is later than it), and prior,
// the newest cosignature of the checkpoint accepted before (which did not
// hold them: none is earlier than it), nil on a first round.
type bounds struct {
	cover, prior *timeliness.Cosigned
	priorNote    []byte
}

// boundsOf returns the bounds of the entries that next adds to the
// accepted checkpoint. prior holds only for entries at or after its size.
func (m *Mirror) boundsOf(next *signedTree) bounds {
	b := bounds{cover: oldestCosigned(next.cp, next.cosigs)}
	if a := m.accepted; a != nil {
		_, cosigs, err := witness.VerifyCosigned(a.note, m.cfg.Peer.storedKey(a.note), m.cfg.Peer.Witnesses, 0)
		if err == nil {
			b.prior, b.priorNote = newestCosigned(a.cp, cosigs), a.note
		}
	}
	return b
}

// checkDrift keeps drift evidence and halts the mirror when entry seq
// (canonical bytes b, commitment c) of next's tree (read by r) bears a
// time outside its bounds by more than the tolerance (timeliness.CheckDrift).
func (m *Mirror) checkDrift(ctx context.Context, next *signedTree, bd bounds, seq int64, b []byte, c tlog.Hash, r tlog.HashReader) error {
	e, err := ledger.DecodeEntry(b)
	if err != nil {
		return nil // contentProblem already refused it
	}
	d := timeliness.CheckDrift(next.cp.Origin, seq, e.TimeValue(), bd.cover, bd.prior, m.tolerance())
	if d == nil {
		return nil
	}
	proof, err := tlog.ProveRecord(next.cp.N, seq, r)
	if err != nil {
		return fmt.Errorf("mirror: %s: prove entry %d: %w", m.cfg.Peer.Party, seq, err)
	}
	cps := [][]byte{next.note}
	if d.Kind == timeliness.Behind {
		cps = append(cps, bd.priorNote)
	}
	return m.halt(ctx, &Evidence{Kind: KindDrift, Checkpoints: cps, Seq: seq, Commitment: c[:], Proof: joinHashes(proof),
		Content: b, Tolerance: m.tolerance(), Detail: d.Detail})
}

// tolerance returns the configured tolerance, or DefaultTolerance.
func (m *Mirror) tolerance() time.Duration {
	if m.cfg.Tolerance > 0 {
		return m.cfg.Tolerance
	}
	return DefaultTolerance
}

// verifyDrift checks what drift evidence proves offline: the peer signed
// a tree holding entry ev.Seq (cps[0], with its cosignatures), whose kept
// bytes hash to its commitment and bear a time later than the oldest of
// those cosignatures plus ev.Tolerance (ahead); or, with cps[1], a
// checkpoint of at most ev.Seq entries cosigned later than that time plus
// ev.Tolerance (behind: the entry was dated before it existed).
func verifyDrift(ev *Evidence, peer Peer, cps []ledger.Checkpoint) (string, error) {
	if ev.Tolerance <= 0 {
		return "", fmt.Errorf("mirror: evidence %s: no tolerance stated", ev.ID)
	}
	c, err := signedLeaf(ev, cps[0])
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
	if e.Seq != ev.Seq {
		return "", fmt.Errorf("mirror: evidence %s: the entry kept bears seq %d, not %d", ev.ID, e.Seq, ev.Seq)
	}
	cover, err := cosignedBy(ev, 0, peer, cps[0], oldestCosigned)
	if err != nil {
		return "", err
	}
	var prior *timeliness.Cosigned
	if len(cps) == 2 {
		if cps[1].Origin != cps[0].Origin || cps[1].N > ev.Seq {
			return "", fmt.Errorf("mirror: evidence %s: the earlier checkpoint (%d entries of %s) does not precede entry %d", ev.ID, cps[1].N, cps[1].Origin, ev.Seq)
		}
		if prior, err = cosignedBy(ev, 1, peer, cps[1], newestCosigned); err != nil {
			return "", err
		}
	}
	d := timeliness.CheckDrift(cps[0].Origin, ev.Seq, e.TimeValue(), cover, prior, ev.Tolerance)
	if d == nil {
		return "", fmt.Errorf("mirror: evidence %s: entry %d's time %s is within %s of the cosignatures that bound it", ev.ID, ev.Seq, e.Time, ev.Tolerance)
	}
	return d.String(), nil
}

// cosignedBy returns the cosignature pick chooses among the cosignatures
// of ev.Checkpoints[i] (checkpoint cp) that peer's witness keys verify; it
// fails if none does.
func cosignedBy(ev *Evidence, i int, peer Peer, cp ledger.Checkpoint, pick func(ledger.Checkpoint, []witness.Cosignature) *timeliness.Cosigned) (*timeliness.Cosigned, error) {
	n := ev.Checkpoints[i]
	_, cosigs, err := witness.VerifyCosigned(n, peer.storedKey(n), peer.Witnesses, 0)
	if err != nil {
		return nil, fmt.Errorf("mirror: evidence %s: checkpoint %d: %w", ev.ID, i, err)
	}
	c := pick(cp, cosigs)
	if c == nil {
		return nil, fmt.Errorf("mirror: evidence %s: checkpoint %d carries no cosignature by the witnesses given", ev.ID, i)
	}
	return c, nil
}

// oldestCosigned returns the earliest of cs as a cosignature of cp, nil
// if cs is empty.
func oldestCosigned(cp ledger.Checkpoint, cs []witness.Cosignature) *timeliness.Cosigned {
	return pickCosigned(cp, cs, func(a, b time.Time) bool { return a.Before(b) })
}

// newestCosigned returns the latest of cs as a cosignature of cp, nil if
// cs is empty.
func newestCosigned(cp ledger.Checkpoint, cs []witness.Cosignature) *timeliness.Cosigned {
	return pickCosigned(cp, cs, func(a, b time.Time) bool { return a.After(b) })
}

func pickCosigned(cp ledger.Checkpoint, cs []witness.Cosignature, better func(a, b time.Time) bool) *timeliness.Cosigned {
	var out *timeliness.Cosigned
	for _, c := range cs {
		if out == nil || better(c.Time, out.At) {
			out = &timeliness.Cosigned{Origin: cp.Origin, TreeSize: cp.N, Witness: c.Signature.Name, At: c.Time.UTC()}
		}
	}
	return out
}
