package app

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/testwait"
)

// rssHead and rssTail open and close the documents of rssOf.
const (
	rssHead = `<?xml version="1.0"?><rss version="2.0"><channel><title>Levant Wire</title>`
	rssTail = `</channel></rss>`
)

// rssOf returns an RSS 2.0 document with one item per text.
func rssOf(texts map[string]string) string {
	var b strings.Builder
	b.WriteString(rssHead)
	for link, text := range texts {
		var esc strings.Builder
		xml.EscapeText(&esc, []byte(text))
		fmt.Fprintf(&b, `<item><title>Report</title><link>%s</link><description>%s</description></item>`, link, esc.String())
	}
	b.WriteString(rssTail)
	return b.String()
}

// TestSourcesFeeds registers three loopback feeds with the node's poller:
// an RSS feed and an Atom feed, whose items become sources once each
// (a second poll ingests nothing), and a feed that never ends, which is cut
// with its error recorded. Waits are on conditions.
func TestSourcesFeeds(t *testing.T) {
	n := newTestNode(t)
	analyst := n.addUser("un", access.RoleAnalyst)
	rss := rssOf(map[string]string{"https://wire.example/1": corpus(t, "en01.txt"), "https://wire.example/3": corpus(t, "en03.txt")})
	var atomText strings.Builder
	xml.EscapeText(&atomText, []byte(corpus(t, "en04.txt")))
	atom := `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry</title>` +
		`<entry><title>Statement</title><link href="https://ministry.example/4"/><updated>2026-03-25T08:00:00Z</updated><content>` +
		atomText.String() + `</content></entry></feed>`
	mux := http.NewServeMux()
	mux.HandleFunc("/rss", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(rss)) })
	mux.HandleFunc("/atom", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(atom)) })
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
		chunk := []byte(strings.Repeat("never ends ", 1000))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	feeds := httptest.NewServer(mux)
	defer feeds.Close()

	ids := map[string]string{}
	for _, path := range []string{"/rss", "/atom", "/endless"} {
		st, b, _ := n.do("POST", "/api/v1/feeds", analyst, map[string]any{"url": feeds.URL + path, "interval_seconds": 3600,
			"releasability": map[string]any{"tlp": "GREEN"}})
		var f struct {
			ID string `json:"id"`
		}
		decodeInto(t, st, b, 201, &f)
		ids[path] = f.ID
	}
	type feed struct {
		Items      int    `json:"items"`
		LastPolled string `json:"last_polled"`
		LastError  string `json:"last_error"`
	}
	get := func(id string) feed {
		st, b, _ := n.do("GET", "/api/v1/feeds/"+id, analyst, nil)
		var f feed
		decodeInto(t, st, b, 200, &f)
		return f
	}
	testwait.For(t, 30*time.Second, "every feed polled", func() bool {
		return get(ids["/rss"]).LastPolled != "" && get(ids["/atom"]).LastPolled != "" && get(ids["/endless"]).LastPolled != ""
	})
	if f := get(ids["/rss"]); f.Items != 2 || f.LastError != "" {
		t.Fatalf("RSS feed after a poll: %+v, want 2 items and no error", f)
	}
	if f := get(ids["/atom"]); f.Items != 1 || f.LastError != "" {
		t.Fatalf("Atom feed after a poll: %+v, want 1 item and no error", f)
	}
	if f := get(ids["/endless"]); f.Items != 0 || !strings.Contains(f.LastError, "larger than") {
		t.Fatalf("endless feed after a poll: %+v, want it cut with an error saying so", f)
	}
	// The feeds' items are sources with drafts, released as the feed; ru
	// (GREEN) sees them in its queue.
	st, b, _ := n.do("GET", "/api/v1/drafts?limit=1000", "ru-liaison", nil)
	var queue struct {
		Items []apiDraft `json:"items"`
	}
	decodeInto(t, st, b, 200, &queue)
	sourcesSeen := map[string]bool{}
	for _, d := range queue.Items {
		sourcesSeen[d.SourceID] = true
	}
	if len(sourcesSeen) != 3 {
		t.Fatalf("the queue holds drafts of %d sources, want the 3 feed items", len(sourcesSeen))
	}
	// Polling again ingests nothing: each item is ingested once.
	size := n.app.Hashes.Size()
	f, err := n.app.Sources.GetFeed(context.Background(), access.Principal{UserID: "x", Party: "un"}, ids["/rss"])
	if err != nil {
		t.Fatal(err)
	}
	n.app.Sources.Poll(context.Background(), f)
	if got := get(ids["/rss"]); got.Items != 2 || n.app.Hashes.Size() != size {
		t.Fatalf("a second poll: %+v, log %d → %d entries; want nothing new", got, size, n.app.Hashes.Size())
	}
	// Bad registrations change nothing.
	for _, body := range []map[string]any{
		{"url": "ftp://x", "interval_seconds": 60},
		{"url": feeds.URL + "/rss", "interval_seconds": 0},
		{"url": feeds.URL + "/rss", "interval_seconds": 60, "lang": "de"},
	} {
		if st, b, _ := n.do("POST", "/api/v1/feeds", analyst, body); st != 422 {
			t.Errorf("feed %v: %d %s, want 422", body, st, b)
		}
	}
	if n.app.Hashes.Size() != size {
		t.Fatalf("bad feed registrations grew the log")
	}
}
