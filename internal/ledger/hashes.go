package ledger

import (
	"fmt"
	"sync"

	"golang.org/x/mod/sumdb/tlog"
)

// HashStore keeps every stored hash of the tree (tlog storage order) in
// memory, so that proofs and tiles never touch the database. At 1,000,000
// entries it holds about 2,000,000 hashes (64 MiB). The database keeps the
// same hashes durably; HashStore is loaded from it at start.
//
// HashStore is safe for concurrent use. Readers see only published hashes:
// those of entries whose transaction has committed.
type HashStore struct {
	mu          sync.RWMutex
	hashes      []tlog.Hash
	commitments []tlog.Hash // the leaves' data, for entry bundles
	size        int64
}

// NewHashStore returns a store holding the commitments of a tree's entries
// and its stored hashes. It checks that the counts match.
func NewHashStore(commitments, hashes []tlog.Hash) (*HashStore, error) {
	size := int64(len(commitments))
	if want := tlog.StoredHashCount(size); int64(len(hashes)) != want {
		return nil, fmt.Errorf("ledger: %d stored hashes for a tree of %d entries, want %d", len(hashes), size, want)
	}
	return &HashStore{hashes: hashes, commitments: commitments, size: size}, nil
}

// Commitments returns the commitments of entries [start, start+n) of the
// published tree.
func (h *HashStore) Commitments(start, n int64) ([]tlog.Hash, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if start < 0 || n < 0 || start+n > h.size {
		return nil, fmt.Errorf("ledger: entries [%d, %d) not in a tree of %d", start, start+n, h.size)
	}
	return h.commitments[start : start+n : start+n], nil
}

// Size returns the number of published leaves.
func (h *HashStore) Size() int64 {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.size
}

// ReadHashes implements tlog.HashReader over published hashes.
func (h *HashStore) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		if idx < 0 || idx >= int64(len(h.hashes)) {
			return nil, fmt.Errorf("ledger: hash index %d not in a tree of %d entries", idx, h.size)
		}
		out[i] = h.hashes[idx]
	}
	return out, nil
}

// Tree returns the current size and root hash.
func (h *HashStore) Tree() (tlog.Tree, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	root, err := tlog.TreeHash(h.size, hashSlice(h.hashes))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("ledger: tree hash: %w", err)
	}
	return tlog.Tree{N: h.size, Hash: root}, nil
}

// PendingHashes are the stored hashes for a batch of leaves appended after
// the published tree, computed but not yet published.
type PendingHashes struct {
	// Start is the storage index of the first new hash.
	Start  int64
	Hashes []tlog.Hash
	// Size is the tree size once the batch is published.
	Size   int64
	leaves []tlog.Hash
}

// Prepare computes the stored hashes that appending leaves (commitments) at
// the end of the published tree adds. It changes nothing: call Publish once
// the batch is durable. Only one goroutine (the sequencer) may prepare and
// publish.
func (h *HashStore) Prepare(leaves []tlog.Hash) (*PendingHashes, error) {
	h.mu.RLock()
	base := h.hashes
	size := h.size
	h.mu.RUnlock()
	overlay := &overlayReader{base: base}
	for i, leaf := range leaves {
		hs, err := tlog.StoredHashes(size+int64(i), leaf[:], overlay)
		if err != nil {
			return nil, fmt.Errorf("ledger: stored hashes for entry %d: %w", size+int64(i), err)
		}
		overlay.extra = append(overlay.extra, hs...)
	}
	return &PendingHashes{Start: int64(len(base)), Hashes: overlay.extra, Size: size + int64(len(leaves)), leaves: leaves}, nil
}

// Publish makes prepared hashes visible to readers. p must have been
// prepared against the current tree.
func (h *HashStore) Publish(p *PendingHashes) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if p.Start != int64(len(h.hashes)) {
		return fmt.Errorf("ledger: publish at hash %d, but the store holds %d", p.Start, len(h.hashes))
	}
	h.hashes = append(h.hashes, p.Hashes...)
	h.commitments = append(h.commitments, p.leaves...)
	h.size = p.Size
	return nil
}

type overlayReader struct {
	base  []tlog.Hash
	extra []tlog.Hash
}

func (o *overlayReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		switch {
		case idx < int64(len(o.base)):
			out[i] = o.base[idx]
		case idx-int64(len(o.base)) < int64(len(o.extra)):
			out[i] = o.extra[idx-int64(len(o.base))]
		default:
			return nil, fmt.Errorf("ledger: hash index %d not yet computed", idx)
		}
	}
	return out, nil
}

// hashSlice reads from a fixed slice; used under the store's lock.
type hashSlice []tlog.Hash

func (s hashSlice) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		if idx < 0 || idx >= int64(len(s)) {
			return nil, fmt.Errorf("ledger: hash index %d out of range", idx)
		}
		out[i] = s[idx]
	}
	return out, nil
}

// Snapshot returns a reader of the hashes published now, immutable
// afterwards, and the tree size it covers. Proofs computed from one snapshot
// are consistent with each other even while the log grows.
func (h *HashStore) Snapshot() (tlog.HashReader, int64) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return hashSlice(h.hashes[:len(h.hashes):len(h.hashes)]), h.size
}

// RebuildHashStore computes the tree over commitments from scratch.
func RebuildHashStore(commitments []tlog.Hash) (*HashStore, error) {
	h := &HashStore{}
	p, err := h.Prepare(commitments)
	if err != nil {
		return nil, err
	}
	if err := h.Publish(p); err != nil {
		return nil, err
	}
	return h, nil
}

// Matches reports an error naming the first stored hash that differs from
// h's, or a count that differs.
func (h *HashStore) Matches(stored []tlog.Hash) error {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for i := range min(len(stored), len(h.hashes)) {
		if stored[i] != h.hashes[i] {
			return fmt.Errorf("ledger: stored tree hash %d differs from the one recomputed from the entries", i)
		}
	}
	if len(stored) != len(h.hashes) {
		return fmt.Errorf("ledger: %d tree hashes stored, %d expected for %d entries", len(stored), len(h.hashes), h.size)
	}
	return nil
}
