package mirror

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
	"truce/internal/witness"
)

// VerifyEvidence re-checks ev from its kept bytes alone, trusting only
// peer's keys (obtained from the roster out of band), and returns a
// sentence saying what it proves. It returns an error if the evidence does
// not prove its kind: a signature that does not verify, two checkpoints
// that can both be true, content that matches its commitment and is
// proper, and so on.
//
// What each kind proves: a fork, that the log signed two trees that cannot
// both be true; bad content, that the bytes kept are not a proper content
// of a commitment in a signed tree (that the peer served those bytes rests
// on this node's record: responses are not signed); a rollback, that the
// log signed both trees (that the smaller came later rests on this node's
// record); stale, that the newest cosignature is older than the allowed
// age at the recorded time; drift, that the log signed an entry whose
// time its witnesses' cosignatures contradict by more than the tolerance
// stated (drift.go); no quorum, that the checkpoint is signed by the
// log but carries too few cosignatures by peer.Witnesses.
func VerifyEvidence(ev *Evidence, peer Peer) (string, error) {
	if peer.LogKey == nil {
		return "", errors.New("mirror: verify evidence: no log key")
	}
	cps := make([]ledger.Checkpoint, len(ev.Checkpoints))
	for i, n := range ev.Checkpoints {
		cp, _, err := ledger.OpenCheckpoint(n, peer.storedKey(n)) // kept before a rotation: a retired key
		if err != nil {
			return "", fmt.Errorf("mirror: evidence %s: checkpoint %d: %w", ev.ID, i, err)
		}
		cps[i] = cp
	}
	want := map[Kind]int{KindFork: 2, KindRollback: 2, KindBadContent: 1, KindBadCitation: 1, KindStale: 1, KindNoQuorum: 1, KindDrift: 1}
	n, ok := want[ev.Kind]
	if !ok {
		return "", fmt.Errorf("mirror: evidence %s: unknown kind %q", ev.ID, ev.Kind)
	}
	if ev.Kind == KindDrift && len(cps) == 2 {
		n = 2 // behind: the earlier checkpoint too
	}
	if len(cps) != n {
		return "", fmt.Errorf("mirror: evidence %s: %s needs %d signed checkpoint(s), has %d", ev.ID, ev.Kind, n, len(cps))
	}
	switch ev.Kind {
	case KindFork:
		return verifyFork(ev, cps[0], cps[1])
	case KindRollback:
		if cps[1].N >= cps[0].N {
			return "", fmt.Errorf("mirror: evidence %s: size %d is not smaller than %d", ev.ID, cps[1].N, cps[0].N)
		}
		return fmt.Sprintf("%s signed a tree of %d entries and one of %d; this node records that the smaller was presented after it had accepted the larger", cps[0].Origin, cps[0].N, cps[1].N), nil
	case KindBadContent:
		return verifyBadContent(ev, peer, cps[0])
	case KindBadCitation:
		return verifyBadCitation(ev, cps[0])
	case KindDrift:
		return verifyDrift(ev, peer, cps) // drift.go
	case KindStale:
		_, cosigs, err := witness.VerifyCosigned(ev.Checkpoints[0], peer.storedKey(ev.Checkpoints[0]), peer.Witnesses, 0)
		if err != nil {
			return "", fmt.Errorf("mirror: evidence %s: %w", ev.ID, err)
		}
		newest := newestCosignature(cosigs)
		if ev.MaxAge <= 0 || !newest.Before(ev.Time.Add(-ev.MaxAge)) {
			return "", fmt.Errorf("mirror: evidence %s: newest cosignature %s is not older than %s before %s", ev.ID, newest.Format(time.RFC3339), ev.MaxAge, ev.Time.Format(time.RFC3339))
		}
		return fmt.Sprintf("%s's checkpoint of %d entries was last cosigned at %s, more than %s before %s", cps[0].Origin, cps[0].N, newest.Format(time.RFC3339), ev.MaxAge, ev.Time.Format(time.RFC3339)), nil
	default: // KindNoQuorum
		_, cosigs, err := witness.VerifyCosigned(ev.Checkpoints[0], peer.storedKey(ev.Checkpoints[0]), peer.Witnesses, peer.Quorum)
		var qe *witness.QuorumError
		if !errors.As(err, &qe) {
			return "", fmt.Errorf("mirror: evidence %s: checkpoint has its quorum or is invalid: %v", ev.ID, err)
		}
		return fmt.Sprintf("%s signed a checkpoint of %d entries that carries %d of the %d cosignatures required", cps[0].Origin, cps[0].N, len(cosigs), peer.Quorum), nil
	}
}

// newestCosignature returns the latest cosignature time (zero if none).
func newestCosignature(cs []witness.Cosignature) time.Time {
	var t time.Time
	for _, c := range cs {
		if c.Time.After(t) {
			t = c.Time
		}
	}
	return t
}

// verifyFork checks that a and b cannot both be checkpoints of one
// append-only log.
func verifyFork(ev *Evidence, a, b ledger.Checkpoint) (string, error) {
	if a.Origin != b.Origin {
		return "", fmt.Errorf("mirror: evidence %s: checkpoints of two origins", ev.ID)
	}
	if a.N == b.N {
		if a.Hash == b.Hash {
			return "", fmt.Errorf("mirror: evidence %s: both checkpoints have the same tree", ev.ID)
		}
		return fmt.Sprintf("%s signed two different trees of %d entries", a.Origin, a.N), nil
	}
	small, large := a, b
	if small.N > large.N {
		small, large = large, small
	}
	leaves, err := splitHashes(ev.Leaves)
	if err != nil || int64(len(leaves)) != large.N {
		return "", fmt.Errorf("mirror: evidence %s: want the %d leaves of the larger tree", ev.ID, large.N)
	}
	h, err := ledger.RebuildHashStore(leaves)
	if err != nil {
		return "", fmt.Errorf("mirror: evidence %s: %w", ev.ID, err)
	}
	if root, err := tlog.TreeHash(large.N, h); err != nil || root != large.Hash {
		return "", fmt.Errorf("mirror: evidence %s: the leaves do not hash to the root of the tree of %d", ev.ID, large.N)
	}
	prefix, err := tlog.TreeHash(small.N, h)
	if err != nil {
		return "", fmt.Errorf("mirror: evidence %s: %w", ev.ID, err)
	}
	if prefix == small.Hash {
		return "", fmt.Errorf("mirror: evidence %s: the tree of %d is a prefix of the tree of %d: no fork", ev.ID, small.N, large.N)
	}
	return fmt.Sprintf("%s signed a tree of %d entries whose first %d are not the tree of %d it also signed", a.Origin, large.N, small.N, small.N), nil
}

// signedLeaf returns ev.Commitment once it checks that it is leaf ev.Seq
// of cp's tree, by ev.Proof.
func signedLeaf(ev *Evidence, cp ledger.Checkpoint) (tlog.Hash, error) {
	if len(ev.Commitment) != tlog.HashSize {
		return tlog.Hash{}, fmt.Errorf("mirror: evidence %s: commitment is not 32 bytes", ev.ID)
	}
	c := tlog.Hash(ev.Commitment)
	proof, err := splitHashes(ev.Proof)
	if err != nil {
		return tlog.Hash{}, fmt.Errorf("mirror: evidence %s: %w", ev.ID, err)
	}
	if ev.Seq < 0 || ev.Seq >= cp.N {
		return tlog.Hash{}, fmt.Errorf("mirror: evidence %s: entry %d is not in a tree of %d", ev.ID, ev.Seq, cp.N)
	}
	if err := tlog.CheckRecord(proof, cp.N, cp.Hash, ev.Seq, ledger.LeafHash(c)); err != nil {
		return tlog.Hash{}, fmt.Errorf("mirror: evidence %s: commitment not in the signed tree: %w", ev.ID, err)
	}
	return c, nil
}

// verifyBadContent checks that ev.Commitment is leaf ev.Seq of cp's tree
// and that ev.Content is not a proper content for it.
func verifyBadContent(ev *Evidence, peer Peer, cp ledger.Checkpoint) (string, error) {
	c, err := signedLeaf(ev, cp)
	if err != nil {
		return "", err
	}
	why := contentProblem(ev.Content, ev.Seq, c, peer, append([]string{ev.Receiver}, ev.Hosted...))
	if why == "" {
		return "", fmt.Errorf("mirror: evidence %s: the content is a proper content of entry %d", ev.ID, ev.Seq)
	}
	return fmt.Sprintf("entry %d of %s's signed tree of %d entries: the bytes kept %s", ev.Seq, cp.Origin, cp.N, why), nil
}

// contentProblem returns what is wrong with canonical as the content of
// entry seq with commitment c, mirrored from peer by the node serving
// receivers (its party, then the parties it hosts), or "" if nothing is.
func contentProblem(canonical []byte, seq int64, c tlog.Hash, peer Peer, receivers []string) string {
	if sha256.Sum256(canonical) != c {
		return "do not hash to its commitment"
	}
	e, err := ledger.DecodeEntry(canonical)
	switch {
	case err != nil:
		return "hash to its commitment but are not a canonical entry"
	case e.Seq != seq:
		return fmt.Sprintf("hash to its commitment but bear seq %d", e.Seq)
	case !peer.speaks(e.Party):
		return fmt.Sprintf("hash to its commitment but are a statement of %q, for whom %s does not speak", e.Party, peer.Party)
	case !slices.ContainsFunc(receivers, e.Release.ReleasableToParty):
		return fmt.Sprintf("hash to its commitment but are releasable to none of %q", receivers)
	}
	return ""
}
