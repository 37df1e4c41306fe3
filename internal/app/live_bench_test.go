package app

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"truce/internal/testwait"
)

// TestLiveUpdatesBench is the live-update benchmark of issue #19, run only
// with TRUCE_BENCH_LIVE=1: 200 clients subscribed to GET /api/v1/stream
// (three parties, so three view classes) while 100 GREEN incidents a
// second are reported for 5 s, in three modes measured in the same run:
//
//   - records: each event brings its record; the client applies it (what
//     the UI does now);
//   - reread:  no record events (?records=false); the client reads the
//     record of each event, at most 5 requests at once (a browser's 6
//     connections to the node, less the stream's): the UI before;
//   - reload:  the client re-reads the page of 100 incidents on events, one
//     reading at a time, events during a reading costing one more (the
//     reload-on-event of the map layers before).
//
// For each it reports the process CPU time per written entry (server and
// clients share the process: the clients' share is their HTTP and JSON
// work), the p50/p99 time from the start of the write to the client
// holding the new record, and the requests served. Bounded: 500 entries a
// mode, and events not applied 30 s after the last write count as late.
func TestLiveUpdatesBench(t *testing.T) {
	if os.Getenv("TRUCE_BENCH_LIVE") != "1" {
		t.Skip("set TRUCE_BENCH_LIVE=1 to run the live-update benchmark")
	}
	const clients, rate, seconds = 200, 100, 5
	for _, mode := range []string{"records", "reread", "reload"} {
		n := newTestNode(t)
		res := runLiveBench(t, n, mode, clients, rate, seconds)
		t.Logf("%-7s %s", mode, res)
	}
}

// arrival is one client holding one event's record; committed is the
// entry's time (the node's clock at commit, the same clock).
type arrival struct {
	id            string
	committed, at time.Time
}

type liveBenchResult struct {
	written, applied, late int
	cpu                    time.Duration
	p50, p99               time.Duration
	w50, w99               time.Duration // the writes' own time (POST to its answer)
	c50, c99               time.Duration // from the entry's commit to the client holding the record
	rate                   float64       // entries written per second, achieved
	requests               int64
}

func (r liveBenchResult) String() string {
	ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	return fmt.Sprintf("%d entries at %.0f/s achieved, %d applied by clients, %d late: CPU %.2f ms/entry; commit→client p50 %s p99 %s; write start→client p50 %s p99 %s (the write itself p50 %s p99 %s); %d record/page requests",
		r.written, r.rate, r.applied, r.late, float64(r.cpu.Microseconds())/1000/float64(r.written), ms(r.c50), ms(r.c99), ms(r.p50), ms(r.p99),
		ms(r.w50), ms(r.w99), r.requests)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func runLiveBench(t *testing.T, n *testNode, mode string, clients, rate, seconds int) liveBenchResult {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tr := &http.Transport{MaxIdleConnsPerHost: 8, MaxConnsPerHost: 0}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	var (
		mu       sync.Mutex
		started  = map[string]time.Time{} // incident id → write start
		writing  []time.Duration
		got      []arrival // every client's application of every event
		requests int64
	)
	users := []string{"us-observer", "ru-observer", "un-observer"}
	get := func(user, path string) {
		req, _ := http.NewRequestWithContext(ctx, "GET", n.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+n.tokens[user])
		if resp, err := hc.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		mu.Lock()
		requests++
		mu.Unlock()
	}
	applied := func(id string, committed time.Time) {
		now := time.Now()
		mu.Lock()
		got = append(got, arrival{id, committed, now})
		mu.Unlock()
	}
	q := "/api/v1/stream?kinds=incident."
	if mode != "records" {
		q += "&records=false"
	}
	var wg sync.WaitGroup
	for c := range clients {
		user := users[c%len(users)]
		req, _ := http.NewRequestWithContext(ctx, "GET", n.srv.URL+q, nil)
		req.Header.Set("Authorization", "Bearer "+n.tokens[user])
		resp, err := hc.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("stream: %v", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer resp.Body.Close()
			sem := make(chan struct{}, 5)
			var reload struct {
				sync.Mutex
				busy    bool
				waiting []arrival // events arrived since the reading in flight started
			}
			var doReload func(evs []arrival)
			doReload = func(evs []arrival) {
				get(user, "/api/v1/incidents?brief=true&limit=100")
				for _, a := range evs {
					applied(a.id, a.committed)
				}
				reload.Lock()
				next := reload.waiting
				reload.waiting = nil
				reload.busy = len(next) > 0
				reload.Unlock()
				if len(next) > 0 {
					doReload(next)
				}
			}
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(nil, 1<<20)
			event := ""
			for sc.Scan() {
				line := sc.Text()
				if k, ok := strings.CutPrefix(line, "event: "); ok {
					event = k
					continue
				}
				data, ok := strings.CutPrefix(line, "data: ")
				if !ok || event == "record" || event == "" {
					continue
				}
				var e struct{ Subject, Time string }
				if json.Unmarshal([]byte(data), &e) != nil || e.Subject == "" {
					continue
				}
				id := e.Subject[strings.LastIndexByte(e.Subject, ':')+1:]
				committed, _ := time.Parse(time.RFC3339Nano, e.Time)
				switch mode {
				case "records":
					applied(id, committed)
				case "reread":
					sem <- struct{}{}
					go func() { defer func() { <-sem }(); get(user, "/api/v1/incidents/"+id); applied(id, committed) }()
				case "reload":
					reload.Lock()
					if reload.busy {
						reload.waiting = append(reload.waiting, arrival{id: id, committed: committed})
						reload.Unlock()
						continue
					}
					reload.busy = true
					reload.Unlock()
					go doReload([]arrival{{id: id, committed: committed}})
				}
			}
		}()
	}
	testwait.For(t, 60*time.Second, "clients subscribed", func() bool { return n.app.Stream.Stats().Subscribers == clients })

	total := rate * seconds
	cpu0, t0 := cpuTime(), time.Now()
	tick := time.NewTicker(time.Second / time.Duration(rate))
	var writes sync.WaitGroup
	for i := range total {
		<-tick.C
		writes.Add(1)
		go func() {
			defer writes.Done()
			start := time.Now() // matched with the arrivals by id once all is done
			code, out, _ := n.call("POST", "/api/v1/incidents", "us-liaison", "", incidentBody(fmt.Sprintf("live-bench-%s-%d", mode, i), 37.1, 36.1, "GREEN"))
			if code != 201 {
				t.Errorf("write: %d %v", code, out)
				return
			}
			mu.Lock()
			started[out["id"].(string)] = start
			writing = append(writing, time.Since(start))
			mu.Unlock()
		}()
	}
	tick.Stop()
	writes.Wait()
	wrote := time.Since(t0)
	want := total * clients
	deadline := time.After(30 * time.Second)
	poll := time.NewTicker(10 * time.Millisecond)
wait:
	for {
		select {
		case <-deadline:
			break wait
		case <-poll.C:
			mu.Lock()
			done := len(got) >= want
			mu.Unlock()
			if done {
				break wait
			}
		}
	}
	poll.Stop()
	cpu := cpuTime() - cpu0
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	var r liveBenchResult
	var lat, fromCommit []time.Duration
	for _, a := range got {
		if s, ok := started[a.id]; ok {
			lat = append(lat, a.at.Sub(s))
		}
		fromCommit = append(fromCommit, a.at.Sub(a.committed))
	}
	slices.Sort(fromCommit)
	if len(fromCommit) > 0 {
		r.c50, r.c99 = fromCommit[len(fromCommit)/2], fromCommit[len(fromCommit)*99/100]
	}
	slices.Sort(lat)
	r.written, r.applied, r.late, r.cpu, r.requests, r.rate = total, len(lat), want-len(lat), cpu, requests, float64(total)/wrote.Seconds()
	if len(lat) > 0 {
		r.p50, r.p99 = lat[len(lat)/2], lat[len(lat)*99/100]
	}
	slices.Sort(writing)
	if len(writing) > 0 {
		r.w50, r.w99 = writing[len(writing)/2], writing[len(writing)*99/100]
	}
	return r
}
