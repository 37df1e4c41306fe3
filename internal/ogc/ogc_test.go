package ogc_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
)

type featureDoc struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Geometry json.RawMessage
	Props    map[string]any `json:"properties"`
}

type itemsDoc struct {
	Type           string       `json:"type"`
	Features       []featureDoc `json:"features"`
	NumberReturned int          `json:"numberReturned"`
	Links          []struct{ Href, Rel, Type string }
}

// allItems follows the next links of an items listing and returns every
// feature id.
func (n *node) allItems(path, user string) []string {
	n.t.Helper()
	var ids []string
	for range 100 {
		code, body, h := n.do("GET", path, user, nil)
		if code != 200 {
			n.t.Fatalf("GET %s as %q: %d %s", path, user, code, body)
		}
		if ct := h.Get("Content-Type"); ct != "application/geo+json" {
			n.t.Fatalf("Content-Type %q", ct)
		}
		var d itemsDoc
		if err := json.Unmarshal(body, &d); err != nil {
			n.t.Fatalf("items: %v: %s", err, body)
		}
		if d.NumberReturned != len(d.Features) {
			n.t.Fatalf("numberReturned %d, features %d", d.NumberReturned, len(d.Features))
		}
		for _, f := range d.Features {
			ids = append(ids, f.ID)
		}
		next := ""
		for _, l := range d.Links {
			if l.Rel == "next" {
				next = l.Href
			}
		}
		if next == "" {
			return ids
		}
		path = strings.TrimPrefix(next, n.srv.URL)
	}
	n.t.Fatal("more than 100 pages")
	return nil
}

// listIDs returns the ids of GET /api/v1/<what> (the JSON API) as user.
func (n *node) listIDs(what, user string) []string {
	code, body, _ := n.do("GET", "/api/v1/"+what+"?limit=1000", user, nil)
	if code != 200 {
		n.t.Fatalf("list %s: %d %s", what, code, body)
	}
	var d struct{ Items []struct{ ID string } }
	if err := json.Unmarshal(body, &d); err != nil {
		n.t.Fatal(err)
	}
	var ids []string
	for _, it := range d.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

func sorted(s []string) []string { s = slices.Clone(s); sort.Strings(s); return s }

// TestItemsMatchTheAPIForEveryCaller pages through every collection as every
// kind of caller and checks that the features are exactly the records the
// JSON API lists for that caller.
func TestItemsMatchTheAPIForEveryCaller(t *testing.T) {
	n := newNode(t)
	for _, user := range []string{"", "us-liaison", "ru-liaison", "xx-liaison", "un-liaison"} {
		for _, c := range []string{"incidents", "sites", "movements", "alerts", "flights"} {
			got := n.allItems("/ogc/collections/"+c+"/items?limit=7", user)
			list := c
			if c == "flights" {
				list = "flightplans"
			}
			want := n.listIDs(list, user)
			if !slices.Equal(sorted(got), sorted(want)) {
				t.Errorf("%s as %q: OGC %v, API %v", c, user, got, want)
			}
		}
	}
	if got := n.allItems("/ogc/collections/incidents/items?limit=1000", "ru-liaison"); slices.Contains(got, n.ids["red-us"]) || !slices.Contains(got, n.ids["amber-ru"]) {
		t.Fatalf("ru sees %v", got)
	}
	if got := n.allItems("/ogc/collections/sites/items", "xx-liaison"); len(got) != 0 {
		t.Fatalf("the outsider sees sites %v", got)
	}
	z := n.must(200, "GET", "/ogc/collections/zones/items/"+n.ids["zone"]+".v1", "ru-liaison", nil)
	if p := z["properties"].(map[string]any); p["kind"] != "ceasefire_area" || p["status"] != "in_force" || p["name_ru"] != "Тест" || z["geometry"] == nil {
		t.Fatalf("zone feature %v", z)
	}
	n.must(404, "GET", "/ogc/collections/zones/items/"+n.ids["zone"]+".v2", "ru-liaison", nil)
	n.must(404, "GET", "/ogc/collections/zones/items/"+n.ids["zone"], "ru-liaison", nil)
	zs := n.allItems("/ogc/collections/zones/items", "us-liaison")
	if !slices.Equal(zs, sorted([]string{n.ids["zone"] + ".v1", n.ids["proposed"] + ".v1", n.ids["amber-zone"] + ".v1"})) {
		t.Fatalf("zones %v", zs)
	}
	if zs := n.allItems("/ogc/collections/zones/items", "xx-liaison"); !slices.Equal(zs, sorted([]string{n.ids["zone"] + ".v1", n.ids["proposed"] + ".v1"})) {
		t.Fatalf("the outsider sees zones %v", zs)
	}
	// The comparisons above are not empty on both sides.
	if got := n.allItems("/ogc/collections/alerts/items", "us-liaison"); !slices.Equal(got, []string{n.ids["alert"]}) {
		t.Fatalf("us sees alerts %v", got)
	}
	if got := n.allItems("/ogc/collections/alerts/items", "xx-liaison"); len(got) != 0 {
		t.Fatalf("the outsider sees alerts %v", got)
	}
}

// TestInvisibleRecordsAreNotFound checks the item, filters and exports of a
// record a caller may not see: 404 like a missing one, absent everywhere.
func TestInvisibleRecordsAreNotFound(t *testing.T) {
	n := newNode(t)
	red := n.ids["red-us"]
	n.must(200, "GET", "/ogc/collections/incidents/items/"+red, "us-liaison", nil)
	for _, user := range []string{"", "ru-liaison", "xx-liaison"} {
		missing := n.must(404, "GET", "/ogc/collections/incidents/items/no-such-incident", user, nil)
		hidden := n.must(404, "GET", "/ogc/collections/incidents/items/"+red, user, nil)
		if hidden["detail"] != missing["detail"] || hidden["title"] != missing["title"] {
			t.Fatalf("a hidden record answers differently from a missing one: %v vs %v", hidden, missing)
		}
		for _, q := range []string{"filter=" + url.QueryEscape("id='"+red+"'"), "filter=" + url.QueryEscape("tlp='RED'"),
			"bbox=37.14,36.14,37.16,36.16", "filter=" + url.QueryEscape("S_INTERSECTS(geometry,POINT(37.15 36.15))")} {
			if got := n.allItems("/ogc/collections/incidents/items?"+q, user); len(got) != 0 {
				t.Fatalf("%s as %q finds %v", q, user, got)
			}
		}
		for _, f := range []string{"geojson", "kml", "csv"} {
			code, body, _ := n.do("GET", "/api/v1/exports/incidents?format="+f, user, nil)
			if code != 200 || strings.Contains(string(body), red) || strings.Contains(string(body), "red-us") {
				t.Fatalf("export %s as %q: %d, leaks the RED incident: %v", f, user, code, strings.Contains(string(body), red))
			}
		}
	}
	n.must(404, "GET", "/ogc/collections/sites/items/"+n.ids["site"], "xx-liaison", nil)
	n.must(404, "GET", "/ogc/collections/movements/items/"+n.ids["site"], "us-liaison", nil) // a site is not a movement
	n.must(200, "GET", "/ogc/collections/sites/items/"+n.ids["site"], "us-liaison", nil)
	// The filter finds it for its audience.
	if got := n.allItems("/ogc/collections/incidents/items?filter="+url.QueryEscape("tlp='RED'"), "us-liaison"); !slices.Equal(got, []string{red}) {
		t.Fatalf("us finds %v", got)
	}
}
