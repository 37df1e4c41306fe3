package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"truce/internal/testwait"
)

// passageView is what this test reads of a passage answer.
type passageView struct {
	ID           string   `json:"id"`
	Status       string   `json:"status"`
	Seq          int64    `json:"seq"`
	Missing      []string `json:"missing_to_open"`
	ComputedFrom []struct {
		Origin string `json:"origin"`
	} `json:"computed_from"`
}

// TestSafePassageAcrossProcesses runs three party nodes as processes: un
// proposes two safe passages concerning us and ru on its node; us
// guarantees both on us's node, ru only the first on ru's node; once un's
// node holds both guarantees its liaison opens the first. Every node then
// shows the first open and the second planned, lacking ru's guarantee,
// each computed from all three logs.
func TestSafePassageAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three truce processes")
	}
	bin := buildTruce(t)
	nodes := found(t, bin)
	us, ru, un := nodes[0], nodes[1], nodes[2]
	for _, n := range nodes {
		n.start(t, bin)
	}
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
			code, _ := n.call("GET", "/readyz", "", nil)
			return code == http.StatusOK
		})
	}
	body := func(name string) map[string]any {
		return map[string]any{"kind": "safe_passage", "name": name,
			"geometry":    json.RawMessage(`{"type":"LineString","coordinates":[[37.05,36.05],[37.25,36.25]]}`),
			"window_from": "2026-01-01T00:00:00Z", "window_until": "2099-01-01T00:00:00Z", "traffic": []string{"aid"},
			"parties":  []string{"us", "ru"},
			"contacts": []map[string]any{{"party": "us", "name": "US", "channel": "VHF 41.5"}, {"party": "ru", "name": "RU", "channel": "+7 000"}}}
	}
	var ids []string
	for _, name := range []string{"Corridor A", "Corridor B"} {
		code, b := un.call("POST", "/api/v1/passages", un.liaison, body(name))
		var p passageView
		if code != http.StatusCreated || json.Unmarshal(b, &p) != nil {
			t.Fatalf("un: propose %s: %d %s", name, code, b)
		}
		ids = append(ids, p.ID)
	}
	read := func(n *node, id string) (passageView, string) {
		code, b := n.call("GET", "/api/v1/passages/"+id, n.liaison, nil)
		var p passageView
		if code != http.StatusOK || json.Unmarshal(b, &p) != nil {
			return p, fmt.Sprintf("%d %.300s", code, b)
		}
		return p, fmt.Sprintf("%s missing %v from %d logs", p.Status, p.Missing, len(p.ComputedFrom))
	}
	guarantee := func(n *node, id string) {
		t.Helper()
		testwait.For(t, 60*time.Second, n.party+"'s node holds "+id, func() bool {
			code, _ := n.call("GET", "/api/v1/passages/"+id, n.liaison, nil)
			return code == http.StatusOK
		})
		if code, b := n.call("POST", "/api/v1/passages/"+id+"/versions/1/guarantees", n.liaison, nil); code != http.StatusCreated {
			t.Fatalf("%s: guarantee %s: %d %s", n.party, id, code, b)
		}
	}
	guarantee(us, ids[0])
	guarantee(us, ids[1])
	guarantee(ru, ids[0])

	var p passageView
	testwait.For(t, 90*time.Second, "un's node holds both guarantees of "+ids[0], func() bool {
		p, _ = read(un, ids[0])
		return p.Status == "planned" && len(p.Missing) == 0
	})
	if code, b := callIfMatch(un, "POST", "/api/v1/passages/"+ids[0]+"/status", un.liaison, fmt.Sprintf(`"%d"`, p.Seq), map[string]any{"status": "open"}); code != http.StatusOK {
		t.Fatalf("un: open %s: %d %s", ids[0], code, b)
	}
	for _, n := range nodes {
		var last string
		testwait.For(t, 90*time.Second, n.party+"'s node shows "+ids[0]+" open from three logs", func() bool {
			var p passageView
			p, last = read(n, ids[0])
			return p.Status == "open" && len(p.ComputedFrom) == 3 && p.ComputedFrom[0].Origin == "e2e.truce.test/"+n.party
		})
		t.Logf("%s: %s", n.party, last)
		never, got := read(n, ids[1])
		if never.Status != "planned" || fmt.Sprint(never.Missing) != "[guarantee:ru]" {
			t.Errorf("%s: the passage ru never guaranteed: %s, want planned lacking ru's guarantee", n.party, got)
		}
	}
}

// callIfMatch is node.call with an If-Match header.
func callIfMatch(n *node, method, path, token, ifMatch string, body any) (int, []byte) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, n.url+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("If-Match", ifMatch)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}
