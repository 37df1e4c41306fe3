package ogc_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// guarded is a record of the shared node that some callers may see and
// others may not.
type guarded struct {
	collection, name string
	// feature returns the record's feature id from its API id.
	feature func(id string) string
	csv     bool
	hidden  []string
	visible []string
}

func guardedRecords() []guarded {
	same := func(id string) string { return id }
	return []guarded{
		{"zones", "amber-zone", func(id string) string { return id + ".v1" }, false, []string{"", "xx-liaison"}, []string{"us-liaison"}},
		{"incidents", "red-us", same, true, []string{"", "ru-liaison", "xx-liaison"}, []string{"us-liaison"}},
		{"sites", "site", same, true, []string{"", "xx-liaison"}, []string{"us-liaison", "un-liaison"}},
		{"movements", "movement", same, true, []string{"", "xx-liaison"}, []string{"us-liaison", "un-liaison"}},
		{"alerts", "alert", same, false, []string{"", "xx-liaison"}, []string{"us-liaison"}},
		{"flights", "flight", same, false, []string{"", "xx-liaison"}, []string{"us-liaison"}},
		{"passages", "passage", same, false, []string{"", "xx-liaison"}, []string{"us-liaison", "un-liaison"}},
	}
}

// TestEveryReadPathHonoursReleasability reads a guarded record of every
// collection through every path that serves it — each export format, the
// OGC items (JSON and HTML) and the OGC item (JSON and HTML) — as callers
// outside its audience, who must not find it (the item is a 404), and as
// callers inside, who must.
func TestEveryReadPathHonoursReleasability(t *testing.T) {
	n := newNode(t)
	for _, g := range guardedRecords() {
		id := n.ids[g.name]
		if id == "" {
			t.Fatalf("the seed has no %s", g.name)
		}
		fid := g.feature(id)
		formats := []string{"geojson", "kml"}
		if g.csv {
			formats = append(formats, "csv", "hxl")
		}
		check := func(user string, want bool) {
			t.Helper()
			for _, f := range formats {
				code, body, _ := n.do("GET", "/api/v1/exports/"+g.collection+"?format="+f, user, nil)
				if code != 200 || strings.Contains(string(body), id) != want {
					t.Errorf("export %s %s as %q: %d, holds %s: %v, want %v", g.collection, f, user, code, id, !want, want)
				}
			}
			if got := n.allItems("/ogc/collections/"+g.collection+"/items?limit=1000", user); slices.Contains(got, fid) != want {
				t.Errorf("OGC items of %s as %q: %v; holds %s: want %v", g.collection, user, got, fid, want)
			}
			code, body, _ := n.do("GET", "/ogc/collections/"+g.collection+"/items?f=html&limit=10000", user, nil)
			if code != 200 || strings.Contains(string(body), id) != want {
				t.Errorf("OGC HTML items of %s as %q: %d; holds %s: want %v", g.collection, user, code, id, want)
			}
			status := 404
			if want {
				status = 200
			}
			for _, f := range []string{"json", "html"} {
				code, body, _ := n.do("GET", "/ogc/collections/"+g.collection+"/items/"+url.PathEscape(fid)+"?f="+f, user, nil)
				if !want {
					// The problem names the path asked for, and nothing else of the record.
					_, missing, _ := n.do("GET", "/ogc/collections/"+g.collection+"/items/"+url.PathEscape(fid+"x")+"?f="+f, user, nil)
					body = []byte(strings.ReplaceAll(string(body), fid, fid+"x"))
					if code != 404 || string(body) != string(missing) {
						t.Errorf("OGC item %s/%s (%s) as %q: %d, want 404 like a missing one: %s vs %s", g.collection, fid, f, user, code, body, missing)
					}
					continue
				}
				if code != status || !strings.Contains(string(body), id) {
					t.Errorf("OGC item %s/%s (%s) as %q: %d, want %d: %.200s", g.collection, fid, f, user, code, status, body)
				}
			}
		}
		for _, u := range g.hidden {
			check(u, false)
		}
		for _, u := range g.visible {
			check(u, true)
		}
	}
}

// TestSensitiveReadsThroughOGCAndExportsAreAudited reads AMBER and RED
// records through /ogc (items and item) and an export and finds each read
// in the owning party's read audit with its path; a CLEAR read is not
// recorded.
func TestSensitiveReadsThroughOGCAndExportsAreAudited(t *testing.T) {
	n := newNode(t)
	red, zone := n.ids["red-us"], n.ids["amber-zone"]
	n.must(200, "GET", "/ogc/collections/incidents/items/"+red, "us-liaison", nil)
	n.must(200, "GET", "/ogc/collections/zones/items?limit=100", "us-liaison", nil)
	n.must(200, "GET", "/ogc/collections/incidents/items/"+n.ids["pub-03"], "us-liaison", nil)
	if code, body, _ := n.do("GET", "/api/v1/exports/incidents?format=csv", "us-liaison", nil); code != 200 {
		t.Fatalf("export: %d %s", code, body)
	}
	_, body, _ := n.do("GET", "/api/v1/audit/reads?limit=1000", "us-liaison", nil)
	var d struct {
		Items []struct{ Reader, Subject, Path, TLP string }
	}
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	seen := map[string]bool{}
	for _, r := range d.Items {
		if r.Reader == "us-liaison" {
			seen[r.Subject+" "+r.Path] = true
		}
		if r.Subject == n.ids["pub-03"] {
			t.Errorf("a CLEAR read is audited: %+v", r)
		}
	}
	for _, k := range []string{red + " ogc", zone + ".v1 ogc", red + " export"} {
		if !seen[k] {
			t.Errorf("the read audit misses %q: %s", k, body)
		}
	}
}
