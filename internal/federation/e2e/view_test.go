package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// streamEvent is one event of a node's /api/v1/stream, with the fields of
// its entry that the tests read. A "record" event (the record as the
// caller may see it, sent before a live entry) has none of them; Raw is
// every event's data, for the releasability checks.
type streamEvent struct {
	Kind    string
	Raw     string `json:"-"`
	Seq     int64  `json:"seq"`
	Party   string `json:"party"`
	Subject string `json:"subject"`
	Origin  string `json:"origin"` // set on mirrored entries only
	Payload struct {
		Incident struct {
			ID         string `json:"id"`
			ExternalID string `json:"external_id"`
		} `json:"incident"`
	} `json:"payload"`
	// At is when the event was read.
	At time.Time
}

// openStream opens n's event stream of kinds as token and returns its
// events once the node has subscribed the client (its first bytes are
// read); the channel closes when the stream ends or t ends.
func (n *node) openStream(t testing.TB, token, kinds string) <-chan streamEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", n.url+"/api/v1/stream?kinds="+kinds, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req) // no timeout: the stream lasts the test
	if err != nil {
		cancel()
		t.Fatalf("%s: stream: %v", n.party, err)
	}
	if resp.StatusCode != http.StatusOK {
		cancel()
		t.Fatalf("%s: stream: %s", n.party, resp.Status)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() { // "retry: …": the hub has subscribed the client
		cancel()
		t.Fatalf("%s: stream ended at once", n.party)
	}
	out := make(chan streamEvent, 4096)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		defer resp.Body.Close()
		var kind string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				kind = line[len("event: "):]
			case strings.HasPrefix(line, "data: ") && kind != "":
				ev := streamEvent{Kind: kind, Raw: line[len("data: "):], At: time.Now()}
				if json.Unmarshal([]byte(ev.Raw), &ev) == nil {
					select {
					case out <- ev:
					default: // a reader that stopped reading loses events, not the stream
					}
				}
				kind = ""
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return out
}

// waitEvent returns the first event of events for which match holds, and the
// events skipped before it; it fails after limit.
func waitEvent(t testing.TB, events <-chan streamEvent, limit time.Duration, what string, match func(streamEvent) bool) (streamEvent, []streamEvent) {
	t.Helper()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	var skipped []streamEvent
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("the stream ended before %s", what)
			}
			if match(ev) {
				return ev, skipped
			}
			skipped = append(skipped, ev)
		case <-timer.C:
			t.Fatalf("no %s within %s", what, limit)
		}
	}
}

// checkSeenAcross checks what users see of the federation: a report us
// releases to us and ru, written on us's node, reaches the stream of ru's
// node and its incident list and record, labelled with us's origin; un's
// node, which may not see it, neither streams nor lists it, but streams
// and lists us's GREEN report written after it.
func checkSeenAcross(t *testing.T, us, ru, un *node) {
	t.Helper()
	ruEvents := ru.openStream(t, ru.token, "incident.")
	unEvents := un.openStream(t, un.token, "incident.")
	ids := map[string]string{}
	for _, w := range []struct{ ext, tlp string }{{"seen-across-amber", "AMBER"}, {"seen-across-green", "GREEN"}} {
		var aud []string
		if w.tlp == "AMBER" {
			aud = []string{"us", "ru"}
		}
		code, b := us.call("POST", "/api/v1/incidents", us.token, incident(w.ext, "seen across "+w.ext, w.tlp, aud...))
		var inc struct {
			ID string `json:"id"`
		}
		if code != http.StatusCreated || json.Unmarshal(b, &inc) != nil {
			t.Fatalf("us: report %s: %d %s", w.ext, code, b)
		}
		ids[w.ext] = inc.ID
	}
	usOrigin := "e2e.truce.test/us"
	ev, _ := waitEvent(t, ruEvents, 60*time.Second, "us's AMBER report on ru's stream", func(ev streamEvent) bool {
		return ev.Payload.Incident.ExternalID == "seen-across-amber"
	})
	if ev.Origin != usOrigin || ev.Party != "us" {
		t.Errorf("ru's stream: us's report with origin %q party %q, want %s, us", ev.Origin, ev.Party, usOrigin)
	}
	_, skipped := waitEvent(t, unEvents, 60*time.Second, "us's GREEN report on un's stream", func(ev streamEvent) bool {
		return ev.Payload.Incident.ExternalID == "seen-across-green"
	})
	for _, ev := range skipped {
		if ev.Payload.Incident.ExternalID == "seen-across-amber" {
			t.Errorf("un's stream carried us's report released to us and ru only")
		}
	}
	for _, c := range []struct {
		n    *node
		ext  string
		sees bool
	}{{ru, "seen-across-amber", true}, {ru, "seen-across-green", true}, {un, "seen-across-green", true}, {un, "seen-across-amber", false}} {
		code, b := c.n.call("GET", "/api/v1/incidents/"+ids[c.ext], c.n.token, nil)
		var in struct {
			Origin string `json:"origin"`
		}
		switch {
		case c.sees && (code != http.StatusOK || json.Unmarshal(b, &in) != nil || in.Origin != usOrigin):
			t.Errorf("%s: GET us's %s: %d origin %q, want 200 from %s", c.n.party, c.ext, code, in.Origin, usOrigin)
		case !c.sees && code != http.StatusNotFound:
			t.Errorf("%s: GET us's %s: %d, want 404", c.n.party, c.ext, code)
		}
		_, list := c.n.call("GET", "/api/v1/incidents?limit=1000", c.n.token, nil)
		if listed := strings.Contains(string(list), `"external_id":"`+c.ext+`"`); listed != c.sees {
			t.Errorf("%s: us's %s listed: %v, want %v", c.n.party, c.ext, listed, c.sees)
		}
	}
}
