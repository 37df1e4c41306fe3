package ledger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/bits"
	"sync"
	"testing"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/tlog"
)

// tileServer adapts HashStore.ReadTile to tlog.TileReader, counting reads,
// as a tlog client reading GET /log/tile/… would see it.
type tileServer struct {
	hs    *HashStore
	reads int
}

func (s *tileServer) Height() int { return torchwood.TileHeight }

func (s *tileServer) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := s.hs.ReadTile(torchwood.TilePath(t))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", torchwood.TilePath(t), err)
		}
		s.reads++
		out[i] = data
	}
	return out, nil
}

func (s *tileServer) SaveTiles([]tlog.Tile, [][]byte) {}

// torchwoodServer adapts HashStore.ReadTile to torchwood.TileReader.
type torchwoodServer struct{ s *tileServer }

func (t torchwoodServer) ReadTiles(_ context.Context, tiles []tlog.Tile) ([][]byte, error) {
	return t.s.ReadTiles(tiles)
}
func (t torchwoodServer) SaveTiles([]tlog.Tile, [][]byte) {}
func (t torchwoodServer) ReadEndpoint(context.Context, string) ([]byte, error) {
	return nil, errors.New("no endpoints")
}

// TestReadTileVerifiesWithTlog checks that the tiles served for trees of
// sizes around tile boundaries authenticate against the tree root with
// golang.org/x/mod/sumdb/tlog's TileHashReader, and that the entry bundles
// read through torchwood's client are the commitments.
func TestReadTileVerifiesWithTlog(t *testing.T) {
	all, big := bigTestTree(t)
	for _, n := range []int64{1, 2, 7, 255, 256, 257, 511, 512, 1000, 4097, big.Size()} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			hs := big
			if n < big.Size() {
				hs = hashStoreOf(t, all[:n], 1000)
			}
			tree, err := hs.Tree()
			if err != nil {
				t.Fatal(err)
			}
			srv := &tileServer{hs: hs}
			thr := tlog.TileHashReader(tree, srv)
			root, err := tlog.TreeHash(n, thr)
			if err != nil || root != tree.Hash {
				t.Fatalf("TreeHash over tiles: %v, %v (want %v)", root, err, tree.Hash)
			}
			for _, i := range []int64{0, n / 3, n / 2, n - 1} {
				rp, err := tlog.ProveRecord(n, i, thr)
				if err != nil {
					t.Fatalf("ProveRecord(%d, %d) over tiles: %v", n, i, err)
				}
				if err := tlog.CheckRecord(rp, n, tree.Hash, i, LeafHash(all[i])); err != nil {
					t.Fatalf("CheckRecord(%d, %d): %v", n, i, err)
				}
			}
			if n > 1 {
				old := n / 2
				oldRoot, _ := tlog.TreeHash(old, hs)
				tp, err := tlog.ProveTree(n, old, thr)
				if err != nil {
					t.Fatal(err)
				}
				if err := tlog.CheckTree(tp, n, tree.Hash, old, oldRoot); err != nil {
					t.Fatalf("consistency %d -> %d: %v", old, n, err)
				}
			}
			if srv.reads == 0 {
				t.Fatal("no tile was read")
			}

			// Entry bundles through an existing client, which checks each
			// bundle against the level-0 tiles and the root.
			client, err := torchwood.NewClient(torchwoodServer{srv})
			if err != nil {
				t.Fatal(err)
			}
			// The client stops before a trailing partial bundle; resuming
			// with the same tree reads it.
			// (From the last two full bundles on for the big tree, to keep
			// the test fast; TreeHash and the proofs above cover the rest.)
			got := max(0, (n/256-2)*256)
			for pass := 0; got < n && pass < 3; pass++ {
				for i, e := range client.Entries(context.Background(), tree, got) {
					if i != got || !bytes.Equal(e, all[i][:]) {
						t.Fatalf("entry %d (#%d) = %x, want the commitment %x", i, got, e, all[got])
					}
					got++
				}
				if err := client.Err(); err != nil {
					t.Fatalf("torchwood client: %v", err)
				}
			}
			if got != n {
				t.Fatalf("client read up to entry %d, want %d", got, n)
			}
		})
	}
}

// TestReadTileContents checks hash tiles and entry bundles byte for byte
// against hashes computed independently of the HashStore.
func TestReadTileContents(t *testing.T) {
	leaves, hs := bigTestTree(t)
	// Perfect subtree hashes computed bottom-up from RFC 6962 directly:
	// levels[k][j] is the hash of leaves [j<<k, (j+1)<<k).
	levels := [][]tlog.Hash{nil}
	for _, l := range leaves {
		levels[0] = append(levels[0], sha256.Sum256(append([]byte{0}, l[:]...)))
	}
	for k := 1; len(levels[k-1]) >= 2; k++ {
		prev := levels[k-1]
		var next []tlog.Hash
		for j := 0; j+1 < len(prev); j += 2 {
			next = append(next, sha256.Sum256(append(append([]byte{1}, prev[j][:]...), prev[j+1][:]...)))
		}
		levels = append(levels, next)
	}
	subtree := func(start, width int) tlog.Hash {
		k := bits.TrailingZeros(uint(width))
		return levels[k][start>>k]
	}
	hashesOf := func(hs ...tlog.Hash) []byte {
		var b []byte
		for _, h := range hs {
			b = append(b, h[:]...)
		}
		return b
	}
	leafHashes := func(start, count int) []byte {
		var b []byte
		for i := start; i < start+count; i++ {
			h := LeafHash(leaves[i])
			b = append(b, h[:]...)
		}
		return b
	}
	bundle := func(start, count int) []byte {
		var b []byte
		for i := start; i < start+count; i++ {
			b = append(b, 0, 32)
			b = append(b, leaves[i][:]...)
		}
		return b
	}
	tests := []struct {
		path string
		want []byte
	}{
		{"tile/0/000", leafHashes(0, 256)},
		{"tile/0/001", leafHashes(256, 256)},
		{"tile/0/255", leafHashes(255*256, 256)},
		{"tile/0/256", leafHashes(65536, 256)},
		{"tile/0/257.p/44", leafHashes(65536+256, 44)},
		{"tile/0/000.p/1", leafHashes(0, 1)},
		{"tile/0/003.p/200", leafHashes(3*256, 200)},
		{"tile/1/000", func() []byte {
			var hs []tlog.Hash
			for k := range 256 {
				hs = append(hs, subtree(k*256, 256))
			}
			return hashesOf(hs...)
		}()},
		{"tile/1/001.p/1", hashesOf(subtree(65536, 256))},
		{"tile/1/000.p/2", hashesOf(subtree(0, 256), subtree(256, 256))},
		{"tile/2/000.p/1", hashesOf(subtree(0, 65536))},
		{"tile/entries/000", bundle(0, 256)},
		{"tile/entries/256", bundle(65536, 256)},
		{"tile/entries/257.p/44", bundle(65536+256, 44)},
		{"tile/entries/010.p/3", bundle(2560, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := hs.ReadTile(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Fatalf("ReadTile(%s): %d bytes, want %d (first differing byte %d)", tt.path, len(got), len(tt.want), firstDiff(got, tt.want))
			}
		})
	}
}

var bigTree struct {
	once   sync.Once
	leaves []tlog.Hash
	hs     *HashStore
}

// bigTestTree returns a tree of 256*256+300 leaves (full level-0 and level-1
// tiles and partial ones at every level), built once per test binary.
func bigTestTree(t *testing.T) ([]tlog.Hash, *HashStore) {
	bigTree.once.Do(func() {
		bigTree.leaves = fakeCommitments(256*256+300, 1)
		bigTree.hs = hashStoreOf(t, bigTree.leaves, 4096)
	})
	if bigTree.hs == nil {
		t.Fatal("building the big test tree failed")
	}
	return bigTree.leaves, bigTree.hs
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestReadTileNotFound checks that tiles beyond the tree are ErrTileNotFound
// and malformed paths are other errors.
func TestReadTileNotFound(t *testing.T) {
	empty := hashStoreOf(t, nil, 1)
	small := hashStoreOf(t, fakeCommitments(300, 3), 100)
	tests := []struct {
		name     string
		hs       *HashStore
		path     string
		notFound bool
	}{
		{"empty tree level 0", empty, "tile/0/000.p/1", true},
		{"empty tree entries", empty, "tile/entries/000.p/1", true},
		{"full tile of a partial", small, "tile/0/001", true},
		{"partial wider than tree", small, "tile/0/001.p/45", true},
		{"entries wider than tree", small, "tile/entries/001.p/45", true},
		{"next tile", small, "tile/0/002.p/1", true},
		{"far tile", small, "tile/0/x001/000", true},
		{"level 1 full", small, "tile/1/000", true},
		{"level 1 second hash", small, "tile/1/000.p/2", true},
		{"level 2", small, "tile/2/000.p/1", true},
		{"level 9", small, "tile/9/000.p/1", true},
		{"huge index", small, "tile/0/x999/x999/x999/x999/x999/999", true},
		{"huge entries index", small, "tile/entries/x999/x999/x999/x999/x999/999", true},
		{"malformed", small, "tile/0/1", false},
		{"not a tile", small, "checkpoint", false},
		{"zero width", small, "tile/0/000.p/0", false},
		{"width 256 partial", small, "tile/0/000.p/256", false},
		{"negative level", small, "tile/-2/000", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := tt.hs.ReadTile(tt.path)
			if err == nil {
				t.Fatalf("ReadTile(%s) = %d bytes, want an error", tt.path, len(data))
			}
			if errors.Is(err, ErrTileNotFound) != tt.notFound {
				t.Fatalf("ReadTile(%s): %v; want ErrTileNotFound: %v", tt.path, err, tt.notFound)
			}
		})
	}
	// The same small tree serves what it covers.
	for _, p := range []string{"tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1", "tile/entries/001.p/44"} {
		if _, err := small.ReadTile(p); err != nil {
			t.Errorf("ReadTile(%s): %v", p, err)
		}
	}
}

// TestReadTileRefusesCommitmentsNotInTheTree builds a store whose
// commitments and tree hashes disagree at one leaf, as an altered
// commitment column loaded next to the original tree would, and checks that
// the entry bundle holding that leaf is refused (ErrLeafMismatch) while
// hash tiles and other bundles are still served.
func TestReadTileRefusesCommitmentsNotInTheTree(t *testing.T) {
	const n = 600 // three entry bundles: 0, 1 and 2.p/88
	commitments := fakeCommitments(n, 7)
	sound := hashStoreOf(t, commitments, 100)
	_, size := sound.Snapshot()
	stored, err := sound.ReadHashes(allIndexes(tlog.StoredHashCount(size)))
	if err != nil {
		t.Fatal(err)
	}
	altered := append([]tlog.Hash(nil), commitments...)
	altered[300][0] ^= 1
	hs, err := NewHashStore(altered, stored)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want error
	}{
		{"tile/entries/000", nil},
		{"tile/entries/001", ErrLeafMismatch},
		{"tile/entries/002.p/88", nil},
		{"tile/0/001", nil},
	} {
		_, err := hs.ReadTile(tc.path)
		if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
			t.Errorf("ReadTile(%s) = %v, want %v", tc.path, err, tc.want)
		}
	}
}

func allIndexes(n int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i)
	}
	return out
}

// BenchmarkReadTile measures a full entry bundle, whose 256 commitments
// are each checked against the tree's level-0 hash before it is served,
// beside a full level-0 hash tile of the same leaves (no check), in the
// same run.
//
//	go test -run XXX -bench ReadTile -count 5 ./internal/ledger
func BenchmarkReadTile(b *testing.B) {
	hs := hashStoreOf(b, fakeCommitments(4*256, 3), 1024)
	for _, path := range []string{"tile/0/002", "tile/entries/002"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if _, err := hs.ReadTile(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
