package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/notify"
	"truce/internal/store"
)

// Tests of cursor pagination on the list endpoints of notifications,
// alerts, the hotline and deconfliction: every page walked with a small
// limit must together hold exactly what the caller may see, in the
// listing's order, as the services' unpaged lists show it.

// pagePrincipal is the principal of user party-liaison ("" for the
// public), for the services' reference lists.
func pagePrincipal(party string) access.Principal {
	if party == "" {
		return access.Public
	}
	return access.Principal{UserID: "u-" + party, Username: party + "-liaison", Party: party, Role: access.RoleLiaison,
		CoChair: party == "us" || party == "ru"}
}

// pageUser is the test user of party ("" for the public).
func pageUser(party string) string {
	if party == "" {
		return ""
	}
	return party + "-liaison"
}

// walkPages follows next from path (which may hold a query) as user with
// ?limit=limit and returns the ids of every item, in order. It checks that
// every page but the last is full, that next is present on every page and
// empty only on the last, and that a cursor names no record but the last
// one of its page.
func (n *testNode) walkPages(path, user string, limit int) []string {
	n.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	q := fmt.Sprintf("%s%slimit=%d", path, sep, limit)
	var ids []string
	for range 200 {
		code, body, _ := n.do("GET", q, user, nil)
		if code != 200 {
			n.t.Fatalf("GET %s as %q: %d %s", q, user, code, body)
		}
		var p struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
			Next *string `json:"next"`
		}
		if err := json.Unmarshal(body, &p); err != nil || p.Items == nil || p.Next == nil {
			n.t.Fatalf("GET %s: not a page with items and next (%v): %s", q, err, body)
		}
		for _, it := range p.Items {
			ids = append(ids, it.ID)
		}
		if *p.Next == "" {
			return ids
		}
		if len(p.Items) != limit {
			n.t.Errorf("GET %s as %q: %d items and a next page, want full pages of %d", q, user, len(p.Items), limit)
		}
		raw, err := base64.RawURLEncoding.DecodeString(*p.Next)
		if err != nil || len(p.Items) == 0 || !strings.HasSuffix(string(raw), "."+p.Items[len(p.Items)-1].ID) {
			n.t.Errorf("GET %s: cursor %q names more than the last item of its page", q, raw)
		}
		q = fmt.Sprintf("%s%slimit=%d&cursor=%s", path, sep, limit, url.QueryEscape(*p.Next))
	}
	n.t.Fatalf("GET %s: more than 200 pages", path)
	return nil
}

// idsOf returns the ids of items.
func idsOf[T any](items []T, id func(*T) string) []string {
	out := []string{}
	for i := range items {
		out = append(out, id(&items[i]))
	}
	return out
}

// sortedIDs returns ids sorted (the order of the listings by id).
func sortedIDs(ids []string) []string { return slices.Sorted(slices.Values(ids)) }

// checkWalk compares the walked ids with want, order included.
func checkWalk(t *testing.T, what, party string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s as %q: pages hold %v, want %v", what, party, got, want)
	}
}

// pagingFixture fills n with more notices, alerts, messages, plans,
// reservations and conflicts than one small page, releasable to different
// parties (us and ru are co-chairs, un a UN cell, xx an outsider).
func pagingFixture(t *testing.T, n *testNode) {
	t.Helper()
	ctx := context.Background()
	n.addOutsider()
	must := func(method, path, user string, body any) map[string]any {
		t.Helper()
		code, b, _ := n.do(method, path, user, body)
		if code != 201 && code != 200 {
			t.Fatalf("%s %s as %s: %d %s", method, path, user, code, b)
		}
		return decodeAs[map[string]any](t, b)
	}
	tlps := []string{"GREEN", "AMBER", "GREEN", "AMBER", "GREEN", "AMBER", "AMBER"} // notifications are never CLEAR
	for i, tlp := range tlps {
		site := map[string]any{"kind": "hospital", "names": map[string]string{"en": fmt.Sprint("Hospital ", i)},
			"location": map[string]any{"type": "Point", "coordinates": []float64{37 + float64(i)/10, 36}}, "buffer_m": 300,
			"parties": []string{"ru", "us"}, "releasability": map[string]any{"tlp": tlp}}
		s := must("POST", "/api/v1/sites", "un-liaison", site)
		if i == 1 || i == 4 {
			path := "/api/v1/sites/" + s["id"].(string)
			if code, b, _ := n.do2("POST", path+"/cancel", "un-liaison", withIfMatch(map[string]any{"reason": "closed"}, n.etagOf(path, "un-liaison"))); code != 200 {
				t.Fatalf("cancel %s: %d %s", path, code, b)
			}
		}
		start := time.Now().UTC().Add(100 * time.Hour).Truncate(time.Second)
		if i < 5 {
			must("POST", "/api/v1/movements", "un-liaison", map[string]any{"route": map[string]any{"type": "LineString",
				"coordinates": [][]float64{{37, 36}, {37.1, 36.1 + float64(i)/10}}}, "window": map[string]string{"start": start.Format(time.RFC3339),
				"end": start.Add(8 * time.Hour).Format(time.RFC3339)}, "vehicles": 3 + i, "cargo": "food", "parties": []string{"ru"},
				"releasability": map[string]any{"tlp": tlp}})
		}
	}
	for i, concerned := range [][]string{{"us"}, {"us", "xx"}, {"ru"}, {"un", "us"}, {"xx"}, {"us"}, {"ru", "us"}} {
		if _, _, err := n.app.Alerts.Raise(ctx, alerts.Spec{Key: fmt.Sprint("paging:", i), Kind: alerts.KindOther,
			Severity: alerts.Severities[i%len(alerts.Severities)], Title: fmt.Sprint("Alert ", i), Concerned: concerned}); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range []struct{ from, to string }{{"us", "ru"}, {"us", "xx"}, {"ru", "us"}, {"us", "ru"}, {"un", "co-chairs"}, {"ru", "us"}, {"us", "ru"}} {
		must("POST", "/api/v1/messages", pageUser(m.from), map[string]any{"to": m.to, "subject": fmt.Sprint("Message ", i)})
	}
	t0 := flightTimes()
	for i, party := range []string{"us", "ru", "un", "us", "ru", "un"} {
		var extra map[string]any
		if i == 0 {
			extra = map[string]any{"releasability": map[string]any{"tlp": "CLEAR"}}
		}
		// Every plan crosses every other at the same place and time: a
		// conflict for each pair of plans of different parties.
		if i%2 == 0 {
			must("POST", "/api/v1/flightplans", pageUser(party), line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, extra))
		} else {
			must("POST", "/api/v1/flightplans", pageUser(party), line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, extra))
		}
	}
	for i, r := range []struct{ party, tlp string }{{"us", "CLEAR"}, {"ru", ""}, {"us", "GREEN"}, {"us", ""}, {"ru", "CLEAR"}} {
		body := map[string]any{"name": fmt.Sprint("Box ", i), "geometry": map[string]any{"type": "Polygon",
			"coordinates": [][][]float64{{{39, 33 + float64(i)/2}, {39.3, 33 + float64(i)/2}, {39.3, 33.3 + float64(i)/2}, {39, 33 + float64(i)/2}}}},
			"floor_ft": 0, "ceiling_ft": 10000, "start": t0.Format(time.RFC3339), "end": t0.Add(time.Hour).Format(time.RFC3339)}
		if r.tlp != "" {
			body["releasability"] = map[string]any{"tlp": r.tlp}
		}
		must("POST", "/api/v1/reservations", pageUser(r.party), body)
	}
}

func TestPagingWalksEveryVisibleRecord(t *testing.T) {
	n := newTestNode(t)
	pagingFixture(t, n)
	checkPaging(t, n)
}

// TestPagingOnPostgres walks the same pages over a node on PostgreSQL.
func TestPagingOnPostgres(t *testing.T) {
	n := newTestNode(t)
	cfg := n.copyToPostgres(t)
	a := n.reopenOn(t, cfg)
	if a.DB.Engine != store.Postgres {
		t.Fatal("the node is not on PostgreSQL")
	}
	pagingFixture(t, n)
	checkPaging(t, n)
}

// checkPaging walks every paged listing as the public and as each party
// and compares the pages with the services' unpaged lists.
func checkPaging(t *testing.T, n *testNode) {
	t.Helper()
	ctx := context.Background()
	a := n.app
	seen := map[string]map[string]int{} // listing -> party -> records seen
	note := func(what, party string, ids []string) {
		if seen[what] == nil {
			seen[what] = map[string]int{}
		}
		seen[what][party] = len(ids)
	}
	for _, party := range []string{"", "us", "ru", "un", "xx"} {
		by, user := pagePrincipal(party), pageUser(party)
		for _, tc := range []struct {
			path string
			f    notify.Filter
		}{
			{"/api/v1/sites", notify.Filter{Type: notify.TypeSite}},
			{"/api/v1/sites?status=active", notify.Filter{Type: notify.TypeSite, Status: notify.StatusActive}},
			{"/api/v1/sites?notified=us", notify.Filter{Type: notify.TypeSite, Notified: "us"}},
			{"/api/v1/sites?pending=true", notify.Filter{Type: notify.TypeSite, PendingFor: party}},
			{"/api/v1/movements", notify.Filter{Type: notify.TypeMovement}},
			{"/api/v1/movements?party=un&status=active", notify.Filter{Type: notify.TypeMovement, Party: "un", Status: notify.StatusActive}},
		} {
			ns, err := a.Notify.List(ctx, by, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			want := idsOf(ns, func(n *notify.Notice) string { return n.ID })
			for _, limit := range []int{2, 3} {
				got := n.walkPages(tc.path, user, limit)
				checkWalk(t, tc.path, party, got, want)
				note(tc.path, party, got)
			}
		}
		for _, tc := range []struct {
			path string
			f    alerts.Filter
		}{
			{"/api/v1/alerts", alerts.Filter{}},
			{"/api/v1/alerts?pending=true", alerts.Filter{PendingFor: party}},
			{"/api/v1/alerts?kind=other&status=open", alerts.Filter{Kind: alerts.KindOther, Status: alerts.StatusOpen}},
		} {
			as, err := a.Alerts.List(ctx, by, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			want := idsOf(as, func(a *alerts.Alert) string { return a.ID })
			got := n.walkPages(tc.path, user, 2)
			checkWalk(t, tc.path, party, got, want)
			note(tc.path, party, got)
		}
		code, body, _ := n.do("GET", "/api/v1/alerts/counts", user, nil)
		if c := decodeAs[alerts.Counts](t, body); code != 200 || c.Total != seen["/api/v1/alerts"][party] ||
			(party != "" && c.Pending != seen["/api/v1/alerts?pending=true"][party]) {
			t.Errorf("alert counts as %q: %d %s; the pages hold %d alerts, %d pending", party, code, body,
				seen["/api/v1/alerts"][party], seen["/api/v1/alerts?pending=true"][party])
		}
		if party != "" { // the hotline is for members only
			for _, tc := range []struct {
				path string
				f    hotline.Filter
			}{
				{"/api/v1/messages", hotline.Filter{}},
				{"/api/v1/messages?box=inbox", hotline.Filter{Box: "inbox"}},
				{"/api/v1/messages?box=outbox&unacknowledged=true", hotline.Filter{Box: "outbox", Unacknowledged: true}},
			} {
				ms, err := a.Hotline.List(ctx, by, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				want := idsOf(ms, func(m *hotline.Message) string { return m.ID })
				got := n.walkPages(tc.path, user, 2)
				checkWalk(t, tc.path, party, got, want)
				note(tc.path, party, got)
			}
		}
		for _, tc := range []struct {
			path string
			f    flights.PlanFilter
		}{
			{"/api/v1/flightplans", flights.PlanFilter{}},
			{"/api/v1/flightplans?party=ru&status=filed", flights.PlanFilter{Party: "ru", Status: flights.StatusFiled}},
		} {
			ps, err := a.Flights.ListPlans(ctx, by, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			want := sortedIDs(idsOf(ps, func(p *flights.Plan) string { return p.ID }))
			got := n.walkPages(tc.path, user, 2)
			checkWalk(t, tc.path, party, got, want)
			note(tc.path, party, got)
		}
		rs, err := a.Flights.ListReservations(ctx, by)
		if err != nil {
			t.Fatal(err)
		}
		got := n.walkPages("/api/v1/reservations", user, 2)
		checkWalk(t, "/api/v1/reservations", party, got, idsOf(rs, func(r *flights.Reservation) string { return r.ID }))
		note("/api/v1/reservations", party, got)
		for _, tc := range []struct {
			path string
			f    flights.ConflictFilter
		}{
			{"/api/v1/conflicts", flights.ConflictFilter{}},
			{"/api/v1/conflicts?party=un&kind=conflict&status=open", flights.ConflictFilter{Party: "un", Kind: flights.KindConflict, Status: flights.ConflictOpen}},
		} {
			cs, err := a.Flights.ListConflicts(ctx, by, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			want := sortedIDs(idsOf(cs, func(c *flights.Conflict) string { return c.ID }))
			got := n.walkPages(tc.path, user, 2)
			checkWalk(t, tc.path, party, got, want)
			note(tc.path, party, got)
		}
	}
	// The fixture must make the walks mean something: more than one page
	// for the widest caller, and a narrower caller who sees less.
	for _, c := range []struct{ path, wide, narrow string }{
		{"/api/v1/sites", "us", ""}, {"/api/v1/sites", "us", "xx"}, {"/api/v1/movements", "ru", ""},
		{"/api/v1/alerts", "us", "xx"}, {"/api/v1/alerts", "us", ""}, {"/api/v1/messages", "us", "xx"},
		{"/api/v1/flightplans", "us", "un"}, {"/api/v1/flightplans", "us", ""}, {"/api/v1/reservations", "ru", "xx"},
		{"/api/v1/reservations", "ru", ""}, {"/api/v1/conflicts", "us", "un"}, {"/api/v1/conflicts", "us", "xx"},
	} {
		w, nn := seen[c.path][c.wide], seen[c.path][c.narrow]
		if w <= 3 || nn >= w {
			t.Errorf("fixture: %s shows %s %d records and %q %d; want more than 3 and fewer", c.path, c.wide, w, c.narrow, nn)
		}
	}
}

func TestPagingBadLimitOrCursorIsAProblem(t *testing.T) {
	n := newTestNode(t)
	// A cursor of one listing is no cursor of another.
	n.do("POST", "/api/v1/messages", "us-liaison", map[string]any{"to": "ru", "subject": "a"})
	n.do("POST", "/api/v1/messages", "us-liaison", map[string]any{"to": "ru", "subject": "b"})
	code, body, _ := n.do("GET", "/api/v1/messages?limit=1", "us-liaison", nil)
	if code != 200 {
		t.Fatalf("messages: %d %s", code, body)
	}
	var p struct{ Next string }
	json.Unmarshal(body, &p)
	if p.Next == "" {
		t.Fatalf("two messages, limit 1, and no next: %s", body)
	}
	max := map[string]int{"/api/v1/sites": 1000, "/api/v1/movements": 1000, "/api/v1/alerts": 1000, "/api/v1/messages": 1000,
		"/api/v1/flightplans": 10000, "/api/v1/reservations": 10000, "/api/v1/conflicts": 10000}
	before := n.app.Hashes.Size()
	for path, m := range max {
		for _, q := range []struct{ query, names string }{
			{"limit=0", "limit"}, {"limit=-1", "limit"}, {"limit=abc", "limit"}, {fmt.Sprintf("limit=%d", m+1), "limit"},
			{"cursor=not-a-cursor", "cursor"}, {"cursor=" + base64.RawURLEncoding.EncodeToString([]byte("n1.x.y")), "cursor"},
		} {
			code, body, h := n.do("GET", path+"?"+q.query, "us-liaison", nil)
			if code != 400 || h.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(body), q.names) {
				t.Errorf("GET %s?%s: %d %s, want a 400 problem naming %s", path, q.query, code, body, q.names)
			}
		}
		if path != "/api/v1/messages" {
			code, body, _ := n.do("GET", path+"?cursor="+url.QueryEscape(p.Next), "us-liaison", nil)
			if code != 400 {
				t.Errorf("GET %s with a messages cursor: %d %s, want 400", path, code, body)
			}
		}
		if code, body, _ := n.do("GET", fmt.Sprintf("%s?limit=%d", path, m), "us-liaison", nil); code != 200 {
			t.Errorf("GET %s?limit=%d: %d %s", path, m, code, body)
		}
	}
	if after := n.app.Hashes.Size(); after != before {
		t.Fatalf("bad limits and cursors appended %d entries", after-before)
	}
	// A cursor of the sites is none of the movements.
	site := map[string]any{"kind": "hospital", "names": map[string]string{"en": "H"}, "location": map[string]any{"type": "Point",
		"coordinates": []float64{37, 36}}, "buffer_m": 300, "parties": []string{"ru"}, "confirm_flags": []string{"duplicate"}}
	for range 2 {
		if code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site); code != 201 {
			t.Fatalf("notify: %d %s", code, body)
		}
	}
	before = n.app.Hashes.Size()
	_, body, _ = n.do("GET", "/api/v1/sites?limit=1", "us-liaison", nil)
	p.Next = ""
	json.Unmarshal(body, &p)
	if p.Next == "" {
		t.Fatalf("two sites, limit 1, and no next: %s", body)
	}
	if code, body, _ := n.do("GET", "/api/v1/movements?cursor="+url.QueryEscape(p.Next), "us-liaison", nil); code != 400 {
		t.Errorf("GET /api/v1/movements with a cursor of the sites: %d %s, want 400", code, body)
	}
	if n.app.Hashes.Size() != before {
		t.Error("bad listings changed the log")
	}
}

// TestAlertCountsCountEveryVisibleAlert raises more alerts than one page of
// the largest size and checks that the counts and the pages cover them
// all, for a party concerned and one that is not.
func TestAlertCountsCountEveryVisibleAlert(t *testing.T) {
	if testing.Short() {
		t.Skip("raises 1,010 alerts")
	}
	n := newTestNode(t)
	n.addOutsider()
	ctx := context.Background()
	const total = 1010
	for i := range total {
		concerned := []string{"us"}
		if i%10 == 0 {
			concerned = []string{"us", "xx"}
		}
		if _, _, err := n.app.Alerts.Raise(ctx, alerts.Spec{Key: fmt.Sprint("count:", i), Kind: alerts.KindOther,
			Severity: alerts.SeverityMinor, Title: "A", Concerned: concerned}); err != nil {
			t.Fatal(err)
		}
	}
	// us acknowledges a few: they stay visible but are no longer pending.
	as, _ := n.app.Alerts.List(ctx, pagePrincipal("us"), alerts.Filter{Limit: 3})
	for _, al := range as {
		if _, err := n.app.Alerts.Acknowledge(ctx, pagePrincipal("us"), al.ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		party          string
		total, pending int
	}{{"us", total, total - 3}, {"xx", total / 10, total / 10}, {"ru", 0, 0}, {"", 0, 0}} {
		code, body, _ := n.do("GET", "/api/v1/alerts/counts", pageUser(c.party), nil)
		if code != 200 {
			t.Fatalf("counts as %q: %d %s", c.party, code, body)
		}
		got := decodeAs[alerts.Counts](t, body)
		if got.Total != c.total || got.Pending != c.pending || got.BySeverity[alerts.SeverityMinor] != c.total ||
			got.ByStatus[alerts.StatusOpen]+got.ByStatus[alerts.StatusAcknowledged] != c.total {
			t.Errorf("counts as %q: %+v, want %d alerts, %d pending", c.party, got, c.total, c.pending)
		}
		if c.party == "" {
			continue
		}
		ids := n.walkPages("/api/v1/alerts", pageUser(c.party), 1000)
		if len(ids) != c.total {
			t.Errorf("pages of 1000 as %q hold %d alerts, want %d", c.party, len(ids), c.total)
		}
		if p := n.walkPages("/api/v1/alerts?pending=true", pageUser(c.party), 1000); len(p) != c.pending {
			t.Errorf("pending pages as %q hold %d alerts, want %d", c.party, len(p), c.pending)
		}
	}
}
