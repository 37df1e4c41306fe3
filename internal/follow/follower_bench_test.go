package follow

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/ledger"
	"truce/internal/pgtest"
	"truce/internal/store"
)

// BenchmarkFollowerAppend measures appends when 256 writers are split over
// two processes' sequencers (each with its Follower) on one PostgreSQL log.
//
//	TRUCE_TEST_POSTGRES=$(scripts/postgres.sh) go test -run XXX -bench FollowerAppend ./internal/follow
func BenchmarkFollowerAppend(b *testing.B) {
	dsn := pgtest.Schema(b)
	var seqs []*ledger.Sequencer
	for range 2 {
		db, err := store.OpenPostgres(context.Background(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		hs := loadHashStore(b, db)
		f, err := New(db, hs, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		s := ledger.NewSequencer(f, hs, ledger.SequencerOptions{OnCommit: f.OnCommit})
		b.Cleanup(func() { s.Close(); db.Close() })
		seqs = append(seqs, s)
	}
	const writers = 256
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
				if _, err := seq.Append(ctx, testEvent(fmt.Sprintf("bench:%d", i))); err != nil {
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
