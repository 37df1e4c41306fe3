// Package bench measures whole-system figures of a truce node on this
// machine: appends through the group-committing sequencer into a real
// SQLite file, inclusion proofs at a million entries, and API reads over
// loopback. `truce bench` prints them as a table; docs/benchmarks.md records
// them.
package bench

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/store"
)

// Result is one measured figure.
type Result struct {
	Name     string
	Value    float64
	Unit     string
	Target   string
	Baseline string
}

// Progress receives a line per step.
type Progress func(format string, args ...any)

// Appends measures entries/s appended by writers goroutines through a
// Sequencer into a fresh SQLite database in dir, for d. maxBatch 1 is the
// one-fsync-per-entry baseline.
func Appends(ctx context.Context, dir string, writers, maxBatch int, d time.Duration, say Progress) (float64, error) {
	db, err := store.OpenSQLite(ctx, fmt.Sprintf("%s/appends-%d-%d.db", dir, writers, maxBatch))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	hs, err := ledger.NewHashStore(nil, nil)
	if err != nil {
		return 0, err
	}
	seq := ledger.NewSequencer(db, hs, ledger.SequencerOptions{MaxBatch: maxBatch})
	defer seq.Close()
	payload := map[string]string{"pad": string(make([]byte, 0))}
	pad := make([]byte, 700)
	rand.Read(pad)
	payload["pad"] = fmt.Sprintf("%x", pad)[:900] // ~1 KB entries
	var n atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start := time.Now()
	for w := range writers {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				_, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "un", Author: "bench", Kind: "bench.append",
					Subject: fmt.Sprintf("w%d", w), Release: access.Releasability{TLP: access.TLPGreen}, Payload: payload}})
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return 0, err
	}
	rate := float64(n.Load()) / time.Since(start).Seconds()
	say("  %d writers, batch ≤ %d: %.0f entries/s", writers, maxBatch, rate)
	return rate, nil
}

// Proofs builds an in-memory tree of size random leaves (as a node holds it)
// and measures inclusion proofs/s for random entries on all cores for d.
func Proofs(size int64, d time.Duration, say Progress) (float64, error) {
	say("  building a tree of %d entries", size)
	leaves := make([]tlog.Hash, size)
	for i := range leaves {
		rand.Read(leaves[i][:])
	}
	hs, err := ledger.RebuildHashStore(leaves)
	if err != nil {
		return 0, err
	}
	var n atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range 2 {
		wg.Go(func() {
			x := uint64(w + 1)
			for time.Now().Before(deadline) {
				for range 100 {
					x ^= x << 13
					x ^= x >> 7
					x ^= x << 17
					if _, err := tlog.ProveRecord(size, int64(x%uint64(size)), hs); err != nil {
						panic(err)
					}
				}
				n.Add(100)
			}
		})
	}
	wg.Wait()
	rate := float64(n.Load()) / time.Since(start).Seconds()
	say("  %.0f proofs/s", rate)
	return rate, nil
}

// Percentile returns the p-th percentile (0–100) of ds.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

// PrintTable writes results as an aligned table.
func PrintTable(w io.Writer, rs []Result) {
	fmt.Fprintf(w, "%-52s %14s  %-10s %-14s %s\n", "figure", "value", "unit", "target", "baseline (same run)")
	for _, r := range rs {
		fmt.Fprintf(w, "%-52s %14.1f  %-10s %-14s %s\n", r.Name, r.Value, r.Unit, r.Target, r.Baseline)
	}
}

// Fill appends n small GREEN entries in one Append (for benchmarks).
func Fill(ctx context.Context, seq *ledger.Sequencer, n int) ([]*ledger.Entry, error) {
	changes := make([]ledger.Change, n)
	for i := range changes {
		changes[i] = ledger.Change{Draft: ledger.Draft{Party: "un", Author: "bench", Kind: "bench.fill", Subject: fmt.Sprintf("fill-%d", i),
			Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"un"}}, Payload: map[string]int{"i": i}}}
	}
	return seq.Append(ctx, changes...)
}
