package app

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"truce/internal/testwait"
)

// hookBody is what a webhook delivery of an entry holds: the entry, and
// the record it is about as the webhook's party may see it.
type hookBody struct {
	Seq     int64  `json:"seq"`
	Kind    string `json:"kind"`
	Subject string `json:"subject"`
	Record  *struct {
		Seq    int64           `json:"seq"`
		Type   string          `json:"type"`
		ID     string          `json:"id"`
		Record json.RawMessage `json:"record"`
		Gone   bool            `json:"gone"`
	} `json:"record"`
}

// hookReceiver records the bodies a webhook receives, by event id.
type hookReceiver struct {
	mu     sync.Mutex
	bodies map[string]string
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.bodies[r.Header.Get("Truce-Event-Id")] = string(b)
	h.mu.Unlock()
}

// all returns the bodies received so far.
func (h *hookReceiver) all() map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[string]string{}
	for k, v := range h.bodies {
		out[k] = v
	}
	return out
}

// TestWebhooksCarryTheRecordAsTheirPartySeesIt checks that a webhook
// delivery carries, beside the entry, the record the entry is about as the
// webhook's party may read it (the record as GET answers that party, with
// the entry's event id), and that the webhook of a party outside a
// record's audience gets nothing of it: neither the entry nor the record,
// nor its id in any body.
func TestWebhooksCarryTheRecordAsTheirPartySeesIt(t *testing.T) {
	n := newTestNode(t)
	n.addOutsider()
	hooks := map[string]*hookReceiver{}
	for _, party := range []string{"us", "xx"} {
		h := &hookReceiver{bodies: map[string]string{}}
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		hooks[party] = h
		if code, body, _ := n.do("POST", "/api/v1/webhooks", party+"-liaison", map[string]any{"url": srv.URL + "/" + party, "kinds": []string{"incident."}}); code != 201 {
			t.Fatalf("register %s's webhook: %d %s", party, code, body)
		}
	}

	ids := map[string]string{}
	for _, c := range []struct {
		name string
		body map[string]any
	}{
		{"open", incidentBody("hook-open", 37.1, 36.1, "GREEN")},
		{"us only", incidentBody("hook-us-only", 37.2, 36.2, "AMBER", "us")},
		{"last", incidentBody("hook-last", 37.3, 36.3, "GREEN")},
	} {
		out, _ := n.must(201, "POST", "/api/v1/incidents", "us-liaison", "", c.body)
		ids[c.name] = out["id"].(string)
	}
	// received returns party's deliveries of the report of incident id.
	received := func(party, id string) []hookBody {
		var out []hookBody
		for _, raw := range hooks[party].all() {
			var b hookBody
			if err := json.Unmarshal([]byte(raw), &b); err != nil {
				t.Fatalf("%s's webhook body %s: %v", party, raw, err)
			}
			if b.Subject == "incident:"+id && b.Kind == "incident.reported" {
				out = append(out, b)
			}
		}
		return out
	}
	for _, party := range []string{"us", "xx"} {
		testwait.For(t, 60*time.Second, party+"'s webhook gets the last report", func() bool { return len(received(party, ids["last"])) == 1 })
	}

	for _, c := range []struct {
		party, name string
		sees        bool
	}{
		{"us", "open", true}, {"us", "us only", true}, {"us", "last", true},
		{"xx", "open", true}, {"xx", "us only", false}, {"xx", "last", true},
	} {
		id := ids[c.name]
		got := received(c.party, id)
		if !c.sees {
			if len(got) > 0 {
				t.Errorf("%s's webhook got the report of %s (%s), released to us only", c.party, c.name, id)
			}
			for seq, raw := range hooks[c.party].all() {
				if strings.Contains(raw, id) {
					t.Errorf("%s's webhook delivery %s names %s (%s), released to us only", c.party, seq, c.name, id)
				}
			}
			continue
		}
		if len(got) != 1 || got[0].Record == nil {
			t.Errorf("%s's webhook: the report of %s came %d times or without its record: %+v", c.party, c.name, len(got), got)
			continue
		}
		r := got[0].Record
		if r.Type != "incident" || r.ID != id || r.Seq != got[0].Seq || r.Gone {
			t.Errorf("%s's webhook: the record of %s is %+v, want incident %s with seq %d", c.party, c.name, r, id, got[0].Seq)
		}
		// The record is what GET answers the party (its finding status
		// aside, which a later entry may move).
		_, want, _ := n.do("GET", "/api/v1/incidents/"+id, c.party+"-liaison", nil)
		var gotRec, wantRec map[string]any
		if err := json.Unmarshal(r.Record, &gotRec); err != nil {
			t.Fatalf("record of %s: %v", c.name, err)
		}
		if err := json.Unmarshal(want, &wantRec); err != nil {
			t.Fatalf("GET %s: %v", id, err)
		}
		for _, k := range []string{"id", "releasability", "narrative", "status", "party"} {
			g, _ := json.Marshal(gotRec[k])
			w, _ := json.Marshal(wantRec[k])
			if string(g) != string(w) {
				t.Errorf("%s's webhook: %s of %s is %s, GET answers %s", c.party, k, c.name, g, w)
			}
		}
	}
}
