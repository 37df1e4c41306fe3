package stream_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/stream"
)

// latencyResult is what measureLatency measured.
type latencyResult struct {
	Subscribers int           `json:"subscribers"`
	Written     int           `json:"written"`   // entries written
	Delivered   int           `json:"delivered"` // events received, all clients
	Rate        float64       `json:"rate"`      // entries written per second, achieved
	P50         time.Duration `json:"p50"`
	P99         time.Duration `json:"p99"`
	Max         time.Duration `json:"max"`
	Dropped     int64         `json:"dropped"` // subscribers dropped for falling behind
}

// String formats r for a report.
func (r *latencyResult) String() string {
	return fmt.Sprintf("%d subscribers, %d entries at %.0f/s, %d events delivered: write-to-client p50 %s, p99 %s, max %s, %d dropped",
		r.Subscribers, r.Written, r.Rate, r.Delivered, r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond),
		r.Max.Round(10*time.Microsecond), r.Dropped)
}

// measureLatency serves hub's stream over HTTP on 127.0.0.1 (an ephemeral
// port), connects subscribers SSE clients (each as party "us"), then calls
// write rate times per second for d (concurrently, as independent writers
// would; write must append one entry visible to "us" and return it), and
// measures, with each client keeping only entries of kinds (prefixes; nil
// for all), for every event every client receives, the time from the
// start of the write call to the client reading the event's id line. It
// is the benchmark of the stream's promise that fan-out does not slow
// writers down: bounded in count (subscribers·rate·d events) and time.
func measureLatency(ctx context.Context, hub *stream.Hub, src stream.Replayer, write func(ctx context.Context) (*ledger.Entry, error),
	subscribers, rate int, d time.Duration, kinds []string) (*latencyResult, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = stream.ServeSSE(r.Context(), w, hub, src, access.Principal{UserID: "bench", Party: "us"}, stream.SSEOptions{LastEventID: -1, Kinds: kinds})
	})}
	go srv.Serve(ln)
	defer srv.Close()
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr := &http.Transport{MaxIdleConnsPerHost: subscribers, DisableCompression: true}
	client := &http.Client{Transport: tr}
	type recv struct {
		seq int64
		at  time.Time
	}
	got := make([][]recv, subscribers)
	lastSeen := make([]atomic.Int64, subscribers) // the last id each client read
	var ready, wg sync.WaitGroup
	ready.Add(subscribers)
	url := "http://" + ln.Addr().String() + "/"
	for i := range subscribers {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(cctx, "GET", url, nil)
			resp, err := client.Do(req)
			ready.Done()
			if err != nil {
				return
			}
			defer resp.Body.Close()
			br := bufio.NewReaderSize(resp.Body, 64<<10)
			for {
				line, err := br.ReadSlice('\n')
				if err != nil {
					return
				}
				if id, ok := bytes.CutPrefix(line, []byte("id: ")); ok {
					seq, _ := strconv.ParseInt(string(bytes.TrimSpace(id)), 10, 64)
					got[i] = append(got[i], recv{seq, time.Now()})
					lastSeen[i].Store(seq)
				}
			}
		})
	}
	ready.Wait()
	for hub.Stats().Subscribers < subscribers {
		if cctx.Err() != nil {
			return nil, cctx.Err()
		}
		time.Sleep(time.Millisecond)
	}
	droppedBefore := hub.Stats().Dropped

	var mu sync.Mutex
	started := map[int64]time.Time{}
	var failed atomic.Value
	var lastWritten atomic.Int64
	var writers sync.WaitGroup
	tick := time.NewTicker(time.Millisecond)
	begin := time.Now()
	n, total := 0, int(float64(rate)*d.Seconds())
	for n < total {
		<-tick.C
		// Catch up with the schedule even if a tick was missed: the rate
		// is held on average, as independent writers would hold it.
		due := min(total, int(time.Since(begin).Seconds()*float64(rate))+1)
		for ; n < due; n++ {
			writers.Go(func() {
				t0 := time.Now()
				e, err := write(cctx)
				if err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				mu.Lock()
				started[e.Seq] = t0
				mu.Unlock()
				if len(kinds) == 0 || slices.ContainsFunc(kinds, func(k string) bool { return strings.HasPrefix(e.Kind, k) }) {
					for w := lastWritten.Load(); e.Seq > w && !lastWritten.CompareAndSwap(w, e.Seq); w = lastWritten.Load() {
					}
				}
			})
		}
	}
	tick.Stop()
	writers.Wait()
	elapsed := time.Since(begin)
	if err, _ := failed.Load().(error); err != nil {
		return nil, err
	}
	// Wait until every client still subscribed has read the last entry
	// written (a client dropped for falling behind never will), for at
	// most 10 s.
	arrived := func() bool {
		reached := 0
		for i := range lastSeen {
			if lastSeen[i].Load() >= lastWritten.Load() {
				reached++
			}
		}
		return int64(reached)+hub.Stats().Dropped-droppedBefore >= int64(subscribers)
	}
	for deadline := time.Now().Add(10 * time.Second); !arrived() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond) // polling the condition
	}
	cancel()
	wg.Wait()
	var lat []time.Duration
	for _, rs := range got {
		for _, r := range rs {
			if t0, ok := started[r.seq]; ok {
				lat = append(lat, r.at.Sub(t0))
			}
		}
	}
	if len(lat) == 0 {
		return nil, fmt.Errorf("stream: no event was delivered")
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	return &latencyResult{Subscribers: subscribers, Written: n, Delivered: len(lat), Rate: float64(n) / elapsed.Seconds(),
		P50: q(0.50), P99: q(0.99), Max: lat[len(lat)-1], Dropped: hub.Stats().Dropped - droppedBefore}, nil
}
