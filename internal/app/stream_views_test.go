package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"truce/internal/testwait"
)

// TestStreamCarriesRecordsAsEachCallerSeesThem checks that every live
// entry about a record is preceded on GET /api/v1/stream by a "record"
// event holding that record as the receiver may read it (so the UI needs no
// request per event), that the record event goes with its entry (same
// seq), and that a party outside a record's audience gets neither the
// entry nor the record, nor any trace of it.
func TestStreamCarriesRecordsAsEachCallerSeesThem(t *testing.T) {
	n := newTestNode(t)
	streams := map[string]<-chan sseEvent{}
	for _, user := range []string{"us-observer", "ru-observer"} {
		streams[user] = n.openSSE("/api/v1/stream?kinds=incident.", bearer(n.tokens[user]))
	}
	testwait.For(t, 10*time.Second, "both streams subscribed", func() bool { return n.app.Stream.Stats().Subscribers == 2 })

	// Bad input is refused with a problem and changes nothing.
	before := n.app.Hashes.Size()
	if code, body, h := n.do("GET", "/api/v1/stream?records=maybe", "us-observer", nil); code != 400 || h.Get("Content-Type") != "application/problem+json" {
		t.Errorf("records=maybe: %d %s, want a 400 problem", code, body)
	}
	if n.app.Hashes.Size() != before {
		t.Fatal("a bad stream request changed the log")
	}
	total := func(user string) float64 {
		c, _ := n.must(200, "GET", "/api/v1/incidents/counts", user, "", nil)
		v, _ := c["total"].(float64)
		return v
	}
	ruBefore, usBefore := total("ru-observer"), total("us-observer")

	ids := map[string]string{}
	for _, c := range []struct {
		name string
		body map[string]any
	}{
		{"open", incidentBody("views-open", 37.1, 36.1, "GREEN")},
		{"us only", incidentBody("views-us-only", 37.2, 36.2, "AMBER", "us")},
		{"last", incidentBody("views-last", 37.3, 36.3, "GREEN")},
	} {
		out, _ := n.must(201, "POST", "/api/v1/incidents", "us-liaison", "", c.body)
		ids[c.name] = out["id"].(string)
	}

	// ru's counter moves by the two records it may see, not the third.
	if ru, us := total("ru-observer")-ruBefore, total("us-observer")-usBefore; ru != 2 || us != 3 {
		t.Errorf("counts moved by %v for ru and %v for us, want 2 and 3", ru, us)
	}

	for _, tc := range []struct {
		user   string
		sees   []string
		hidden string
	}{
		{"us-observer", []string{"open", "us only", "last"}, ""},
		{"ru-observer", []string{"open", "last"}, "us only"},
	} {
		t.Run(tc.user, func(t *testing.T) {
			records := map[string]map[string]any{} // id → record
			var pending *struct {
				Seq    int64          `json:"seq"`
				Type   string         `json:"type"`
				ID     string         `json:"id"`
				Record map[string]any `json:"record"`
				Gone   bool           `json:"gone"`
			}
			deadline := time.After(20 * time.Second)
		read:
			for {
				select {
				case ev, ok := <-streams[tc.user]:
					if !ok {
						t.Fatal("the stream ended")
					}
					if tc.hidden != "" && strings.Contains(ev.data, ids[tc.hidden]) {
						t.Fatalf("%s got an event about %s, released to us only: %s %.200s", tc.user, ids[tc.hidden], ev.kind, ev.data)
					}
					if ev.kind == "record" {
						if err := json.Unmarshal([]byte(ev.data), &pending); err != nil {
							t.Fatalf("record event: %v: %s", err, ev.data)
						}
						continue
					}
					var entry struct {
						Seq     int64  `json:"seq"`
						Subject string `json:"subject"`
					}
					if err := json.Unmarshal([]byte(ev.data), &entry); err != nil {
						t.Fatalf("entry event: %v", err)
					}
					if pending == nil || pending.Seq != entry.Seq {
						t.Fatalf("entry %d (%s) came without its record event", entry.Seq, entry.Subject)
					}
					if pending.Type != "incident" || !strings.HasSuffix(entry.Subject, pending.ID) || pending.Gone {
						t.Fatalf("record event %+v does not name the entry's incident %s", pending, entry.Subject)
					}
					records[pending.ID] = pending.Record
					pending = nil
					if records[ids["last"]] != nil {
						break read
					}
				case <-deadline:
					t.Fatalf("%s: saw records %v before the deadline", tc.user, records)
				}
			}
			for _, name := range tc.sees {
				rec := records[ids[name]]
				if rec == nil || rec["id"] != ids[name] || rec["status"] != "reported" {
					t.Errorf("%s: the record of %s (%s) is %v", tc.user, name, ids[name], rec)
					continue
				}
				// The record is what GET answers the receiver.
				got, _ := n.must(200, "GET", "/api/v1/incidents/"+ids[name], tc.user, "", nil)
				if got["narrative"] != rec["narrative"] || fmt.Sprint(got["finding"]) != fmt.Sprint(rec["finding"]) {
					t.Errorf("%s: the streamed %s differs from GET's: %v vs %v", tc.user, name, rec, got)
				}
			}
		})
	}

	// A replay (after Last-Event-ID) brings entries without records: the
	// client reads what it missed itself.
	replay := n.openSSE("/api/v1/stream?kinds=incident.&last_event_id=0", bearer(n.tokens["us-observer"]))
	deadline := time.After(20 * time.Second)
	for {
		select {
		case ev, ok := <-replay:
			if !ok {
				t.Fatal("the replay ended")
			}
			if ev.kind == "record" {
				t.Fatalf("a replayed entry came with a record event: %.200s", ev.data)
			}
			if strings.Contains(ev.data, ids["last"]) {
				return
			}
		case <-deadline:
			t.Fatal("the replay did not reach the last incident")
		}
	}
}
