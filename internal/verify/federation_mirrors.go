package verify

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/roster"
	"truce/internal/ledger"
	"truce/internal/store"
)

// checkMirrored checks what the node of db holds in its mirror of member
// m against m's tree as verified by res: the stored commitments are the
// first leaves of that tree, and every stored content hashes to its
// commitment, is canonical, bears its seq and is a statement of m's party
// or of a party m hosts. It returns a sentence saying what held, or an
// error naming the first row that does not, and how many do not.
func checkMirrored(ctx context.Context, db *store.DB, m roster.Member, hosted []string, res *RemoteResult) (string, error) {
	parties := append([]string{m.Party}, hosted...)
	var commitments []tlog.Hash
	contents, bad := 0, 0
	var first error
	problem := func(format string, args ...any) {
		bad++
		if first == nil {
			first = fmt.Errorf(format, args...)
		}
	}
	err := db.MirroredEntries(ctx, m.Origin, func(e store.MirroredEntry) error {
		if e.Seq != int64(len(commitments)) || len(e.Commitment) != tlog.HashSize {
			return fmt.Errorf("mirrored entry %d: row missing or malformed (seq %d, commitment of %d bytes)", len(commitments), e.Seq, len(e.Commitment))
		}
		c := tlog.Hash(e.Commitment)
		commitments = append(commitments, c)
		if e.Content == nil {
			return nil
		}
		contents++
		if sha256.Sum256(e.Content) != c {
			problem("mirrored entry %d: the content held does not hash to its commitment", e.Seq)
			return nil
		}
		entry, err := ledger.DecodeEntry(e.Content)
		switch {
		case err != nil:
			problem("mirrored entry %d: the content held is not a canonical entry", e.Seq)
		case entry.Seq != e.Seq:
			problem("mirrored entry %d: the content held bears seq %d", e.Seq, entry.Seq)
		case !slices.Contains(parties, entry.Party):
			problem("mirrored entry %d: a statement of %q, for whom %s's node does not speak", e.Seq, entry.Party, m.Party)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("%w (is --data the data directory of this party's node?)", err)
	}
	k := int64(len(commitments))
	if k == 0 {
		return "nothing mirrored from it in --data yet", nil
	}
	cp := res.Checkpoint
	if k > cp.N {
		return "", fmt.Errorf("the node holds %d mirrored entries, more than the %d %s publishes now: it was shown a longer history; see its mirror's evidence (truce federation evidence)", k, cp.N, m.Party)
	}
	held, err := ledger.RebuildHashStore(commitments)
	if err != nil {
		return "", fmt.Errorf("rebuilding the mirrored tree: %w", err)
	}
	heldRoot, err := tlog.TreeHash(k, held)
	if err != nil {
		return "", fmt.Errorf("rebuilding the mirrored tree: %w", err)
	}
	peerRoot, err := tlog.TreeHash(k, res.Hashes)
	if err != nil {
		return "", fmt.Errorf("reading %s's tree at %d entries through its tiles: %w", m.Party, k, err)
	}
	if heldRoot != peerRoot {
		return "", fmt.Errorf("the %d commitments held are not the first %d leaves of %s's signed tree: the mirror tables were altered, or the node was shown another history (run truce verify --deep --data DIR)", k, k, m.Party)
	}
	if first != nil {
		return "", fmt.Errorf("%v (%d of %d contents held do not verify: the mirror tables were altered; restore the node from a backup)", first, bad, contents)
	}
	return fmt.Sprintf("--data holds its first %d entries, which are leaves of its signed tree, and %d contents, each matching its commitment", k, contents), nil
}
