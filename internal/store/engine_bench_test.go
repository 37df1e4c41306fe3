package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/ledger"
)

// benchEntry returns a change with a payload of about 1 KB, like the
// ledger's BenchmarkAppend.
func benchEntry(i int64) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: "un", Author: "un-monitor-07", Kind: "bench.appended",
		Subject: fmt.Sprintf("incident:%d", i),
		Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}},
		Payload: map[string]any{
			"description": strings.Repeat("Impacts reported on the northern outskirts near the water station. ", 13),
			"lat":         35.93125, "lon": 36.63393, "time": "2025-03-01T04:10:00Z",
		}}}
}

// BenchmarkEngineAppend measures appends (group commit) on each engine for
// several numbers of concurrent writers (package follow's
// BenchmarkFollowerAppend splits them over two processes on PostgreSQL).
//
//	TRUCE_TEST_POSTGRES=$(scripts/postgres.sh) go test -run XXX -bench EngineAppend ./internal/store
func BenchmarkEngineAppend(b *testing.B) {
	for _, e := range testEngines() {
		for _, w := range []int{1, 64, 256} {
			b.Run(fmt.Sprintf("%s/writers=%d", e.name, w), func(b *testing.B) {
				db := e.open(b)
				_, seq := openSequencer(b, db)
				benchAppends(b, w, []*ledger.Sequencer{seq})
			})
		}
	}
}

func benchAppends(b *testing.B, writers int, seqs []*ledger.Sequencer) {
	ctx := context.Background()
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range writers {
		seq := seqs[w%len(seqs)]
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				if _, err := seq.Append(ctx, benchEntry(i)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "entries/s")
}

// BenchmarkEngineProof measures what GET /api/v1/log/entries/{seq}/proof
// costs: reading the entry from the database and proving its inclusion from
// the in-memory tree, for random entries of a log of 10,000 entries.
//
//	TRUCE_TEST_POSTGRES=$(scripts/postgres.sh) go test -run XXX -bench EngineProof ./internal/store
func BenchmarkEngineProof(b *testing.B) {
	const size = 10_000
	for _, e := range testEngines() {
		b.Run(e.name, func(b *testing.B) {
			ctx := context.Background()
			db := e.open(b)
			hs := loadHashStore(b, db)
			seq := ledger.NewSequencer(db, hs, ledger.SequencerOptions{})
			defer seq.Close()
			var wg sync.WaitGroup
			for w := range 64 {
				wg.Go(func() {
					for i := w; i < size; i += 64 {
						if _, err := seq.Append(ctx, benchEntry(int64(i))); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			hr, n := hs.Snapshot()
			root, err := tlog.TreeHash(n, hr)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewPCG(1, 2))
				for pb.Next() {
					i := r.Int64N(n)
					se, err := db.Entry(ctx, i)
					if err != nil {
						b.Error(err)
						return
					}
					p, err := tlog.ProveRecord(n, i, hr)
					if err != nil {
						b.Error(err)
						return
					}
					if err := tlog.CheckRecord(p, n, root, i, tlog.RecordHash(se.Commitment[:])); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proofs/s")
		})
	}
}
