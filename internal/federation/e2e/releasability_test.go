package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"truce/internal/testwait"
)

// secretRuNgo is in the narrative of the one incident ru releases to ru
// and ngo only: un's node holds it for ngo, the party it hosts, and no user
// of un may ever be shown it.
const secretRuNgo = "RUNGO-ONLY-41c2e8"

// sweepPaths returns every GET path of n's API without path parameters
// (from its OpenAPI document), the incident paths with {id} set to each of
// ids, every export in each format, a text search for each marker and
// every OGC collection's items.
func sweepPaths(t *testing.T, n *node, token string, ids []string, markers []string) []string {
	t.Helper()
	code, b := n.call("GET", "/api/v1/openapi.json", "", nil)
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if code != http.StatusOK || json.Unmarshal(b, &doc) != nil {
		t.Fatalf("%s: openapi.json: %d", n.party, code)
	}
	var out []string
	for path, ops := range doc.Paths {
		if _, ok := ops["get"]; !ok || strings.Contains(path, "/stream") {
			continue
		}
		switch {
		case !strings.Contains(path, "{"):
			out = append(out, path)
			if strings.Contains(path, "/exports/") {
				for _, f := range []string{"geojson", "csv", "kml", "stix"} {
					out = append(out, path+"?format="+f)
				}
			}
		case strings.HasPrefix(path, "/api/v1/incidents/{id}") && strings.Count(path, "{") == 1:
			for _, id := range ids {
				out = append(out, strings.Replace(path, "{id}", id, 1))
			}
		}
	}
	for _, m := range markers {
		out = append(out, "/api/v1/incidents?q="+url.QueryEscape(m))
	}
	code, b = n.call("GET", "/ogc/collections", token, nil)
	var cols struct {
		Collections []struct{ ID string } `json:"collections"`
	}
	if code != http.StatusOK || json.Unmarshal(b, &cols) != nil {
		t.Fatalf("%s: OGC collections: %d", n.party, code)
	}
	for _, c := range cols.Collections {
		out = append(out, "/ogc/collections/"+c.ID+"/items?limit=1000")
		for _, id := range ids {
			out = append(out, "/ogc/collections/"+c.ID+"/items/"+id)
		}
	}
	return out
}

// TestReleasabilityAcrossTheFederation runs the read-path sweep against
// every node of a running federation: for each party's user on each node
// (un's node also hosting ngo), a record released only to other parties
// never shows on any read path — every GET of the API (lists, records,
// counts, search, exports in every format, STIX), the OGC API, the stream
// (live and replayed with Last-Event-ID) and webhooks — while the parties
// it is released to see it; and un's node never holds us's record
// released to us and ru.
func TestReleasabilityAcrossTheFederation(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three truce processes")
	}
	bin := buildTruce(t)
	nodes := found(t, bin)
	us, ru, un := nodes[0], nodes[1], nodes[2]
	// Each party's users: a reporter on each node (n.token), and on un's
	// node a liaison of un and one of ngo, the party it hosts.
	tokens := map[string]string{"us": us.token, "ru": ru.token, "un": un.token, "un-liaison": un.liaison}
	run(t, bin, []string{"TRUCE_PASSWORD=" + password}, "user", "add", "--data", un.data, "--party", "ngo", "--role", "liaison", "ngo-liaison")
	tokens["ngo-liaison"] = strings.TrimSpace(run(t, bin, nil, "token", "issue", "--data", un.data, "--user", "ngo-liaison"))
	for _, n := range nodes {
		n.start(t, bin)
	}
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
			code, _ := n.call("GET", "/readyz", "", nil)
			return code == http.StatusOK
		})
	}

	var mu sync.Mutex
	hooked := map[string]string{}
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		hooked[r.URL.Path] += string(b) + "\n"
		mu.Unlock()
	}))
	defer recv.Close()
	for _, u := range []string{"un-liaison", "ngo-liaison"} {
		if code, b := un.call("POST", "/api/v1/webhooks", tokens[u], map[string]any{"url": recv.URL + "/" + u}); code != http.StatusCreated {
			t.Fatalf("webhook of %s: %d %s", u, code, b)
		}
	}
	type viewer struct {
		n     *node
		token string
		name  string
	}
	un0 := viewer{un, tokens["un"], "un-rep"}
	unL := viewer{un, tokens["un-liaison"], "un-liaison"}
	ngo := viewer{un, tokens["ngo-liaison"], "ngo-liaison"}
	usV := viewer{us, tokens["us"], "us-rep"}
	ruV := viewer{ru, tokens["ru"], "ru-rep"}
	streams := map[string]<-chan streamEvent{}
	for _, v := range []viewer{un0, ngo, usV} {
		streams[v.name] = v.n.openStream(t, v.token, "incident.")
	}

	ids := map[string]string{}
	for _, w := range []struct {
		n              *node
		ext, narrative string
		audience       []string
	}{{us, "sweep-us-ru", secret, []string{"us", "ru"}}, {ru, "sweep-ru-ngo", secretRuNgo, []string{"ru", "ngo"}}} {
		code, b := w.n.call("POST", "/api/v1/incidents", w.n.token, incident(w.ext, w.narrative, "AMBER", w.audience...))
		var inc struct{ ID string }
		if code != http.StatusCreated || json.Unmarshal(b, &inc) != nil {
			t.Fatalf("%s: report %s: %d %s", w.n.party, w.ext, code, b)
		}
		ids[w.ext] = inc.ID
	}
	// The parties released to see each record on their nodes.
	for _, v := range []struct {
		viewer
		id string
	}{{ruV, ids["sweep-us-ru"]}, {ngo, ids["sweep-ru-ngo"]}} {
		testwait.For(t, 60*time.Second, v.name+" sees "+v.id, func() bool {
			code, b := v.n.call("GET", "/api/v1/incidents/"+v.id, v.token, nil)
			return code == http.StatusOK && strings.Contains(string(b), v.id)
		})
	}
	// A GREEN sentinel from each writer after the secrets: once a stream
	// or webhook has it, whatever came before has come.
	for _, n := range []*node{us, ru} {
		if code, b := n.call("POST", "/api/v1/incidents", n.token, incident("sweep-sentinel-"+n.party, "sentinel", "GREEN")); code != http.StatusCreated {
			t.Fatalf("%s: sentinel: %d %s", n.party, code, b)
		}
	}
	waitConverged(t, nodes, "after the sweep's writes")

	allIDs := []string{ids["sweep-us-ru"], ids["sweep-ru-ngo"]}
	markers := []string{secret, secretRuNgo}
	for _, c := range []struct {
		viewer
		hidden []string
	}{
		{usV, []string{secretRuNgo}}, {ruV, nil}, {un0, markers}, {unL, markers}, {ngo, []string{secret}},
	} {
		for _, path := range sweepPaths(t, c.n, c.token, allIDs, markers) {
			_, b := c.n.call("GET", path, c.token, nil)
			for _, m := range c.hidden {
				if strings.Contains(string(b), m) {
					t.Errorf("%s on %s's node: GET %s shows a record not released to it (%s)", c.name, c.n.party, path, m)
				}
			}
		}
	}
	for _, c := range []struct {
		viewer
		hidden  []string
		waitFor string
	}{{un0, markers, "sweep-sentinel-ru"}, {ngo, []string{secret}, "sweep-sentinel-ru"}, {usV, []string{secretRuNgo}, "sweep-sentinel-us"}} {
		_, skipped := waitEvent(t, streams[c.name], 60*time.Second, c.waitFor+" on "+c.name+"'s stream", func(ev streamEvent) bool {
			return ev.Payload.Incident.ExternalID == c.waitFor
		})
		hidden := map[string]bool{"sweep-us-ru": slices.Contains(c.hidden, secret), "sweep-ru-ngo": slices.Contains(c.hidden, secretRuNgo)}
		for _, ev := range skipped {
			if hidden[ev.Payload.Incident.ExternalID] {
				t.Errorf("%s's stream carried %s", c.name, ev.Payload.Incident.ExternalID)
			}
			for _, m := range c.hidden { // the records sent before live entries too
				if strings.Contains(ev.Raw, m) {
					t.Errorf("%s's stream carried a %s event with a record not released to it (%s)", c.name, ev.Kind, m)
				}
			}
		}
		// Replayed from the start of the node's timeline.
		replay := c.n.openStreamFrom(t, c.token, "incident.", 0)
		_, skipped = waitEvent(t, replay, 60*time.Second, c.waitFor+" replayed to "+c.name, func(ev streamEvent) bool {
			return ev.Payload.Incident.ExternalID == c.waitFor
		})
		seen := false
		for _, ev := range skipped {
			if hidden[ev.Payload.Incident.ExternalID] {
				t.Errorf("%s was replayed %s", c.name, ev.Payload.Incident.ExternalID)
			}
			seen = seen || ev.Payload.Incident.ExternalID == "sweep-ru-ngo"
		}
		if c.name == "ngo-liaison" && !seen {
			t.Errorf("ngo was not replayed ru's record released to it")
		}
	}
	testwait.For(t, 60*time.Second, "both webhooks have ru's sentinel", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(hooked["/un-liaison"], "sweep-sentinel-ru") && strings.Contains(hooked["/ngo-liaison"], "sweep-sentinel-ru")
	})
	mu.Lock()
	if strings.Contains(hooked["/un-liaison"], secretRuNgo) || strings.Contains(hooked["/un-liaison"], secret) {
		t.Errorf("un's webhook was sent a record released to others")
	}
	if !strings.Contains(hooked["/ngo-liaison"], secretRuNgo) || strings.Contains(hooked["/ngo-liaison"], secret) {
		t.Errorf("ngo's webhook: want ru's record released to ngo and never us's released to us and ru")
	}
	mu.Unlock()
	checkNoSecret(t, un)
}

// openStreamFrom opens n's event stream of kinds as token, resuming after
// the event whose id is last (Last-Event-ID), and returns its events; the
// channel closes when the stream ends or t ends.
func (n *node) openStreamFrom(t testing.TB, token, kinds string, last int64) <-chan streamEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", n.url+"/api/v1/stream?kinds="+kinds, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Last-Event-ID", strconv.FormatInt(last, 10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		cancel()
		t.Fatalf("%s: stream from %d: %v", n.party, last, err)
	}
	out := make(chan streamEvent, 4096)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
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
					case <-ctx.Done():
						return
					}
				}
				kind = ""
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return out
}
