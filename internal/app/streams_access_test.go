package app

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
)

// sseEvent is one event of a text/event-stream.
type sseEvent struct{ kind, data string }

// openSSE opens path as a stream with the request prepared by auth and
// returns its events; the channel closes when the server ends the stream.
func (n *testNode) openSSE(path string, auth func(*http.Request)) <-chan sseEvent {
	n.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	n.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", n.srv.URL+path, nil)
	auth(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		n.t.Fatalf("GET %s: %s", path, resp.Status)
	}
	out := make(chan sseEvent, 64)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.kind = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[len("data: "):]
			case line == "" && ev.kind != "":
				out <- ev
				ev = sseEvent{}
			}
		}
	}()
	return out
}

// bearer authenticates a request with token.
func bearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

// login opens a session for user and returns its cookie and CSRF token.
func (n *testNode) login(user string) (*http.Cookie, string) {
	n.t.Helper()
	body := `{"username":"` + user + `","password":"password-` + user + `"}`
	resp, err := http.Post(n.srv.URL+"/api/v1/session", "application/json", strings.NewReader(body))
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	var sess struct {
		CSRF string `json:"csrf_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&sess)
	for _, c := range resp.Cookies() {
		if c.Name == "truce_session" && resp.StatusCode == 201 {
			return c, sess.CSRF
		}
	}
	n.t.Fatalf("login %s: %s", user, resp.Status)
	return nil, ""
}

// untilEnd reads events, calling poke (which commits an entry the stream's
// caller may see) after each one, until the stream sends its final "end"
// event, which it returns. An event of an entry committed after head
// (head < 0: no bound) fails the test: the caller's access had ended.
func untilEnd(t *testing.T, events <-chan sseEvent, poke func(), head int64) sseEvent {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case ev, open := <-events:
			if !open {
				t.Fatal("the stream closed without an end event")
			}
			if ev.kind == "end" {
				return ev
			}
			var e struct{ Seq int64 }
			_ = json.Unmarshal([]byte(ev.data), &e)
			if head >= 0 && e.Seq > head {
				t.Fatalf("the stream delivered entry %d (%s), committed after the caller's access ended at %d", e.Seq, ev.kind, head)
			}
			poke()
		case <-deadline:
			t.Fatal("the stream neither ended nor delivered")
		}
	}
}

// TestEventStreamEndsWhenAccessEnds opens GET /api/v1/stream in every way a
// caller's access can end and requires each stream to end with an "end"
// event saying why, instead of delivering what is committed afterwards.
func TestEventStreamEndsWhenAccessEnds(t *testing.T) {
	n := newTestNode(t)
	ctx := context.Background()
	// poke commits an entry every us user may see (a token issued to us-admin).
	poke := func() {
		if code, body, _ := n.do("POST", "/api/v1/tokens", "us-admin", map[string]any{"name": "poke"}); code != 201 {
			t.Fatalf("poke: %d %s", code, body)
		}
	}
	issue := func(ttl int) (id, secret string) {
		code, body, _ := n.do("POST", "/api/v1/tokens", "us-liaison", map[string]any{"name": "stream", "ttl_seconds": ttl})
		if code != 201 {
			t.Fatalf("issue: %d %s", code, body)
		}
		var tok struct{ ID, Secret string }
		_ = json.Unmarshal(body, &tok)
		return tok.ID, tok.Secret
	}
	revokeID, revokeSecret := issue(0)
	var cookie *http.Cookie
	var csrf string
	cases := []struct {
		name    string
		open    func() <-chan sseEvent
		cut     func()
		bounded bool // nothing committed after cut may be delivered
		reason  string
	}{
		{"token revoked", func() <-chan sseEvent { return n.openSSE("/api/v1/stream", bearer(revokeSecret)) }, func() {
			if code, body, _ := n.do("DELETE", "/api/v1/tokens/"+revokeID, "us-liaison", nil); code != 204 {
				t.Fatalf("revoke: %d %s", code, body)
			}
		}, true, "no longer valid"},
		// It delivers until it expires, a second or two after it was issued.
		{"token expired", func() <-chan sseEvent {
			_, secret := issue(2)
			return n.openSSE("/api/v1/stream", bearer(secret))
		}, func() {}, false, "no longer valid"},
		{"session logged out", func() <-chan sseEvent {
			cookie, csrf = n.login("us-liaison")
			return n.openSSE("/api/v1/stream", func(r *http.Request) { r.AddCookie(cookie) })
		}, func() {
			req, _ := http.NewRequest("DELETE", n.srv.URL+"/api/v1/session", nil)
			req.AddCookie(cookie)
			req.Header.Set("X-CSRF-Token", csrf)
			resp, err := http.DefaultClient.Do(req)
			if err != nil || resp.StatusCode != 204 {
				t.Fatalf("logout: %v %v", resp, err)
			}
			resp.Body.Close()
		}, true, "no longer valid"},
		{"role changed", func() <-chan sseEvent {
			c, _ := n.login("us-observer")
			return n.openSSE("/api/v1/stream", func(r *http.Request) { r.AddCookie(c) })
		}, func() {
			// What committing a role change does: the projection changes
			// and the accounts service observes a user.* entry.
			if _, err := n.app.DB.SQL.ExecContext(ctx, `UPDATE users SET role = 'analyst' WHERE username = 'us-observer'`); err != nil {
				t.Fatal(err)
			}
			n.app.Accounts.Observe([]*ledger.Entry{{Kind: "user.role_changed"}})
		}, true, "role or party changed"},
		{"user disabled", func() <-chan sseEvent { return n.openSSE("/api/v1/stream", bearer(n.tokens["us-observer"])) }, func() {
			u, err := n.app.Accounts.Store().UserByName(ctx, nil, "us-observer")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := n.app.Sequencer.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-admin",
				Kind: accounts.KindUserDisabled, Subject: "user:" + u.ID, Release: access.Releasability{TLP: access.TLPRed, Audience: []string{"us"}},
				Payload: accounts.UserDisabled{UserID: u.ID}}}); err != nil {
				t.Fatal(err)
			}
		}, true, "no longer valid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			events := tc.open()
			poke()
			if ev, open := <-events; !open || ev.kind == "end" {
				t.Fatalf("first event %+v", ev)
			}
			tc.cut()
			head := int64(-1)
			if tc.bounded {
				head = n.app.Hashes.Size() - 1
			}
			poke()
			end := untilEnd(t, events, poke, head)
			if !strings.Contains(end.data, tc.reason) {
				t.Fatalf("end event %s, want a reason with %q", end.data, tc.reason)
			}
			if _, open := <-events; open {
				t.Fatal("the stream went on after its end event")
			}
		})
	}
}
