package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/testwait"
)

// BenchmarkFederationPropagation measures, in a federation of four
// processes (us, ru, un, ngo; checkpoint interval 50ms, mirrors polling
// every 100ms, no faults), the time from an acknowledged write on us's
// node until its event arrives on the SSE stream of each other node: the
// checkpoint signed and cosigned, the peers' next poll, the entries
// verified, stored and applied to the projections, and the event fanned
// out to the stream's client. Meanwhile every node takes a background load
// of GREEN reports, TRUCE_BENCH_LOAD writes/s in all (1000 unless set; 0
// for none), which each stream also carries. It reports the median, p95
// and p99 over every (write, receiving node) pair, and the load reached.
func BenchmarkFederationPropagation(b *testing.B) {
	load := 1000
	if v := os.Getenv("TRUCE_BENCH_LOAD"); v != "" {
		var err error
		if load, err = strconv.Atoi(v); err != nil || load < 0 {
			b.Fatalf("TRUCE_BENCH_LOAD=%q: want a number of writes per second", v)
		}
	}
	bin := buildTruce(b)
	nodes := foundOf(b, bin, []string{"us", "ru", "un", "ngo"}, "")
	for _, n := range nodes {
		n.start(b, bin)
	}
	waitConverged(b, nodes, "before measuring")
	us, receivers := nodes[0], nodes[1:]
	arrived := make([]*arrivals, len(receivers))
	for i, n := range receivers {
		arrived[i] = &arrivals{at: map[string]time.Time{}}
		go arrived[i].record(n.openStream(b, n.token, "incident."))
	}
	stop := make(chan struct{})
	var wrote atomic.Int64
	var wg sync.WaitGroup
	if load > 0 {
		startLoad(nodes, load, stop, &wg, &wrote)
	}
	loadStart := time.Now()

	var took []time.Duration
	b.ResetTimer()
	for i := range b.N {
		ext := fmt.Sprintf("bench-%d", i)
		start := time.Now()
		code, body := us.call("POST", "/api/v1/incidents", us.token, incident(ext, "propagation", "GREEN"))
		var inc struct {
			ID string `json:"id"`
		}
		if code != http.StatusCreated || json.Unmarshal(body, &inc) != nil {
			b.Fatalf("report: %d %s", code, body)
		}
		for k, a := range arrived {
			var at time.Time
			testwait.For(b, 60*time.Second, ext+" on "+receivers[k].party+"'s stream", func() bool {
				var ok bool
				at, ok = a.when(ext)
				return ok
			})
			took = append(took, at.Sub(start))
		}
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	slices.Sort(took)
	q := func(p int) float64 { return float64(took[min(len(took)-1, len(took)*p/100)].Milliseconds()) }
	b.ReportMetric(q(50), "median-ms")
	b.ReportMetric(q(95), "p95-ms")
	b.ReportMetric(q(99), "p99-ms")
	b.ReportMetric(float64(wrote.Load())/time.Since(loadStart).Seconds(), "load-writes/s")
}

// arrivals records when each bench- event arrived on one stream.
type arrivals struct {
	mu sync.Mutex
	at map[string]time.Time
}

func (a *arrivals) record(events <-chan streamEvent) {
	for ev := range events {
		if ext := ev.Payload.Incident.ExternalID; strings.HasPrefix(ext, "bench-") {
			a.mu.Lock()
			if _, seen := a.at[ext]; !seen {
				a.at[ext] = ev.At
			}
			a.mu.Unlock()
		}
	}
}

// when returns when ext's event arrived, ok false if it has not yet.
func (a *arrivals) when(ext string) (at time.Time, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t, ok := a.at[ext]
	return t, ok
}

// startLoad writes GREEN reports on every node, perSecond in all, spread
// over 8 writers per node each paced by a ticker, until stop closes; wrote
// counts the acknowledged ones.
func startLoad(nodes []*node, perSecond int, stop <-chan struct{}, wg *sync.WaitGroup, wrote *atomic.Int64) {
	const writers = 8
	every := time.Duration(float64(time.Second) * float64(len(nodes)*writers) / float64(perSecond))
	for _, n := range nodes {
		for w := range writers {
			wg.Go(func() {
				tick := time.NewTicker(every)
				defer tick.Stop()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					case <-tick.C:
					}
					body := incident(fmt.Sprintf("load-%s-%d-%d", n.party, w, i), "background load", "GREEN")
					if code, _ := n.call("POST", "/api/v1/incidents", n.token, body); code == http.StatusCreated {
						wrote.Add(1)
					}
				}
			})
		}
	}
}
