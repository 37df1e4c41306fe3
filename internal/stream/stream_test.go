package stream_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/stream"
	"truce/internal/testnode"
)

// sseServer serves the stream to the party named in the X-Party header.
func sseServer(t *testing.T, env *testnode.Env, hub *stream.Hub) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := access.Principal{UserID: "u", Party: r.Header.Get("X-Party")}
		last := int64(-1)
		if v := r.Header.Get("Last-Event-ID"); v != "" {
			last, _ = strconv.ParseInt(v, 10, 64)
		}
		_ = stream.ServeSSE(r.Context(), w, hub, env.DB, p, stream.SSEOptions{LastEventID: last})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// marker is the id readUntil stops at, once set.
var marker atomic.Int64

// readUntil reads a live stream until the event whose id is in marker.
func readUntil(t *testing.T, url, party string) []event {
	return readFn(t, url, party, -1, func(evs []event) bool { return evs[len(evs)-1].id == marker.Load() })
}

type event struct {
	id   int64
	kind string
	data string
}

// client reads events from the stream until it has n or stop returns true.
func read(t *testing.T, url, party string, last int64, n int) []event {
	t.Helper()
	return readFn(t, url, party, last, func(evs []event) bool { return len(evs) >= n })
}

// readFn reads events until stop returns true.
func readFn(t *testing.T, url, party string, last int64, stop func([]event) bool) []event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	req.Header.Set("X-Party", party)
	if last >= 0 {
		req.Header.Set("Last-Event-ID", strconv.FormatInt(last, 10))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	var out []event
	var cur event
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for (len(out) == 0 || !stop(out)) && sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "id: "):
			cur.id, _ = strconv.ParseInt(line[4:], 10, 64)
		case strings.HasPrefix(line, "event: "):
			cur.kind = line[7:]
		case strings.HasPrefix(line, "data: "):
			cur.data = line[6:]
		case line == "" && cur.kind != "":
			out = append(out, cur)
			cur = event{}
		}
	}
	if len(out) == 0 || !stop(out) {
		t.Fatalf("stream ended after %d events: %v", len(out), sc.Err())
	}
	return out
}

// appendMix appends n entries cycling GREEN, AMBER to ru, AMBER to us and
// returns the sequence numbers ru may see.
func appendMix(t *testing.T, env *testnode.Env, n int) []int64 {
	t.Helper()
	rels := []access.Releasability{{TLP: access.TLPGreen}, {TLP: access.TLPAmber, Audience: []string{"ru"}}, {TLP: access.TLPAmber, Audience: []string{"us"}}}
	var visible []int64
	for i := range n {
		es, err := env.Seq.Append(context.Background(), ledger.Change{Draft: ledger.Draft{Party: "un", Author: "t", Kind: "test.event",
			Subject: fmt.Sprint(i), Release: rels[i%3], Payload: map[string]int{"i": i}}})
		if err != nil {
			t.Fatal(err)
		}
		if rels[i%3].VisibleTo("ru") {
			visible = append(visible, es[0].Seq)
		}
	}
	return visible
}

func TestStreamResumesWithoutLossAndHonoursReleasability(t *testing.T) {
	env := testnode.New(t)
	hub := stream.NewHub(stream.HubDeps{})
	env.OnCommit(hub.Publish)
	srv := sseServer(t, env, hub)
	start := env.Hashes.Size() - 1
	want := appendMix(t, env, 30)

	// First connection: resume from before the test entries, read 10.
	first := read(t, srv.URL, "ru", start, 10)
	last := first[len(first)-1].id
	// Meanwhile more is written; reconnect from the last id seen and read
	// the rest, replayed then live.
	var wg sync.WaitGroup
	var more []int64
	wg.Go(func() { more = appendMix(t, env, 30) })
	wg.Wait()
	want = append(want, more...)
	rest := read(t, srv.URL, "ru", last, len(want)-10)
	got := append(first, rest...)
	for i, ev := range got {
		if ev.id != want[i] {
			t.Fatalf("event %d has id %d, want %d (no loss, no duplicate, in order)", i, ev.id, want[i])
		}
		if strings.Contains(ev.data, `"audience":["un","us"]`) {
			t.Fatalf("ru received an entry released to us only: %s", ev.data)
		}
	}

	// A live-only client gets new entries as they commit (and possibly a
	// few committed just before it connected, still being fanned out).
	for hub.Stats().Subscribers != 0 { // the earlier clients hang up
		time.Sleep(time.Millisecond)
	}
	done := make(chan []event)
	go func() { done <- readUntil(t, srv.URL, "ru") }()
	for hub.Stats().Subscribers != 1 {
		time.Sleep(time.Millisecond)
	}
	next := env.Hashes.Size()
	marker.Store(next + 1)       // the 2nd of the next entries, before it exists
	live := appendMix(t, env, 4) // ru sees the 1st, 2nd and 4th
	evs := <-done
	if len(evs) < 2 || evs[len(evs)-2].id != live[0] || evs[len(evs)-1].id != live[1] {
		t.Fatalf("live events %v, want to end with %v", evs, live[:2])
	}

	// The public sees nothing that is not CLEAR: it is not even woken.
	pub := hub.Subscribe(access.Public)
	defer pub.Close()
	appendMix(t, env, 3)
	select {
	case batch := <-pub.C:
		t.Fatalf("the public was sent %d entries it may not see", len(batch))
	case <-time.After(100 * time.Millisecond):
	}
}

func TestSlowSubscriberIsDroppedNotWaitedFor(t *testing.T) {
	hub := stream.NewHub(stream.HubDeps{Buffer: 2, Interval: -1})
	slow := hub.Subscribe(access.Principal{Party: "us"})
	fast := hub.Subscribe(access.Principal{Party: "us"})
	e := []*ledger.Entry{{Seq: 1, Kind: "test.event", Release: access.Releasability{TLP: access.TLPGreen}}}
	done := make(chan struct{})
	go func() {
		for range 100 {
			hub.Publish(e)
			<-fast.C
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish blocked on a slow subscriber")
	}
	n := 0
	for range slow.C {
		n++
	}
	if !slow.Dropped() || n != 2 {
		t.Fatalf("slow subscriber: dropped %v after %d batches, want dropped after 2", slow.Dropped(), n)
	}
	if fast.Dropped() || hub.Stats().Dropped != 1 || hub.Stats().Subscribers != 1 {
		t.Fatalf("stats %+v", hub.Stats())
	}
	hub.Close()
	if _, ok := <-fast.C; ok || fast.Dropped() {
		t.Fatal("Close must end subscriptions without marking them dropped")
	}
}

// blockedWriter is a ResponseWriter whose writes wait until release.
type blockedWriter struct {
	*httptest.ResponseRecorder
	release chan struct{}
	mu      sync.Mutex
}

func (b *blockedWriter) Write(p []byte) (int, error) {
	<-b.release
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ResponseRecorder.Write(p)
}

func (b *blockedWriter) body() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Body.String()
}

func TestDroppedClientIsToldToReconnect(t *testing.T) {
	env := testnode.New(t)
	hub := stream.NewHub(stream.HubDeps{Buffer: 1, Interval: -1})
	defer hub.Close()
	w := &blockedWriter{ResponseRecorder: httptest.NewRecorder(), release: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error)
	go func() {
		errc <- stream.ServeSSE(ctx, w, hub, env.DB, access.Principal{Party: "us"}, stream.SSEOptions{LastEventID: -1})
	}()
	for hub.Stats().Subscribers == 0 {
		time.Sleep(time.Millisecond)
	}
	// The client does not read (its writes block): its buffer fills, and
	// the hub drops it rather than wait.
	for i := int64(1); hub.Stats().Dropped == 0; i++ {
		hub.Publish([]*ledger.Entry{{Seq: i, Kind: "test.event", Release: access.Releasability{TLP: access.TLPGreen}}})
		time.Sleep(time.Millisecond)
	}
	close(w.release)
	if err := <-errc; err != stream.ErrDropped {
		t.Fatalf("err %v", err)
	}
	if !strings.Contains(w.body(), "event: reconnect") {
		t.Fatalf("no reconnect event in %q", w.body())
	}
}
