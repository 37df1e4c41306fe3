package ledger_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

var update = flag.Bool("update", false, "rewrite the golden signed log in testdata/golden")

// TestGoldenLog checks the golden signed log in testdata/golden three
// ways: a rebuild gives the same bytes (the entry, tile, checkpoint and
// proof formats did not change); the ledger's own code verifies it; and
// golang.org/x/mod/sumdb/note and tlog, code truce did not write, verify
// it from the files alone. With -update it rewrites the files first.
func TestGoldenLog(t *testing.T) {
	files, err := buildGolden()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.RemoveAll(filepath.Join(goldenDir, "tile")); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			p := filepath.Join(goldenDir, filepath.FromSlash(f.path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		got := readGolden(t, f.path)
		if !bytes.Equal(got, f.data) {
			t.Errorf("%s differs from a rebuild: the log format changed (rebuild with testdata/golden/rebuild.sh only if that is intended)", f.path)
		}
	}
	t.Run("ledger", verifyGoldenWithLedger)
	t.Run("x/mod/sumdb", verifyGoldenWithTlog)
}

func readGolden(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, filepath.FromSlash(path)))
	if err != nil {
		t.Fatalf("golden log: %v (rebuild it with testdata/golden/rebuild.sh)", err)
	}
	return b
}

// goldenLines returns the golden entries' canonical bytes.
func goldenLines(t *testing.T) [][]byte {
	t.Helper()
	lines := bytes.Split(bytes.TrimSuffix(readGolden(t, "entries.jsonl"), []byte("\n")), []byte("\n"))
	if len(lines) != goldenEntries {
		t.Fatalf("%d golden entries, want %d", len(lines), goldenEntries)
	}
	return lines
}

// verifyGoldenWithLedger verifies the golden files with truce's ledger
// package: the checkpoint's signature, each entry's canonical form and
// sequence number, the tree over their commitments, every tile as the
// ledger serves it, and the tlog-proof.
func verifyGoldenWithLedger(t *testing.T) {
	verifier, err := note.NewVerifier(strings.TrimSpace(string(readGolden(t, "log.vkey"))))
	if err != nil {
		t.Fatal(err)
	}
	cp, _, err := ledger.OpenCheckpoint(readGolden(t, "checkpoint"), verifier)
	if err != nil {
		t.Fatal(err)
	}
	var commitments []tlog.Hash
	for i, c := range goldenLines(t) {
		e, err := ledger.DecodeEntry(c)
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if e.Seq != int64(i) {
			t.Fatalf("line %d holds entry %d", i, e.Seq)
		}
		commitments = append(commitments, ledger.Commitment(c))
	}
	hs, err := ledger.RebuildHashStore(commitments)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := hs.Tree()
	if err != nil {
		t.Fatal(err)
	}
	if cp.Origin != goldenOrigin || cp.Tree != tree {
		t.Fatalf("checkpoint %+v, entries give %+v", cp, tree)
	}
	for _, p := range goldenTilePaths(tree.N) {
		served, err := hs.ReadTile(p)
		if err != nil || !bytes.Equal(served, readGolden(t, p)) {
			t.Errorf("tile %s: the ledger serves other bytes (%v)", p, err)
		}
	}
	proof, err := ledger.ParseProof(readGolden(t, "proof"))
	if err != nil {
		t.Fatal(err)
	}
	pcp, _, err := ledger.OpenCheckpoint(proof.Checkpoint, verifier)
	if err != nil {
		t.Fatal(err)
	}
	e, err := proof.VerifyInclusion(pcp)
	if err != nil || e.Seq != goldenProofIndex {
		t.Fatalf("proof: %+v, %v", e, err)
	}
}

// goldenTiles reads the golden hash tiles for tlog, mapping its paths
// (tile/8/L/N) to C2SP tlog-tiles paths (tile/L/N).
type goldenTiles struct{}

func (goldenTiles) Height() int { return 8 }

func (g goldenTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	var out [][]byte
	for _, tile := range tiles {
		p := "tile/" + strings.TrimPrefix(tile.Path(), "tile/8/")
		b, err := os.ReadFile(filepath.Join(goldenDir, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func (goldenTiles) SaveTiles([]tlog.Tile, [][]byte) {}

// verifyGoldenWithTlog verifies the golden files with no truce code: the
// signed note with x/mod/sumdb/note, the checkpoint body parsed by hand
// (C2SP tlog-checkpoint), the hash tiles through tlog.TileHashReader
// (which authenticates every tile against the signed root), each entry's
// SHA-256 against its entry bundle and its leaf in the tree, and an
// inclusion proof of every entry.
func verifyGoldenWithTlog(t *testing.T) {
	verifier, err := note.NewVerifier(strings.TrimSpace(string(readGolden(t, "log.vkey"))))
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open(readGolden(t, "checkpoint"), note.VerifierList(verifier))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != goldenOrigin {
		t.Fatalf("checkpoint body %q", n.Text)
	}
	var tree tlog.Tree
	if tree.N, err = strconv.ParseInt(lines[1], 10, 64); err != nil {
		t.Fatal(err)
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		t.Fatalf("root %q: %v", lines[2], err)
	}
	copy(tree.Hash[:], root)
	if tree.N != goldenEntries {
		t.Fatalf("checkpoint of %d entries, want %d", tree.N, goldenEntries)
	}
	hr := tlog.TileHashReader(tree, goldenTiles{})
	if got, err := tlog.TreeHash(tree.N, hr); err != nil || got != tree.Hash {
		t.Fatalf("tree hash from the tiles: %v, %v", got, err)
	}
	bundled := readBundles(t, tree.N)
	for i, c := range goldenLines(t) {
		commitment := sha256.Sum256(c)
		if !bytes.Equal(bundled[i], commitment[:]) {
			t.Fatalf("entry %d: its SHA-256 is not the entry bundle's commitment", i)
		}
		leaf, err := hr.ReadHashes([]int64{tlog.StoredHashIndex(0, int64(i))})
		if err != nil {
			t.Fatal(err)
		}
		if leaf[0] != tlog.RecordHash(commitment[:]) {
			t.Fatalf("entry %d: its commitment is not the tree's leaf", i)
		}
		proof, err := tlog.ProveRecord(tree.N, int64(i), hr)
		if err != nil {
			t.Fatal(err)
		}
		if err := tlog.CheckRecord(proof, tree.N, tree.Hash, int64(i), leaf[0]); err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
	}
}

// readBundles returns the commitments of the golden entry bundles, parsed
// per C2SP tlog-tiles: each a two-byte big-endian length and the bytes.
func readBundles(t *testing.T, n int64) [][]byte {
	t.Helper()
	var out [][]byte
	for i := int64(0); i*256 < n; i++ {
		p := fmt.Sprintf("tile/entries/%03d", i)
		if w := n - i*256; w < 256 {
			p += fmt.Sprintf(".p/%d", w)
		}
		b := readGolden(t, p)
		for len(b) > 0 {
			if len(b) < 2 || len(b) < 2+int(binary.BigEndian.Uint16(b)) {
				t.Fatalf("%s: truncated entry", p)
			}
			size := int(binary.BigEndian.Uint16(b))
			out = append(out, b[2:2+size])
			b = b[2+size:]
		}
	}
	if int64(len(out)) != n {
		t.Fatalf("%d commitments in the entry bundles, want %d", len(out), n)
	}
	return out
}
