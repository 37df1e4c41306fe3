package stream_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/stream"
	"truce/internal/testnode"
)

// BenchmarkWriteToSSEClient measures write-to-client latency with 1,000
// SSE subscribers over loopback while 1,000 entries/s are appended through
// the group-committing sequencer into SQLite (the DESIGN target: p99 ≤
// 100 ms). "all" delivers every entry to every subscriber (1,000,000
// events/s); "alerts" has the subscribers follow alerts (?kinds=alert.)
// while 1 entry in 100 is an alert, the rest other records. Each run
// lasts 2 s; use -benchtime=1x.
func BenchmarkWriteToSSEClient(b *testing.B) {
	for _, tc := range []struct {
		name  string
		kinds []string
		every int // one entry in every is an alert
	}{{"all", nil, 1}, {"alerts", []string{"alert."}, 100}} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				env := testnode.New(b)
				hub := stream.NewHub(stream.HubDeps{})
				env.OnCommit(hub.Publish)
				var i atomic.Int64
				write := func(ctx context.Context) (*ledger.Entry, error) {
					n := i.Add(1)
					kind := "bench.record"
					if n%int64(tc.every) == 0 {
						kind = "alert.bench"
					}
					es, err := env.Seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "un", Author: "bench", Kind: kind,
						Subject: fmt.Sprint("r", n), Release: access.Releasability{TLP: access.TLPGreen},
						Payload: map[string]any{"n": n, "note": "a record of about two hundred bytes once enveloped"}}})
					if err != nil {
						return nil, err
					}
					return es[0], nil
				}
				r, err := measureLatency(context.Background(), hub, env.DB, write, 1000, 1000, 2*time.Second, tc.kinds)
				hub.Close()
				if err != nil {
					b.Fatal(err)
				}
				b.Log(r)
				b.ReportMetric(float64(r.P99.Microseconds())/1000, "p99-ms")
				b.ReportMetric(float64(r.P50.Microseconds())/1000, "p50-ms")
				b.ReportMetric(r.Rate, "writes/s")
				b.ReportMetric(float64(r.Dropped), "dropped")
			}
		})
	}
}
