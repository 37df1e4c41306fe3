package app

import (
	"context"
	"slices"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/flights"
)

// TestAirConflictAlertIsAcknowledgedAndClearsWhenItsTimeHasPassed files two
// conflicting plans, has each concerned party acknowledge the air-conflict
// alert, then reopens the node with a clock past the conflict's end: the
// conflict is cleared in the log with the reason "the interval has passed"
// and its alert is cleared too.
func TestAirConflictAlertIsAcknowledgedAndClearsWhenItsTimeHasPassed(t *testing.T) {
	n := newTestNode(t)
	t0 := flightTimes()
	for _, f := range []struct {
		user string
		body map[string]any
	}{{"us-liaison", line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil)}, {"ru-liaison", line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil)}} {
		if code, body, _ := n.do("POST", "/api/v1/flightplans", f.user, f.body); code != 201 {
			t.Fatalf("%d %s", code, body)
		}
	}
	cs := n.conflicts("us-liaison", "?status=open")
	if len(cs) != 1 {
		t.Fatalf("open conflicts %+v, want 1", cs)
	}
	// The conflict is sensitive (released to the parties concerned):
	// us-liaison's read is in ru's read audit.
	n.app.Auditor.Flush()
	code, body, _ := n.do("GET", "/api/v1/audit/reads", "ru-admin", nil)
	reads := decodeAs[struct {
		Items []struct{ Reader, Kind, Subject string }
	}](t, body)
	found := false
	for _, it := range reads.Items {
		found = found || it.Reader == "us-liaison" && it.Kind == "conflict" && it.Subject == cs[0].ID
	}
	if code != 200 || !found {
		t.Fatalf("ru's read audit lacks us-liaison's read of the conflict: %d %s", code, body)
	}
	alert := func(user string) alerts.Alert {
		t.Helper()
		code, body, _ := n.do("GET", "/api/v1/alerts?kind="+string(alerts.KindAirConflict), user, nil)
		if code != 200 {
			t.Fatalf("alerts: %d %s", code, body)
		}
		items := decodeAs[struct{ Items []alerts.Alert }](t, body).Items
		if len(items) != 1 {
			t.Fatalf("%s sees %d air-conflict alerts, want 1: %s", user, len(items), body)
		}
		return items[0]
	}
	a := alert("us-liaison")
	if !slices.Equal(a.Concerned, []string{"ru", "us"}) || a.Status != alerts.StatusOpen {
		t.Fatalf("alert %+v", a)
	}
	for i, user := range []string{"us-liaison", "ru-liaison"} {
		code, body, _ := n.do("POST", "/api/v1/alerts/"+a.ID+"/acknowledge", user, map[string]any{"note": "pilots informed"})
		if code != 200 {
			t.Fatalf("%s acknowledges: %d %s", user, code, body)
		}
		got := decodeAs[alerts.Alert](t, body)
		done := 0
		for _, ack := range got.Acks {
			if ack.Status == "acknowledged" {
				done++
			}
		}
		if done != i+1 {
			t.Fatalf("after %s: %d acknowledgements: %+v", user, done, got.Acks)
		}
	}
	if a := alert("ru-liaison"); a.Status != alerts.StatusAcknowledged {
		t.Fatalf("after both acknowledged: %s", a.Status)
	}
	if code, body, _ := n.do("POST", "/api/v1/alerts/"+a.ID+"/acknowledge", "un-observer", map[string]any{}); code < 400 {
		t.Fatalf("an observer of an unconcerned party acknowledged: %d %s", code, body)
	}

	// Two hours on, past the conflict's end: a full reconcile clears it.
	cfg := n.app.Config
	if err := n.app.Close(); err != nil {
		t.Fatal(err)
	}
	later, err := Open(context.Background(), cfg, Options{Now: func() time.Time { return time.Now().Add(3 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	n.app = later
	n.srv.Config.Handler = later.Handler()
	var cleared *flights.Conflict
	for _, c := range n.conflicts("us-liaison", "") {
		if c.ID == cs[0].ID {
			cleared = &c
		}
	}
	if cleared == nil || cleared.Status != flights.ConflictCleared || cleared.ClearReason != "the interval has passed" {
		t.Fatalf("conflict after its end: %+v", cleared)
	}
	if a := alert("us-liaison"); a.Status != alerts.StatusCleared {
		t.Fatalf("alert after its conflict cleared: %s", a.Status)
	}
}
