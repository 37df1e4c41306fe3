package app

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestTrackStreamsEndWhenAccessEnds: the live positions (GET
// /api/v1/tracks/stream) end with an "end" event once a cookie session
// logs out, and an NDJSON ingestion stream (POST) ingests nothing more
// once its token is revoked and ends with status 401.
func TestTrackStreamsEndWhenAccessEnds(t *testing.T) {
	n := newTestNode(t)

	t.Run("positions, session logged out", func(t *testing.T) {
		cookie, csrf := n.login("us-liaison")
		events := n.openSSE("/api/v1/tracks/stream", func(r *http.Request) { r.AddCookie(cookie) })
		if ev := <-events; ev.kind != "track" {
			t.Fatalf("first event %+v", ev)
		}
		req, _ := http.NewRequest("DELETE", n.srv.URL+"/api/v1/session", nil)
		req.AddCookie(cookie)
		req.Header.Set("X-CSRF-Token", csrf)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 204 {
			t.Fatalf("logout: %v %v", resp, err)
		}
		// The event being written while the logout committed may still
		// arrive; the next one is the end.
		for got := 0; ; got++ {
			ev, open := <-events
			if !open {
				t.Fatal("the stream closed without an end event")
			}
			if ev.kind == "end" {
				if !strings.Contains(ev.data, "no longer valid") {
					t.Fatalf("end %s", ev.data)
				}
				break
			}
			if got > 0 {
				t.Fatal("positions kept flowing after the session logged out")
			}
		}
	})

	t.Run("ingestion, token revoked", func(t *testing.T) {
		srv := streamServer(t, n)
		code, body, _ := n.do("POST", "/api/v1/tokens", "us-liaison", map[string]any{"name": "feed"})
		if code != 201 {
			t.Fatalf("issue: %d %s", code, body)
		}
		var tok struct{ ID, Secret string }
		_ = json.Unmarshal(body, &tok)
		now := time.Now().UTC()
		ts := openTrackStream(t, srv, tok.Secret)
		if _, err := ts.w.Write(reportLine("before-revoke", 37.0, now)); err != nil {
			t.Fatal(err)
		}
		for l := range ts.status { // acknowledged: it was ingested
			if l.Accepted == 1 {
				break
			}
		}
		if code, body, _ := n.do("DELETE", "/api/v1/tokens/"+tok.ID, "us-liaison", nil); code != 204 {
			t.Fatalf("revoke: %d %s", code, body)
		}
		_, _ = ts.w.Write(reportLine("after-revoke", 37.1, now))
		end, _ := ts.end(t)
		if end.Status != 401 || end.Accepted != 1 || !strings.Contains(end.Reason, "no longer valid") {
			t.Fatalf("end %+v", end)
		}
		for _, tr := range n.app.Flights.Tracks(n.principal("us-liaison")) {
			if tr.ID == "after-revoke" {
				t.Fatal("a report sent after the revocation was ingested")
			}
		}
	})
}
