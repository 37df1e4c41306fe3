package sources

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
)

func TestParseFeed(t *testing.T) {
	tests := []struct {
		name, doc string
		title     string
		items     []Item
		err       string
	}{
		{"rss", `<rss version="2.0"><channel><title> Wire </title><item><title>A</title><link>https://x.example/a</link>` +
			`<description>Shelling hit Saraqib.</description><pubDate>Thu, 12 Mar 2026 08:00:00 +0000</pubDate></item></channel></rss>`,
			"Wire", []Item{{Title: "A", Link: "https://x.example/a", Body: "Shelling hit Saraqib.", Published: time.Date(2026, 3, 12, 8, 0, 0, 0, time.UTC)}}, ""},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry</title><entry><title>B</title>` +
			`<link rel="self" href="https://x.example/self"/><link href="https://x.example/b"/><summary>s</summary><content>c</content>` +
			`<updated>2026-03-12T08:00:00Z</updated></entry></feed>`,
			"Ministry", []Item{{Title: "B", Link: "https://x.example/b", Body: "c", Published: time.Date(2026, 3, 12, 8, 0, 0, 0, time.UTC)}}, ""},
		{"neither", `<html><body>x</body></html>`, "", nil, "neither an RSS"},
		{"not XML", `{"items": []}`, "", nil, "not a well-formed XML feed"},
		{"cut short", `<rss version="2.0"><channel><item><title>A`, "", nil, "unexpected EOF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			title, items, err := ParseFeed([]byte(tc.doc))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil || title != tc.title || len(items) != len(tc.items) {
				t.Fatalf("ParseFeed = %q, %+v, %v", title, items, err)
			}
			for i := range items {
				if items[i] != tc.items[i] {
					t.Errorf("item %d = %+v, want %+v", i, items[i], tc.items[i])
				}
			}
		})
	}
}

// TestPollCutsFeedsThatNeverEnd polls a loopback feed that sends a little
// and then never ends, and one that sends more than the size bound: each
// poll ends at its bound with an error saying why, before any item is
// submitted.
func TestPollCutsFeedsThatNeverEnd(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<rss version="2.0"><channel>`))
		w.(http.Flusher).Flush()
		<-r.Context().Done() // never ends: the poll must cut it
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		for r.Context().Err() == nil {
			if _, err := w.Write([]byte(strings.Repeat("x", 4096))); err != nil {
				return
			}
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	by := access.Principal{UserID: "feed", Party: "us", Role: access.RoleAnalyst}
	// Each bound is tested alone: the big feed gets a time bound it cannot
	// reach first even on a loaded machine, the slow one a size bound it
	// never reaches.
	for _, c := range []struct {
		path    string
		timeout time.Duration
		want    string
	}{
		{"/slow", 200 * time.Millisecond, "did not finish within 200ms"},
		{"/big", time.Minute, "larger than 1048576 bytes"},
	} {
		s := NewService(Deps{FeedTimeout: c.timeout, FeedMaxBytes: 1 << 20, AllowNonPublic: true})
		start := time.Now()
		items, err := s.poll(context.Background(), &Feed{FeedRegistered: FeedRegistered{ID: "f", URL: srv.URL + c.path}}, by)
		if len(items) != 0 || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("poll %s = %d items, %v; want an error containing %q", c.path, len(items), err, c.want)
		}
		if d := time.Since(start); d > 50*time.Second {
			t.Errorf("poll %s took %s", c.path, d)
		}
	}
}
