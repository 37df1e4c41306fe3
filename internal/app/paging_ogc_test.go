package app

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// walkOGC follows the next links of the items of an OGC collection as
// user with ?limit=limit and returns the feature ids in order and one
// cursor it was given. It checks what walkPages checks of the API's
// listings: no feature twice, every page full but the last, the last not
// empty unless it is the only one.
func (n *testNode) walkOGC(collection, user string, limit int) pageWalk {
	n.t.Helper()
	q := fmt.Sprintf("/ogc/collections/%s/items?limit=%d", collection, limit)
	var w pageWalk
	seen := map[string]bool{}
	for pages := 0; pages < 200; pages++ {
		code, body, _ := n.do("GET", q, user, nil)
		if code != 200 {
			n.t.Fatalf("GET %s as %q: %d %s", q, user, code, body)
		}
		var fc struct {
			Features []struct {
				ID string `json:"id"`
			} `json:"features"`
			Links []struct{ Rel, Href string } `json:"links"`
		}
		if err := json.Unmarshal(body, &fc); err != nil {
			n.t.Fatalf("GET %s: %v: %s", q, err, body)
		}
		for _, f := range fc.Features {
			if seen[f.ID] {
				n.t.Errorf("GET %s as %q: %s comes twice", q, user, f.ID)
			}
			seen[f.ID] = true
			w.ids = append(w.ids, f.ID)
		}
		if pages > 0 && len(fc.Features) == 0 {
			n.t.Errorf("GET %s as %q: the next link of the page before led to an empty page", q, user)
		}
		next := ""
		for _, l := range fc.Links {
			if l.Rel == "next" {
				next = l.Href
			}
		}
		if next == "" {
			return w
		}
		if len(fc.Features) != limit {
			n.t.Errorf("GET %s as %q: %d features and a next page, want full pages of %d", q, user, len(fc.Features), limit)
		}
		u, err := url.Parse(next)
		if err != nil {
			n.t.Fatalf("next link %q: %v", next, err)
		}
		w.cursor = u.Query().Get("cursor")
		q = u.RequestURI()
	}
	n.t.Fatalf("GET %s: more than 200 pages", q)
	return w
}

// TestPagingOGCItems walks the items of every OGC collection the fixture
// fills, as the public and as each party, against one page of the largest
// size; and checks that each collection refuses the cursors of the others
// and of the API's listings, and garbage, with a 400 problem.
func TestPagingOGCItems(t *testing.T) {
	n := newTestNode(t)
	pagingFixture(t, n)
	collections := []string{"incidents", "sites", "movements", "flights", "alerts"}
	cursors := map[string]string{}
	for _, party := range []string{"", "us", "ru", "un", "xx"} {
		user := pageUser(party)
		for _, c := range collections {
			all := n.walkOGC(c, user, 10000)
			if all.cursor != "" {
				t.Fatalf("%s as %q: more than one page of 10000", c, party)
			}
			for _, limit := range []int{2, 3} {
				w := n.walkOGC(c, user, limit)
				if !slices.Equal(w.ids, all.ids) {
					t.Errorf("%s as %q: pages of %d hold %v, one page %v", c, party, limit, w.ids, all.ids)
				}
				if w.cursor != "" {
					cursors[c] = w.cursor
				}
			}
			if party == "us" && len(all.ids) <= 3 {
				t.Errorf("fixture: us sees %d %s; want more than one page", len(all.ids), c)
			}
		}
	}
	// An API cursor is none of the OGC API's, and the other way round.
	_, body, _ := n.do("GET", "/api/v1/alerts?limit=1", "us-liaison", nil)
	var p struct{ Next string }
	if err := json.Unmarshal(body, &p); err != nil || p.Next == "" {
		t.Fatalf("alerts: %s", body)
	}
	for _, c := range collections {
		bad := []string{"not-a-cursor", "!!", p.Next}
		for other, oc := range cursors {
			if other != c {
				bad = append(bad, oc)
			}
		}
		for _, b := range bad {
			code, body, h := n.do("GET", "/ogc/collections/"+c+"/items?cursor="+url.QueryEscape(b), "us-liaison", nil)
			if code != 400 || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") || !strings.Contains(string(body), "cursor") {
				t.Errorf("GET %s items with cursor %q: %d %s, want a 400 problem naming the cursor", c, b, code, body)
			}
		}
	}
	if code, body, _ := n.do("GET", "/api/v1/alerts?cursor="+url.QueryEscape(cursors["alerts"]), "us-liaison", nil); code != 400 {
		t.Errorf("the API's alerts took the OGC alerts' cursor: %d %s", code, body)
	}
}
