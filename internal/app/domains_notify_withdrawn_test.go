package app

import (
	"encoding/json"
	"testing"
)

// TestNotifyReceiptsOfAPartyThatWalkedOut checks over the API that when a
// notified co-chair walks out (retire_party of its own party), its receipt
// of a site it had not acknowledged reads "withdrawn" and not overdue, the
// other party's stays pending, and its own ?pending=true listing is empty.
func TestNotifyReceiptsOfAPartyThatWalkedOut(t *testing.T) {
	n := newTestNode(t)
	site := map[string]any{"kind": "hospital", "names": map[string]string{"en": "W16 hospital"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.17, 36.2}}, "buffer_m": 300, "parties": []string{"ru", "us"}}
	created, _ := n.must(201, "POST", "/api/v1/sites", "un-liaison", "", site)
	id, _ := created["id"].(string)
	if p, _ := n.must(201, "POST", "/api/v1/membership/proposals", "ru-liaison", "", map[string]any{"kind": "retire_party", "party": "ru", "note": "we walk out"}); p["status"] != "in_force" {
		t.Fatalf("the walk-out is %v", p["status"])
	}
	code, body, _ := n.do("GET", "/api/v1/sites/"+id, "un-liaison", nil)
	if code != 200 {
		t.Fatalf("get: %d %s", code, body)
	}
	var got struct {
		Acks []struct {
			Party, Status string
			Overdue       bool
		} `json:"acknowledgements"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ru": "withdrawn", "us": "pending"}
	for _, a := range got.Acks {
		if a.Status != want[a.Party] || a.Overdue {
			t.Errorf("%s's receipt reads %s (overdue %v), want %s", a.Party, a.Status, a.Overdue, want[a.Party])
		}
	}
	code, body, _ = n.do("GET", "/api/v1/sites?pending=true", "ru-liaison", nil)
	var page struct{ Items []json.RawMessage }
	if json.Unmarshal(body, &page); code != 200 || len(page.Items) != 0 {
		t.Errorf("ru's pending sites after it left: %d, %d items; want none", code, len(page.Items))
	}
}
