package app

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/stream"
	"truce/internal/testwait"
)

// idEvent is a stream event with its SSE id and the entry fields read.
type idEvent struct {
	id      int64
	kind    string
	subject string
	origin  string
}

// readStream opens the stream as user, resuming after lastID, and returns
// its events once want of them have arrived or the server went quiet for
// long enough that a keep-alive came (the replay is written before any).
func (n *testNode) readStream(t *testing.T, user string, lastID int64, want int) []idEvent {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", n.srv.URL+"/api/v1/stream?kinds=incident.", nil)
	req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	req.Header.Set("Last-Event-ID", strconv.FormatInt(lastID, 10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []idEvent
	var ev idEvent
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for len(out) < want && sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "id: "):
			ev.id, _ = strconv.ParseInt(line[len("id: "):], 10, 64)
		case strings.HasPrefix(line, "event: "):
			ev.kind = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			var d struct{ Subject, Origin string }
			json.Unmarshal([]byte(line[len("data: "):]), &d)
			ev.subject, ev.origin = d.Subject, d.Origin
		case line == "" && ev.kind != "":
			out = append(out, ev)
			ev = idEvent{}
		}
	}
	return out
}

// signedWith reports whether header, a SignatureHeader value, signs body
// with secret.
func signedWith(secret, header string, body []byte) bool {
	ts, ok := strings.CutPrefix(strings.Split(header, ",")[0], "t=")
	sec, err := strconv.ParseInt(ts, 10, 64)
	return ok && err == nil && secret != "" && stream.Sign(secret, time.Unix(sec, 0), body) == header
}

// TestMirroredEventsReplayedAndDelivered checks that mirrored events a
// client missed while disconnected are replayed when it reconnects with
// Last-Event-ID (each with its id on the node's local timeline, own events
// keeping their sequence numbers), resuming after a mirrored id as after
// an own one; that a party outside an entry's audience gets none of it;
// and that webhooks deliver mirrored entries to subscribers who may see
// them, signed as own ones.
func TestMirroredEventsReplayedAndDelivered(t *testing.T) {
	n := newTestNode(t)
	var mu sync.Mutex
	got := map[string][]string{}
	secrets := map[string]string{}
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var e struct{ Subject, Origin string }
		json.Unmarshal(body, &e)
		mu.Lock()
		defer mu.Unlock()
		if !signedWith(secrets[r.URL.Path], r.Header.Get(stream.SignatureHeader), body) {
			t.Errorf("webhook %s: a delivery whose signature does not verify", r.URL.Path)
		}
		got[r.URL.Path] = append(got[r.URL.Path], e.Subject+"@"+e.Origin)
	}))
	defer recv.Close()
	for _, u := range []string{"ru-liaison", "un-liaison"} {
		code, body, _ := n.do("POST", "/api/v1/webhooks", u, map[string]any{"url": recv.URL + "/" + u})
		var h struct{ Secret string }
		if code != 201 || json.Unmarshal(body, &h) != nil {
			t.Fatalf("webhook for %s: %d %s", u, code, body)
		}
		mu.Lock()
		secrets["/"+u] = h.Secret
		mu.Unlock()
	}

	last := n.app.Hashes.Size() - 1 // what a client saw before it went away
	peer := newPeerLog(t)
	toRu := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}
	peer.report(t, "inc_missed_1", toRu)
	peer.report(t, "inc_missed_2", toRu)
	peer.mirrorInto(t, n, peerOrigin)
	code, body, _ := n.do("POST", "/api/v1/incidents", "un-liaison", map[string]any{"category": incidents.Categories[0],
		"time":     map[string]any{"start": "2016-09-12T11:00:00Z", "precision": incidents.TimePrecisions[0]},
		"location": map[string]any{"type": "Point", "coordinates": []float64{36.1, 37.0}}, "location_precision": "exact",
		"narrative": "own report after", "perpetrator": map[string]any{"kind": "unknown"}, "releasability": map[string]any{"tlp": "GREEN"}})
	var after incidents.Incident
	if code != 201 || json.Unmarshal(body, &after) != nil {
		t.Fatalf("own report: %d %s", code, body)
	}
	own := after.Seq

	evs := n.readStream(t, "ru-observer", last, 3)
	if len(evs) != 3 || evs[0].subject != "incident:inc_missed_1" || evs[1].subject != "incident:inc_missed_2" || evs[2].id != own {
		t.Fatalf("ru replayed %+v, want the two mirrored reports then own entry %d", evs, own)
	}
	for _, ev := range evs[:2] {
		if ev.origin != peerOrigin || ev.id < last+1 || ev.id == own || !n.app.DB.MirroredID(ev.id) {
			t.Fatalf("mirrored event %+v: want origin %s and an id on the local timeline", ev, peerOrigin)
		}
	}
	if again := n.readStream(t, "ru-observer", evs[0].id, 2); len(again) != 2 || again[0].subject != "incident:inc_missed_2" || again[1].id != own {
		t.Fatalf("ru resuming after the first mirrored event got %+v", again)
	}
	for _, ev := range n.readStream(t, "un-observer", last, 1) {
		if strings.HasPrefix(ev.subject, "incident:inc_missed") {
			t.Fatalf("un, outside the audience, was replayed %+v", ev)
		}
	}

	testwait.For(t, 10*time.Second, "ru's webhook has both mirrored reports", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(strings.Join(got["/ru-liaison"], " "), "incident:inc_missed_2@"+peerOrigin)
	})
	testwait.For(t, 10*time.Second, "un's webhook has the own entry after them", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(strings.Join(got["/un-liaison"], " "), "incident:"+after.ID)
	})
	mu.Lock()
	defer mu.Unlock()
	if s := strings.Join(got["/un-liaison"], " "); strings.Contains(s, "inc_missed") {
		t.Fatalf("un's webhook got a mirrored report released to ru and us: %s", s)
	}
	if s := strings.Join(got["/ru-liaison"], " "); !strings.Contains(s, "incident:inc_missed_1@"+peerOrigin) {
		t.Fatalf("ru's webhook: %s", s)
	}
}
