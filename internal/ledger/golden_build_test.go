package ledger_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"path"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/ledger"
)

// The golden signed log in testdata/golden is a small truce log written by
// buildGolden (rebuild it with testdata/golden/rebuild.sh, which runs
// TestGoldenLog with -update). Everything in it is derived from fixed
// seeds, so a rebuild gives the same bytes unless the format changed:
//
//	log.vkey          the log's note verifier key
//	checkpoint        the signed C2SP tlog-checkpoint over every entry
//	entries.jsonl     each entry's canonical bytes, one per line, in order
//	tile/...          the C2SP tlog-tiles of the tree (hash tiles and
//	                  entry bundles of commitments), full and partial
//	proof             a C2SP tlog-proof of entry goldenProofIndex
const (
	goldenDir        = "testdata/golden"
	goldenOrigin     = "golden.truce.invalid/log"
	goldenEntries    = 260 // a full tile, a partial one, and a level-1 tile
	goldenProofIndex = 257
)

// goldenFile is one file of the golden log: its path under goldenDir and
// its content.
type goldenFile struct {
	path string
	data []byte
}

// goldenSigner returns the golden log's signing key, derived from a fixed
// seed (Ed25519 keys and signatures are deterministic). It is a test key
// and signs nothing but the golden log.
func goldenSigner() (note.Signer, note.Verifier, string, error) {
	seed := sha256.Sum256([]byte("truce golden log signing key"))
	skey, vkey, err := note.GenerateKey(bytes.NewReader(seed[:]), goldenOrigin)
	if err != nil {
		return nil, nil, "", fmt.Errorf("golden key: %w", err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		return nil, nil, "", fmt.Errorf("golden signer: %w", err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, nil, "", fmt.Errorf("golden verifier: %w", err)
	}
	return signer, verifier, vkey, nil
}

// goldenEntry returns entry i of the golden log: a few kinds, parties and
// releasabilities, a fixed time and a salt derived from i.
func goldenEntry(i int64) *ledger.Entry {
	kinds := []string{"incident.reported", "zone.proposed", "site.notified", "message.sent"}
	parties := []string{"us", "ru", "un"}
	releases := []access.Releasability{
		{TLP: access.TLPClear},
		{TLP: access.TLPGreen},
		{TLP: access.TLPAmber, Audience: []string{"ru", "un", "us"}},
		{TLP: access.TLPRed, Audience: []string{"us"}},
	}
	salt := sha256.Sum256(fmt.Appendf(nil, "truce golden log salt %d", i))
	party := parties[i%3]
	rel := releases[i%4]
	if len(rel.Audience) > 0 {
		rel = rel.Normalize(party)
	}
	return &ledger.Entry{
		Version: ledger.EntryVersion,
		Seq:     i,
		Time:    time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute).Format(time.RFC3339Nano),
		Party:   party,
		Author:  party + "-liaison",
		Kind:    kinds[i%4],
		Subject: fmt.Sprintf("golden:%d", i),
		Release: rel,
		Payload: fmt.Appendf(nil, `{"n":%d,"text":"golden entry %d"}`, i, i),
		Salt:    salt[:],
	}
}

// buildGolden builds the golden log with the ledger's own code: canonical
// entries, their commitments, the tree, its tiles, a signed checkpoint and
// a proof. It returns the files in a fixed order.
func buildGolden() ([]goldenFile, error) {
	signer, _, vkey, err := goldenSigner()
	if err != nil {
		return nil, err
	}
	var entries bytes.Buffer
	var commitments []tlog.Hash
	var canonical [][]byte
	for i := range int64(goldenEntries) {
		c, err := goldenEntry(i).Canonical()
		if err != nil {
			return nil, err
		}
		entries.Write(c)
		entries.WriteByte('\n')
		canonical = append(canonical, c)
		commitments = append(commitments, ledger.Commitment(c))
	}
	hs, err := ledger.RebuildHashStore(commitments)
	if err != nil {
		return nil, err
	}
	tree, err := hs.Tree()
	if err != nil {
		return nil, err
	}
	signed, err := ledger.SignCheckpoint(ledger.Checkpoint{Origin: goldenOrigin, Tree: tree}, signer)
	if err != nil {
		return nil, err
	}
	files := []goldenFile{
		{"log.vkey", []byte(vkey + "\n")},
		{"checkpoint", signed},
		{"entries.jsonl", entries.Bytes()},
	}
	for _, p := range goldenTilePaths(tree.N) {
		data, err := hs.ReadTile(p)
		if err != nil {
			return nil, fmt.Errorf("golden tile %s: %w", p, err)
		}
		files = append(files, goldenFile{p, data})
	}
	hashes, err := tlog.ProveRecord(tree.N, goldenProofIndex, hs)
	if err != nil {
		return nil, err
	}
	proof := &ledger.Proof{Extra: canonical[goldenProofIndex], Index: goldenProofIndex, Hashes: hashes, Checkpoint: signed}
	files = append(files, goldenFile{"proof", proof.Format()})
	return files, nil
}

// goldenTilePaths returns the C2SP tlog-tiles paths of every tile of a tree
// of n entries: hash tiles of each level and entry bundles, full then
// partial.
func goldenTilePaths(n int64) []string {
	var paths []string
	add := func(level string, width int64) {
		for i := range width / 256 {
			paths = append(paths, path.Join("tile", level, fmt.Sprintf("%03d", i)))
		}
		if w := width % 256; w > 0 {
			paths = append(paths, path.Join("tile", level, fmt.Sprintf("%03d.p", width/256), fmt.Sprint(w)))
		}
	}
	add("entries", n)
	for level, w := 0, n; w > 0; level, w = level+1, w/256 {
		add(fmt.Sprint(level), w)
	}
	return paths
}
