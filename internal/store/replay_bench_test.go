package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"

	"truce/internal/ledger"
)

// BenchmarkRebuild measures replaying a log of 5,000 access entries (parties,
// users, tokens, disables, revocations) into a fresh SQLite database, as
// startup checks and `truce verify --deep` do: entries/s.
func BenchmarkRebuild(b *testing.B) {
	ctx := context.Background()
	src, _, seq := openTestLog(b)
	m := &accountsMix{r: rand.New(rand.NewPCG(1, 0))}
	var total int
	for total < 5000 {
		// Fifty single-change appends at once share a batch (group commit);
		// each refers only to records accepted before.
		changes := make([]ledger.Change, 50)
		for i := range changes {
			changes[i] = m.change()
		}
		results := make([][]*ledger.Entry, len(changes))
		var wg sync.WaitGroup
		for i, c := range changes {
			wg.Go(func() { results[i], _ = seq.Append(ctx, c) })
		}
		wg.Wait()
		for _, es := range results {
			m.record(es)
			total += len(es)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dst, err := OpenSQLite(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("rebuilt-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := Rebuild(ctx, src, dst, nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		dst.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}
