package app

import (
	"encoding/json"
	"testing"
	"time"
)

// TestNotificationValidityWithdrawalTemplates checks over the API that a
// site carries its validity and is reconfirmed by its notifier only, that
// a withdrawal asks every notified party for a receipt it then gives, and
// that a weekly convoy repeats from its template.
func TestNotificationValidityWithdrawalTemplates(t *testing.T) {
	n := newTestNode(t)
	type notice struct {
		ID, Status string
		ValidUntil string `json:"valid_until"`
		Version    int
		Lapsed     bool
		Movement   *struct {
			Template string
			Window   struct{ Start, End string }
		}
		Acks []struct {
			Party, Status string
			Withdrawal    bool
		} `json:"acknowledgements"`
	}
	decode := func(b []byte) (x notice) { json.Unmarshal(b, &x); return x }
	until := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	site := map[string]any{"kind": "clinic", "names": map[string]string{"en": "Clinic 7"}, "valid_until": until,
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.2, 36.1}}, "buffer_m": 200, "parties": []string{"ru", "us"}}
	code, body, h := n.do("POST", "/api/v1/sites", "un-liaison", site)
	s := decode(body)
	if code != 201 || s.ValidUntil != until || s.Lapsed {
		t.Fatalf("notify with valid_until: %d %s", code, body)
	}
	path := "/api/v1/sites/" + s.ID
	later := time.Now().Add(60 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	if code, body, _ := n.do2("POST", path+"/reconfirm", "ru-liaison", withIfMatch(map[string]any{"valid_until": later}, h.Get("ETag"))); code != 403 {
		t.Fatalf("a notified party reconfirmed: %d %s", code, body)
	}
	if code, body, _ := n.do("POST", path+"/reconfirm", "un-liaison", map[string]any{"valid_until": later}); code != 428 {
		t.Fatalf("reconfirm without If-Match: %d %s", code, body)
	}
	code, body, h = n.do2("POST", path+"/reconfirm", "un-liaison", withIfMatch(map[string]any{"valid_until": later}, h.Get("ETag")))
	if s = decode(body); code != 200 || s.ValidUntil != later {
		t.Fatalf("reconfirm: %d %s", code, body)
	}

	code, body, _ = n.do2("POST", path+"/cancel", "un-liaison", withIfMatch(map[string]any{"reason": "clinic closed"}, h.Get("ETag")))
	if w := decode(body); code != 200 || w.Status != "cancelled" || w.Version != 2 || len(w.Acks) != 2 || !w.Acks[0].Withdrawal || w.Acks[0].Status != "pending" {
		t.Fatalf("withdraw: %d %s", code, body)
	}
	code, body, _ = n.do("POST", path+"/acknowledge", "ru-liaison", map[string]any{"version": 2})
	if w := decode(body); code != 200 || w.Acks[0].Party != "ru" || w.Acks[0].Status != "acknowledged" {
		t.Fatalf("acknowledge the withdrawal: %d %s", code, body)
	}

	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	convoy := map[string]any{"route": map[string]any{"type": "LineString", "coordinates": [][]float64{{37.1, 36.2}, {37.2, 36.21}}},
		"window":   map[string]string{"start": start.Format(time.RFC3339), "end": start.Add(6 * time.Hour).Format(time.RFC3339)},
		"vehicles": 8, "cargo": "medical", "parties": []string{"ru"}}
	code, body, _ = n.do("POST", "/api/v1/movements", "un-liaison", convoy)
	tpl := decode(body)
	if code != 201 {
		t.Fatalf("template: %d %s", code, body)
	}
	next := start.Add(7 * 24 * time.Hour)
	before := n.app.Hashes.Size()
	for _, bad := range []struct {
		user   string
		body   any
		status int
	}{
		{"ru-liaison", map[string]any{"start": next.Format(time.RFC3339)}, 403},
		{"un-liaison", map[string]any{"start": "next week"}, 422},
		{"un-liaison", map[string]any{"start": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)}, 422},
	} {
		if code, body, _ := n.do("POST", "/api/v1/movements/"+tpl.ID+"/repeat", bad.user, bad.body); code != bad.status {
			t.Errorf("repeat as %s with %v: %d %s, want %d", bad.user, bad.body, code, body, bad.status)
		}
	}
	if n.app.Hashes.Size() != before {
		t.Fatal("refused repetitions changed the log")
	}
	code, body, _ = n.do("POST", "/api/v1/movements/"+tpl.ID+"/repeat", "un-liaison", map[string]any{"start": next.Format(time.RFC3339)})
	rep := decode(body)
	if code != 201 || rep.ID == tpl.ID || rep.Movement == nil || rep.Movement.Template != tpl.ID ||
		rep.Movement.Window.Start != next.Format(time.RFC3339) || rep.Movement.Window.End != next.Add(6*time.Hour).Format(time.RFC3339) {
		t.Fatalf("repeat: %d %s", code, body)
	}
	bad := convoy
	bad["template"] = tpl.ID
	if code, body, _ := n.do("POST", "/api/v1/movements", "un-liaison", bad); code != 422 {
		t.Fatalf("a client-sent template: %d %s", code, body)
	}
}
