package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"truce/internal/flights"
	"truce/internal/ledger"
)

// sseUntil returns the raw text of the stream user receives after last, up
// to and including the event with id until.
func (n *testNode) sseUntil(user string, last, until int64) string {
	n.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", n.srv.URL+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	req.Header.Set("Last-Event-ID", fmt.Sprint(last))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	var sb strings.Builder
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		sb.WriteString(sc.Text() + "\n")
		if v, ok := strings.CutPrefix(sc.Text(), "id: "); ok && v == fmt.Sprint(until) {
			return sb.String()
		}
	}
	n.t.Fatalf("stream for %s ended before event %d: %v", user, until, sc.Err())
	return ""
}

// hiddenRef returns the subject that is an opaque reference.
func hiddenRef(subjects []string) string {
	for _, s := range subjects {
		if strings.HasPrefix(s, "ref_") {
			return s
		}
	}
	return ""
}

// TestHiddenPlanDoesNotLeakThroughConflictsAndAlerts files an un plan and
// a plan of xx (not a co-chair) AMBER to xx alone that cross: un gets 404
// for the xx plan, and must find neither its id, nor its callsign, nor that
// xx is concerned on any read path — conflicts, alerts as JSON and CAP, the
// OGC alerts and flights collections, the exports, log entries (their
// party and audience included), the stream and its webhook — while still
// being told where and when its own aircraft loses separation, under a
// stable reference for the other. The co-chairs see both plans by id.
func TestHiddenPlanDoesNotLeakThroughConflictsAndAlerts(t *testing.T) {
	n := newTestNode(t)
	n.addOutsider()
	start := n.app.Hashes.Size() - 1

	var mu sync.Mutex
	hooked := map[string]string{} // event id -> body, un's webhook
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		hooked[r.Header.Get("Truce-Event-Id")] = string(body)
		mu.Unlock()
	}))
	defer recv.Close()
	if code, body, _ := n.do("POST", "/api/v1/webhooks", "un-liaison", map[string]any{"url": recv.URL + "/un"}); code != 201 {
		t.Fatalf("webhook: %d %s", code, body)
	}

	t0 := flightTimes()
	code, body, _ := n.do("POST", "/api/v1/flightplans", "un-liaison", line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, map[string]any{"callsign": "UNOPEN1"}))
	if code != 201 {
		t.Fatalf("file un: %d %s", code, body)
	}
	pa := decodeAs[flights.Plan](t, body)
	code, body, _ = n.do("POST", "/api/v1/flightplans", "xx-liaison", line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute,
		map[string]any{"callsign": "HIDDEN7"}))
	if code != 201 {
		t.Fatalf("file xx: %d %s", code, body)
	}
	pb := decodeAs[flights.Plan](t, body)
	if code, _, _ := n.do("GET", "/api/v1/flightplans/"+pb.ID, "un-liaison", nil); code != 404 {
		t.Fatalf("un reads the xx plan: %d", code)
	}

	// un's view: its own plan by id, the other by un's reference, no party.
	cs := n.conflicts("un-liaison", "")
	if len(cs) != 1 || !slices.Contains(cs[0].Subjects, pa.ID) || !slices.Equal(cs[0].Parties, []string{"un"}) || cs[0].Where == nil {
		t.Fatalf("un's conflicts: %+v", cs)
	}
	c, ref := cs[0], hiddenRef(cs[0].Subjects)
	if !strings.HasPrefix(ref, "ref_") || !strings.Contains(c.Detail, ref) {
		t.Fatalf("un's conflict: %+v", c)
	}
	if got := n.conflicts("un-liaison", "?party=xx"); len(got) != 0 {
		t.Fatalf("un finds the conflict by the hidden party: %+v", got)
	}
	// The co-chairs see both plans by id.
	for _, u := range []string{"us-liaison", "ru-observer"} {
		got := n.conflicts(u, "")
		if len(got) != 1 || !slices.Contains(got[0].Subjects, pa.ID) || !slices.Contains(got[0].Subjects, pb.ID) || !slices.Equal(got[0].Parties, []string{"un", "xx"}) {
			t.Fatalf("%s's conflicts: %+v", u, got)
		}
	}

	// un's alert is un's alone, written with un's reference.
	_, body, _ = n.do("GET", "/api/v1/alerts?kind=air_conflict", "un-liaison", nil)
	as := decodeAs[struct {
		Items []struct {
			ID          string
			Concerned   []string
			Description string
		}
	}](t, body)
	if len(as.Items) != 1 || !slices.Equal(as.Items[0].Concerned, []string{"un"}) || !strings.Contains(as.Items[0].Description, ref) {
		t.Fatalf("un's alerts: %s", body)
	}
	alertID := as.Items[0].ID
	_, body, _ = n.do("GET", "/api/v1/alerts?kind=air_conflict", "xx-liaison", nil)
	if !strings.Contains(string(body), pb.ID) || strings.Contains(string(body), pa.ID) {
		t.Fatalf("xx's alert does not name its plan, or names un's: %s", body)
	}

	// A second conflict with the same hidden plan carries the same
	// reference for un.
	code, body, _ = n.do("POST", "/api/v1/flightplans", "un-liaison", line(35.0, 38.0, 35.0, 37.0, 20000, t0, 30*time.Minute, nil))
	if code != 201 {
		t.Fatalf("file un 2: %d %s", code, body)
	}
	cs = n.conflicts("un-liaison", "")
	if len(cs) != 2 || hiddenRef(cs[0].Subjects) != ref || hiddenRef(cs[1].Subjects) != ref {
		t.Fatalf("un's references for one hidden plan differ: %+v", cs)
	}

	// xx cancels its plan: both records clear, and their clearing shows
	// un nothing more.
	_, _, hdr := n.do("GET", "/api/v1/flightplans/"+pb.ID, "xx-liaison", nil)
	if code, body, _ := n.do2("POST", "/api/v1/flightplans/"+pb.ID+"/cancel", "xx-liaison", withIfMatch(map[string]string{"reason": "test"}, hdr.Get("ETag"))); code != 200 {
		t.Fatalf("cancel: %d %s", code, body)
	}
	if cs := n.conflicts("un-liaison", "?status=cleared"); len(cs) != 2 {
		t.Fatalf("un's cleared conflicts: %+v", cs)
	}

	// Every read path, as un.
	paths := []string{"/api/v1/conflicts", "/api/v1/conflicts/" + c.ID, "/api/v1/alerts", "/api/v1/alerts/" + alertID,
		"/api/v1/alerts/" + alertID + ".cap", "/ogc/collections/alerts/items?limit=1000", "/ogc/collections/alerts/items/" + alertID,
		"/ogc/collections/flights/items?limit=1000", "/api/v1/exports/alerts?format=geojson", "/api/v1/exports/alerts?format=kml",
		"/api/v1/exports/flights?format=geojson", "/api/v1/exports/flights?format=kml", "/api/v1/log/entries?limit=200",
		"/api/v1/log/entries?subject=conflict:" + c.ID}
	size := n.app.Hashes.Size()
	lastSeen := int64(-1)
	for seq := start + 1; seq < size; seq++ {
		p := fmt.Sprintf("/api/v1/log/entries/%d", seq)
		code, _, _ := n.do("GET", p, "un-liaison", nil)
		if code == 200 {
			paths, lastSeen = append(paths, p), seq
		} else if code != 404 {
			t.Fatalf("GET %s: %d", p, code)
		}
	}
	// The party xx exists for every member (its creation is GREEN), so
	// only the listing of the whole log may name it.
	leaks := func(where, body string) {
		t.Helper()
		secrets := []string{pb.ID, "HIDDEN7", `"xx"`, "(xx)", "audience: xx", "xx,", ",xx"}
		if where == "/api/v1/log/entries?limit=200" {
			secrets = secrets[:2]
		}
		for _, secret := range secrets {
			if strings.Contains(body, secret) {
				t.Errorf("%s shows un the hidden plan (%s): %s", where, secret, body)
			}
		}
	}
	for _, p := range paths {
		code, body, _ := n.do("GET", p, "un-liaison", nil)
		if code != 200 {
			t.Errorf("GET %s: %d %s", p, code, body)
		}
		leaks(p, string(body))
	}
	leaks("the stream", n.sseUntil("un-liaison", start, lastSeen))
	eventually(t, "un's webhook gets every entry un may see", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return hooked[fmt.Sprint(lastSeen)] != ""
	})
	mu.Lock()
	for id, body := range hooked {
		leaks("webhook event "+id, body)
	}
	mu.Unlock()

	// The raised entry, which names both plans, is released only to
	// parties that may know both: the co-chairs here, neither un nor xx.
	var raised []*ledger.Entry
	if err := n.app.DB.EntriesOfKind(context.Background(), flights.EntryConflictRaised, 0, func(e *ledger.Entry) error { raised = append(raised, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(raised) != 2 || !slices.Equal(raised[0].Release.Audience, []string{"ru", "us"}) || !slices.Equal(raised[1].Release.Audience, []string{"ru", "us"}) {
		t.Fatalf("conflict.raised entries: %+v", raised)
	}
}
