package app

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// TestNotificationIsNotPermission checks over the API that there is no
// route to refuse a notification (404 on every method and both types),
// that a query and a record of passing on leave the notification's status
// and every receipt as they were, that only the notifier answers a query,
// and that bad requests get a problem and change nothing.
func TestNotificationIsNotPermission(t *testing.T) {
	n := newTestNode(t)
	site := map[string]any{"kind": "hospital", "names": map[string]string{"en": "M10 hospital"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.2}}, "buffer_m": 300, "parties": []string{"ru", "us"}}
	code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site)
	if code != 201 {
		t.Fatalf("notify: %d %s", code, body)
	}
	type notice struct {
		ID, Status string
		Version    int
		Acks       []struct{ Party, Status string } `json:"acknowledgements"`
		Queries    []struct {
			Seq       int64
			Party     string
			AnswerSeq int64 `json:"answer_seq"`
		}
	}
	var s notice
	json.Unmarshal(body, &s)
	standing := func(x notice) string { return fmt.Sprint(x.Status, x.Version, x.Acks) }
	want := standing(s)
	at := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	base := "/api/v1/sites/" + s.ID

	before := n.app.Hashes.Size()
	for _, tc := range []struct {
		name, method, path, user string
		body                     any
		status                   int
	}{
		{"refuse a site", "POST", base + "/refuse", "ru-liaison", map[string]any{"version": 1, "reason": "no"}, 404},
		{"refuse with GET", "GET", base + "/refuse", "ru-liaison", nil, 404},
		{"refuse a movement", "POST", "/api/v1/movements/mov_x/refuse", "ru-liaison", map[string]any{"version": 1, "reason": "no"}, 404},
		{"acknowledge with a reason", "POST", base + "/acknowledge", "ru-liaison", map[string]any{"version": 1, "reason": "refused"}, 400},
		{"query without text", "POST", base + "/queries", "ru-liaison", map[string]any{"version": 1, "text": ""}, 422},
		{"query by an observer", "POST", base + "/queries", "ru-observer", map[string]any{"version": 1, "text": "why"}, 403},
		{"query a stale version", "POST", base + "/queries", "ru-liaison", map[string]any{"version": 2, "text": "why"}, 409},
		{"pass on without a level", "POST", base + "/passed-on", "us-liaison", map[string]any{"version": 1, "level": "", "at": at}, 422},
		{"pass on at a bad time", "POST", base + "/passed-on", "us-liaison", map[string]any{"version": 1, "level": "corps", "at": "yesterday"}, 422},
		{"answer a query that is not there", "POST", base + "/queries/999999/answer", "un-liaison", map[string]any{"text": "x"}, 404},
		{"answer a query named badly", "POST", base + "/queries/x/answer", "un-liaison", map[string]any{"text": "x"}, 400},
	} {
		code, body, h := n.do(tc.method, tc.path, tc.user, tc.body)
		if code != tc.status || h.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s, want a %d problem", tc.name, code, body, tc.status)
		}
	}
	if n.app.Hashes.Size() != before {
		t.Fatal("bad requests changed the log")
	}

	steps := []struct {
		name, path, user string
		body             any
	}{
		{"ru queries", base + "/queries", "ru-liaison", map[string]any{"version": 1, "text": "these coordinates are in the sea"}},
		{"us passes it on", base + "/passed-on", "us-liaison", map[string]any{"version": 1, "level": "brigade HQ", "at": at}},
	}
	var last notice
	for _, st := range steps {
		code, body, _ := n.do("POST", st.path, st.user, st.body)
		if code != 200 {
			t.Fatalf("%s: %d %s", st.name, code, body)
		}
		last = notice{}
		json.Unmarshal(body, &last)
		if got := standing(last); got != want {
			t.Fatalf("%s changed the standing: %s, was %s", st.name, got, want)
		}
	}
	if len(last.Queries) != 1 {
		t.Fatalf("queries %+v", last.Queries)
	}
	answer := fmt.Sprintf("%s/queries/%d/answer", base, last.Queries[0].Seq)
	if code, body, _ := n.do("POST", answer, "ru-liaison", map[string]any{"text": "no"}); code != 403 {
		t.Fatalf("a notified party answered: %d %s", code, body)
	}
	code, body, _ = n.do("POST", answer, "un-liaison", map[string]any{"text": "corrected: the gate is on land"})
	if code != 200 {
		t.Fatalf("answer: %d %s", code, body)
	}
	last = notice{}
	json.Unmarshal(body, &last)
	if standing(last) != want || last.Queries[0].AnswerSeq == 0 {
		t.Fatalf("after the answer: %s %+v", standing(last), last.Queries)
	}
	if code, _, _ := n.do("POST", answer, "un-liaison", map[string]any{"text": "again"}); code != 409 {
		t.Fatalf("second answer: %d", code)
	}
}
