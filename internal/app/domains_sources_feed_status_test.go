package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/sources"
	"truce/internal/sources/extract"
	"truce/internal/store"
	"truce/internal/testwait"
	"truce/internal/verify"
)

// TestFeedPauseResumeRemove: us's analyst pauses a feed (it is not polled),
// resumes it (it is polled and ingests again) and removes it (never polled
// again, cannot be resumed, keeps its record and sources). Only analysts
// and reporters of the feed's party may do so: ru, which may see the
// GREEN feed, gets 403, and neither lists nor finds the AMBER one (404).
// Refused changes log nothing, and a replay gives the same feeds.
func TestFeedPauseResumeRemove(t *testing.T) {
	n := newTestNode(t)
	analyst := n.addUser("us", access.RoleAnalyst)
	ruAnalyst := n.addUser("ru", access.RoleAnalyst)
	var requests atomic.Int64
	var item atomic.Value
	item.Store(rssHead + rssTail)
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path != "/GREEN" {
			w.Write([]byte(rssHead + rssTail))
			return
		}
		w.Write([]byte(item.Load().(string)))
	}))
	defer feeds.Close()
	register := func(tlp string) string {
		st, b, _ := n.do("POST", "/api/v1/feeds", analyst, map[string]any{"url": feeds.URL + "/" + tlp, "interval_seconds": 3600,
			"releasability": map[string]any{"tlp": tlp}})
		var f struct {
			ID string `json:"id"`
		}
		decodeInto(t, st, b, 201, &f)
		return f.ID
	}
	green, amber := register("GREEN"), register("AMBER")
	type feed struct {
		Status        string `json:"status"`
		StatusReason  string `json:"status_reason"`
		StatusChanged string `json:"status_changed"`
		LastPolled    string `json:"last_polled"`
		Items         int    `json:"items"`
	}
	get := func(id, user string) feed {
		t.Helper()
		st, b, _ := n.do("GET", "/api/v1/feeds/"+id, user, nil)
		var f feed
		decodeInto(t, st, b, 200, &f)
		return f
	}
	// The node polls each new feed once; then not for an hour.
	testwait.For(t, 30*time.Second, "the node's first poll of both feeds", func() bool {
		return get(green, analyst).LastPolled != "" && get(amber, analyst).LastPolled != ""
	})
	if f := get(green, analyst); f.Status != sources.FeedActive {
		t.Fatalf("a new feed: status %q, want active", f.Status)
	}

	// pollLater polls every due feed as the node would hours later, and
	// returns how many requests reached the feeds.
	later := time.Duration(0)
	pages, err := sources.NewPages(filepath.Join(t.TempDir(), "pages"))
	if err != nil {
		t.Fatal(err)
	}
	pollLater := func() int64 {
		t.Helper()
		later += 2 * time.Hour
		at := later
		before := requests.Load()
		s := sources.NewService(sources.Deps{Store: n.app.DB.Sources(), Log: n.app.Sequencer, Incidents: n.app.Incidents,
			Extractor: extract.New(n.app.Places), Pages: pages, Known: n.app.knownParty, AllowNonPublic: true,
			FeedTimeout: 20 * time.Second, FeedPolls: 2, Now: func() time.Time { return time.Now().Add(at) }})
		if err := s.PollDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		return requests.Load() - before
	}

	// Refusals change nothing.
	size := n.logSize()
	for _, tc := range []struct {
		name, method, path, user string
		body                     any
		want                     int
	}{
		{"another party's analyst, who may see it", "POST", "/api/v1/feeds/" + green + "/pause", ruAnalyst, map[string]any{}, 403},
		{"another party's analyst, who may not see it", "POST", "/api/v1/feeds/" + amber + "/pause", ruAnalyst, nil, 404},
		{"the party's observer", "POST", "/api/v1/feeds/" + green + "/pause", "us-observer", nil, 403},
		{"an unknown feed", "DELETE", "/api/v1/feeds/feed_nope", analyst, nil, 404},
		{"a reason too long", "POST", "/api/v1/feeds/" + green + "/pause", analyst, map[string]any{"reason": strings.Repeat("x", 2001)}, 422},
		{"an unknown field", "POST", "/api/v1/feeds/" + green + "/pause", analyst, map[string]any{"why": "x"}, 400},
		{"resuming an active feed", "POST", "/api/v1/feeds/" + green + "/resume", analyst, nil, 409},
	} {
		st, b, _ := n.do(tc.method, tc.path, tc.user, tc.body)
		if st != tc.want || !strings.Contains(string(b), `"status":`) {
			t.Errorf("%s: %d %s, want a %d problem", tc.name, st, b, tc.want)
		}
	}
	if n.logSize() != size {
		t.Fatalf("refused changes grew the log %d → %d", size, n.logSize())
	}

	// Paused: not polled.
	st, b, _ := n.do("POST", "/api/v1/feeds/"+green+"/pause", analyst, map[string]any{"reason": "publisher down for maintenance"})
	var f feed
	decodeInto(t, st, b, 200, &f)
	if f.Status != sources.FeedPaused || f.StatusReason != "publisher down for maintenance" || f.StatusChanged == "" {
		t.Fatalf("paused feed: %+v", f)
	}
	if st, b, _ := n.do("POST", "/api/v1/feeds/"+green+"/pause", analyst, nil); st != 409 {
		t.Fatalf("pausing a paused feed: %d %s, want 409", st, b)
	}
	item.Store(rssOf(map[string]string{"https://wire.example/p1": corpus(t, "en01.txt")}))
	if got := pollLater(); got != 1 {
		t.Fatalf("with the GREEN feed paused, %d feeds were asked, want only the AMBER one", got)
	}
	if get(green, analyst).Items != 0 {
		t.Fatal("a paused feed ingested items")
	}

	// Resumed: polled again, and its new item is ingested.
	st, b, _ = n.do("POST", "/api/v1/feeds/"+green+"/resume", analyst, nil)
	decodeInto(t, st, b, 200, &f)
	if f.Status != sources.FeedActive {
		t.Fatalf("resumed feed: %+v", f)
	}
	if got := pollLater(); got != 2 {
		t.Fatalf("with both feeds active, %d were asked, want 2", got)
	}
	if f := get(green, analyst); f.Items != 1 {
		t.Fatalf("the resumed feed holds %d items, want 1", f.Items)
	}

	// Removed: never polled again, not resumable, but kept with its sources.
	st, b, _ = n.do("DELETE", "/api/v1/feeds/"+green, analyst, nil)
	decodeInto(t, st, b, 200, &f)
	if f.Status != sources.FeedRemoved || f.Items != 1 {
		t.Fatalf("removed feed: %+v, want removed with its item", f)
	}
	for _, path := range []string{"/resume", "/pause"} {
		if st, b, _ := n.do("POST", "/api/v1/feeds/"+green+path, analyst, nil); st != 409 {
			t.Fatalf("%s on a removed feed: %d %s, want 409", path, st, b)
		}
	}
	if got := pollLater(); got != 1 {
		t.Fatalf("with the GREEN feed removed, %d feeds were asked, want only the AMBER one", got)
	}

	// ru lists the GREEN feed with its status, never the AMBER one.
	st, b, _ = n.do("GET", "/api/v1/feeds", ruAnalyst, nil)
	var list struct {
		Items []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"items"`
	}
	decodeInto(t, st, b, 200, &list)
	if len(list.Items) != 1 || list.Items[0].ID != green || list.Items[0].Status != sources.FeedRemoved {
		t.Fatalf("ru's feeds: %+v, want only the GREEN one, removed", list.Items)
	}

	// A replay of the log gives the same feeds.
	n.srv.Close()
	n.app.Close()
	n.app = nil
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(n.dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys, err := LoadNodeKeys(n.dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := verify.Deep(ctx, db, keys.Verifier, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("deep verification after pausing, resuming and removing feeds: %+v", rep.Problems)
	}
}
