package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/sources"
	"truce/internal/sources/extract"
	"truce/internal/testwait"
)

// TestFeedPollsRunTogetherAndLogOnce registers two loopback feeds that the
// node polls once while they are empty. Hours later a second service over
// the node's store polls both: each feed answers only once the other
// has been asked (or after 5 s), so one poll at a time cuts the first
// (FeedPolls 1), while polls run together fetch both; each poll logs its
// new items, once each although the feed repeats one, and its feed.polled
// entry in one write.
func TestFeedPollsRunTogetherAndLogOnce(t *testing.T) {
	n := newTestNode(t)
	analyst := n.addUser("un", access.RoleAnalyst)
	// Phase 0: the feeds answer at once, empty; 1: each waits for the
	// other, then answers empty; 2: each waits for the other, then answers
	// its items.
	var phase atomic.Int32
	// asked closes a path's channel when the path is first asked for;
	// reset gives fresh ones.
	var mu sync.Mutex
	var asked map[string]chan struct{}
	reset := func() {
		mu.Lock()
		defer mu.Unlock()
		asked = map[string]chan struct{}{"/a": make(chan struct{}), "/b": make(chan struct{})}
	}
	reset()
	ask := func(path string) (other <-chan struct{}) {
		mu.Lock()
		defer mu.Unlock()
		select {
		case <-asked[path]:
		default:
			close(asked[path])
		}
		return asked[map[string]string{"/a": "/b", "/b": "/a"}[path]]
	}
	body := map[string]string{
		"/a": rssOf(map[string]string{"https://wire.example/a1": corpus(t, "en01.txt")}),
		// b repeats its first item under the same link.
		"/b": strings.Replace(rssOf(map[string]string{"https://wire.example/b3": corpus(t, "en03.txt")}), rssTail,
			strings.TrimSuffix(strings.TrimPrefix(rssOf(map[string]string{
				"https://wire.example/b4": corpus(t, "en04.txt"),
				"https://wire.example/b3": corpus(t, "en03.txt"),
			}), rssHead), rssTail)+rssTail, 1),
	}
	handler := func(w http.ResponseWriter, r *http.Request) {
		empty := rssHead + rssTail
		if phase.Load() == 0 {
			w.Write([]byte(empty))
			return
		}
		select {
		case <-ask(r.URL.Path):
			if phase.Load() == 1 {
				w.Write([]byte(empty))
			} else {
				w.Write([]byte(body[r.URL.Path]))
			}
		case <-time.After(5 * time.Second):
			http.Error(w, "the other feed was never asked", http.StatusServiceUnavailable)
		}
	}
	feeds := httptest.NewServer(http.HandlerFunc(handler))
	defer feeds.Close()
	ids := map[string]string{}
	for _, path := range []string{"/a", "/b"} {
		st, b, _ := n.do("POST", "/api/v1/feeds", analyst, map[string]any{"url": feeds.URL + path, "interval_seconds": 3600,
			"releasability": map[string]any{"tlp": "GREEN"}})
		var f struct {
			ID string `json:"id"`
		}
		decodeInto(t, st, b, 201, &f)
		ids[path] = f.ID
	}
	ctx := context.Background()
	un := access.Principal{UserID: "x", Party: "un"}
	polled := func(path string) *sources.Feed {
		f, err := n.app.Sources.GetFeed(ctx, un, ids[path])
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	testwait.For(t, 30*time.Second, "the node's first poll of both feeds", func() bool {
		return polled("/a").LastPolled != "" && polled("/b").LastPolled != ""
	})

	pages, err := sources.NewPages(filepath.Join(t.TempDir(), "pages"))
	if err != nil {
		t.Fatal(err)
	}
	service := func(log *racingLog, polls int, later time.Duration) *sources.Service {
		return sources.NewService(sources.Deps{Store: n.app.DB.Sources(), Log: log, Incidents: n.app.Incidents,
			Extractor: extract.New(n.app.Places), Pages: pages, Known: n.app.knownParty, AllowNonPublic: true,
			FeedTimeout: 20 * time.Second, FeedPolls: polls, Now: func() time.Time { return time.Now().Add(later) }})
	}

	// One at a time: the first feed polled waits for the other in vain.
	phase.Store(1)
	one := &racingLog{seq: n.app.Sequencer}
	if err := service(one, 1, 2*time.Hour).PollDue(ctx); err != nil {
		t.Fatal(err)
	}
	if polled("/a").LastError == "" && polled("/b").LastError == "" {
		t.Fatalf("polled one at a time, neither feed was cut (calls %v): the test cannot tell polls that run together", one.calls)
	}

	// Together, with fresh barriers: both answer.
	reset()
	phase.Store(2)
	log := &racingLog{seq: n.app.Sequencer}
	if err := service(log, 2, 4*time.Hour).PollDue(ctx); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/a", "/b"} {
		if f := polled(p); f.LastError != "" {
			t.Fatalf("feed %s polled together with the other: %q", p, f.LastError)
		}
	}
	if got := polled("/a").Items + polled("/b").Items; got != 3 {
		t.Fatalf("the feeds hold %d items, want 3 (a's one, b's two, b's repeat once)", got)
	}
	var writes []string
	for _, c := range log.calls {
		if slices.Contains(c, sources.KindSubmitted) {
			writes = append(writes, strings.Join(c, ","))
			if c[len(c)-1] != sources.KindFeedPolled {
				t.Errorf("a poll's write %v does not end with its %s entry", c, sources.KindFeedPolled)
			}
		}
	}
	slices.Sort(writes)
	want := []string{"source.submitted,feed.polled", "source.submitted,source.submitted,feed.polled"}
	if !slices.Equal(writes, want) {
		t.Fatalf("writes of the polls: %v, want %v (one per feed)", writes, want)
	}
}
