package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/listing"
	"truce/internal/store"
)

// Tests of the paging contract (package listing) on every paged listing
// of the API: every page walked with a small limit must together hold
// exactly what the caller may see, in the listing's order, as one page of
// the service's largest size shows it; pages are full but the last, the
// last has no next, a next names only the last record shown, and a cursor
// of another listing or a garbage one is a 400 problem.

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

// pageWalk is what walking a listing found: the ids of every item in
// order, and one cursor it was given (empty if none).
type pageWalk struct {
	ids    []string
	cursor string
}

// walkPages follows next from path (which may hold a query) as user with
// ?limit=limit. It checks that every page is a page (items and next
// present), that no record comes twice, that every page but the last is
// full and the last is not empty (unless it is the only one), and that
// each next is cursorOf the page's last item (nil: a cursor that ends
// with that item's id).
func (n *testNode) walkPages(path, user string, limit int, cursorOf func(id string) string) pageWalk {
	n.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	q := fmt.Sprintf("%s%slimit=%d", path, sep, limit)
	var w pageWalk
	seen := map[string]bool{}
	for pages := 0; pages < 200; pages++ {
		code, body, _ := n.do("GET", q, user, nil)
		if code != 200 {
			n.t.Fatalf("GET %s as %q: %d %s", q, user, code, body)
		}
		var p struct {
			Items []struct {
				ID json.RawMessage `json:"id"` // a string, or a number (the read audit)
			} `json:"items"`
			Next *string `json:"next"`
		}
		if err := json.Unmarshal(body, &p); err != nil || p.Items == nil || p.Next == nil {
			n.t.Fatalf("GET %s: not a page with items and next (%v): %s", q, err, body)
		}
		for i := range p.Items {
			p.Items[i].ID = bytes.Trim(p.Items[i].ID, `"`)
		}
		for _, it := range p.Items {
			id := string(it.ID)
			if seen[id] {
				n.t.Errorf("GET %s as %q: %s comes twice", q, user, id)
			}
			seen[id] = true
			w.ids = append(w.ids, id)
		}
		if pages > 0 && len(p.Items) == 0 {
			n.t.Errorf("GET %s as %q: the next of the page before led to an empty page", q, user)
		}
		if *p.Next == "" {
			return w
		}
		w.cursor = *p.Next
		if len(p.Items) != limit {
			n.t.Errorf("GET %s as %q: %d items and a next page, want full pages of %d", q, user, len(p.Items), limit)
		}
		if len(p.Items) > 0 {
			last := string(p.Items[len(p.Items)-1].ID)
			if cursorOf != nil && *p.Next != cursorOf(last) {
				n.t.Errorf("GET %s: cursor %q is not the position of the page's last item %s", q, *p.Next, last)
			}
			raw, err := base64.RawURLEncoding.DecodeString(*p.Next)
			if cursorOf == nil && (err != nil || !strings.HasSuffix(string(raw), "."+last)) {
				n.t.Errorf("GET %s: cursor %q names more than the last item of its page", q, raw)
			}
		}
		q = fmt.Sprintf("%s%slimit=%d&cursor=%s", path, sep, limit, url.QueryEscape(*p.Next))
	}
	n.t.Fatalf("GET %s: more than 200 pages", path)
	return w
}

// onePage returns the ids of a page that must be the whole listing (no
// next), for a reference.
func onePage[T any](t *testing.T, what string, p *listing.Page[T], err error, id func(*T) string) []string {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if p.Next != "" {
		t.Fatalf("%s: the largest page has a next; the fixture outgrew it", what)
	}
	out := []string{}
	for i := range p.Items {
		out = append(out, id(&p.Items[i]))
	}
	return out
}

// checkWalk compares the walked ids with want, order included.
func checkWalk(t *testing.T, what, party string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s as %q: pages hold %v, want %v", what, party, got, want)
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

// checkPaging walks every paged listing as the public and as each party,
// compares the pages with the services' one-page references, and checks
// that each listing refuses the cursors of every other listing and a
// garbage one with a 400 problem.
func checkPaging(t *testing.T, n *testNode) {
	t.Helper()
	ctx := context.Background()
	seen := map[string]map[string]int{} // listing -> party -> records seen
	cursors := map[string]string{}      // listing (path without query) -> a cursor it gave
	base := func(path string) string { p, _, _ := strings.Cut(path, "?"); return p }
	routes := pageRoutes(n.app)
	for _, party := range []string{"", "us", "ru", "un", "xx"} {
		by, user := pagePrincipal(party), pageUser(party)
		for _, r := range routes {
			if r.members && party == "" {
				continue
			}
			var cursorOf func(string) string
			if r.cursorOf != nil {
				cursorOf = func(id string) string { return r.cursorOf(ctx, t, by, id) }
			}
			want := r.want(ctx, t, by)
			for _, limit := range []int{2, 3} {
				w := n.walkPages(r.path, user, limit, cursorOf)
				checkWalk(t, r.path, party, w.ids, want)
				if seen[r.path] == nil {
					seen[r.path] = map[string]int{}
				}
				seen[r.path][party] = len(w.ids)
				if w.cursor != "" {
					cursors[base(r.path)] = w.cursor
				}
			}
		}
	}
	// The fixture must make the walks mean something: more than one page
	// for the widest caller, and a narrower caller who sees less.
	for _, c := range []struct{ path, wide, narrow string }{
		{"/api/v1/zones", "us", ""}, {"/api/v1/zones", "us", "un"}, {"/api/v1/webhooks", "us", "ru"}, {"/api/v1/audit/reads", "us", "xx"},
		{"/api/v1/incidents", "us", ""}, {"/api/v1/incidents", "us", "xx"}, {"/api/v1/incidents", "us", "ru"},
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
	// Every listing refuses every other listing's cursor, and garbage.
	before := n.app.Hashes.Size()
	garbage := []string{"not-a-cursor", base64.RawURLEncoding.EncodeToString([]byte("n1.x.y")),
		base64.RawURLEncoding.EncodeToString([]byte("i1.123"))}
	for _, r := range routes {
		own := base(r.path)
		if cursors[own] == "" {
			t.Errorf("%s gave no cursor to test with", own)
		}
		bad := slices.Clone(garbage)
		for other, c := range cursors {
			if other != own {
				bad = append(bad, c)
			}
		}
		for _, c := range bad {
			code, body, h := n.do("GET", r.path+"&cursor="+url.QueryEscape(c), "us-liaison", nil)
			if !strings.Contains(r.path, "?") {
				code, body, h = n.do("GET", r.path+"?cursor="+url.QueryEscape(c), "us-liaison", nil)
			}
			if code != 400 || h.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(body), "cursor") {
				t.Errorf("GET %s with cursor %q: %d %s, want a 400 problem naming the cursor", r.path, c, code, body)
			}
		}
	}
	if n.app.Hashes.Size() != before {
		t.Error("refused cursors changed the log")
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
		"/api/v1/flightplans": 10000, "/api/v1/reservations": 10000, "/api/v1/conflicts": 10000, "/api/v1/incidents": 1000,
		"/api/v1/zones": 1000, "/api/v1/webhooks": 1000, "/api/v1/audit/reads": 1000}
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
	as, err := n.app.Alerts.ListPage(ctx, pagePrincipal("us"), alerts.Filter{Limit: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, al := range as.Items {
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
		ids := n.walkPages("/api/v1/alerts", pageUser(c.party), 1000, nil).ids
		if len(ids) != c.total {
			t.Errorf("pages of 1000 as %q hold %d alerts, want %d", c.party, len(ids), c.total)
		}
		if p := n.walkPages("/api/v1/alerts?pending=true", pageUser(c.party), 1000, nil).ids; len(p) != c.pending {
			t.Errorf("pending pages as %q hold %d alerts, want %d", c.party, len(p), c.pending)
		}
	}
}
