package ogc_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// termsNode returns a node of its own (the shared seed's zone counts stay
// as they are) with: a GREEN zone and an AMBER zone for the co-chairs us
// and ru, both agreed; an AMBER agreement for us and ru with obligations on
// both; and a GREEN agreement whose one obligation names the AMBER zone.
func termsNode(t *testing.T) *node {
	t.Helper()
	n := emptyNode(t)
	zone := func(name, tlp string, audience ...string) string {
		body := map[string]any{"kind": "ceasefire_area", "name": name, "geometry": json.RawMessage(square),
			"effective_from": "2016-07-01T00:00:00Z"}
		if tlp != "" {
			body["releasability"] = map[string]any{"tlp": tlp, "audience": audience}
		}
		id := n.must(201, "POST", "/api/v1/zones", "us-liaison", body)["id"].(string)
		n.must(201, "POST", "/api/v1/zones/"+id+"/versions/1/agreements", "ru-liaison", nil)
		return id
	}
	n.ids["green-zone"] = zone("Green area", "")
	n.ids["amber-zone"] = zone("Co-chairs' area", "AMBER", "us", "ru")
	obligation := func(key, zoneID string) map[string]any {
		return map[string]any{"key": key, "title": "No heavy weapons in " + key,
			"rule": map[string]any{"kind": "no_weapons_in_zone", "zone_id": zoneID, "from": "2016-07-01T00:00:00Z", "classes": []string{"artillery"}}}
	}
	agreement := func(title string, rel map[string]any, obs ...map[string]any) string {
		body := map[string]any{"title": title, "parties": []string{"us", "ru"}, "effective_from": "2016-07-01T00:00:00Z",
			"obligations": obs}
		if rel != nil {
			body["releasability"] = rel
		}
		id := n.must(201, "POST", "/api/v1/agreements", "us-liaison", body)["id"].(string)
		n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", nil)
		return id
	}
	n.ids["amber-agreement"] = agreement("Co-chairs' memorandum", map[string]any{"tlp": "AMBER", "audience": []string{"us", "ru"}},
		obligation("green", n.ids["green-zone"]), obligation("amber", n.ids["amber-zone"]))
	n.ids["green-agreement"] = agreement("Public ceasefire", nil, obligation("amber", n.ids["amber-zone"]))
	return n
}

// TestAgreementsAndObligationsHonourReleasability reads the AMBER
// agreement and its obligations through every path that serves them (the
// exports, the OGC items and item in JSON and HTML) as callers outside its
// audience, who must not find them (the item is a 404), and as a caller
// inside, who must.
func TestAgreementsAndObligationsHonourReleasability(t *testing.T) {
	n := termsNode(t)
	agr := n.ids["amber-agreement"]
	for _, g := range []struct{ collection, fid string }{{"agreements", agr}, {"obligations", agr + ".amber"}} {
		check := func(user string, want bool) {
			t.Helper()
			for _, f := range []string{"geojson", "kml"} {
				code, body, _ := n.do("GET", "/api/v1/exports/"+g.collection+"?format="+f, user, nil)
				if code != 200 || strings.Contains(string(body), agr) != want {
					t.Errorf("export %s %s as %q: %d, holds %s: %v, want %v", g.collection, f, user, code, agr, !want, want)
				}
			}
			if got := n.allItems("/ogc/collections/"+g.collection+"/items?limit=1", user); slices.Contains(got, g.fid) != want {
				t.Errorf("OGC items of %s as %q: %v; holds %s: want %v", g.collection, user, got, g.fid, want)
			}
			code, body, _ := n.do("GET", "/ogc/collections/"+g.collection+"/items?f=html", user, nil)
			if code != 200 || strings.Contains(string(body), agr) != want {
				t.Errorf("OGC HTML items of %s as %q: %d; holds %s: want %v", g.collection, user, code, agr, want)
			}
			for _, f := range []string{"json", "html"} {
				code, body, _ := n.do("GET", "/ogc/collections/"+g.collection+"/items/"+url.PathEscape(g.fid)+"?f="+f, user, nil)
				if want && (code != 200 || !strings.Contains(string(body), agr)) || !want && code != 404 {
					t.Errorf("OGC item %s/%s (%s) as %q: %d, want found %v: %.200s", g.collection, g.fid, f, user, code, want, body)
				}
			}
		}
		for _, u := range []string{"", "xx-liaison", "un-liaison"} {
			check(u, false)
		}
		check("us-liaison", true)
	}
}

// TestAgreementGeometryIsOnlyTheZonesTheCallerSees reads the GREEN
// agreement, whose obligation names the AMBER zone: a party outside the
// zone's audience sees the agreement and its obligation without a
// geometry, a co-chair sees the zone's area; paging the obligations one at
// a time finds every one once.
func TestAgreementGeometryIsOnlyTheZonesTheCallerSees(t *testing.T) {
	n := termsNode(t)
	agr := n.ids["green-agreement"]
	for _, tc := range []struct {
		user     string
		geometry bool
	}{{"un-liaison", false}, {"xx-liaison", false}, {"us-liaison", true}} {
		for _, path := range []string{"/ogc/collections/agreements/items/" + agr, "/ogc/collections/obligations/items/" + agr + ".amber"} {
			code, body, _ := n.do("GET", path, tc.user, nil)
			if code != 200 {
				t.Fatalf("%s as %q: %d %s", path, tc.user, code, body)
			}
			var f featureDoc
			if err := json.Unmarshal(body, &f); err != nil {
				t.Fatal(err)
			}
			has := len(f.Geometry) > 0 && string(f.Geometry) != "null"
			if has != tc.geometry || tc.geometry && !strings.Contains(string(f.Geometry), `"Polygon"`) {
				t.Errorf("%s as %q: geometry %s, want one: %v", path, tc.user, f.Geometry, tc.geometry)
			}
			if f.Props["agreement_id"] != agr {
				t.Errorf("%s as %q: properties %v", path, tc.user, f.Props)
			}
		}
	}
	got := n.allItems("/ogc/collections/obligations/items?limit=1", "us-liaison")
	want := []string{n.ids["amber-agreement"] + ".green", n.ids["amber-agreement"] + ".amber", agr + ".amber"}
	if !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("obligations paged one at a time: %v, want %v", got, want)
	}
	if got := n.allItems("/ogc/collections/obligations/items?filter="+url.QueryEscape("rule_kind='no_weapons_in_zone' AND zone_id='"+n.ids["amber-zone"]+"'"), "un-liaison"); !slices.Equal(got, []string{agr + ".amber"}) {
		t.Errorf("filtered obligations as un: %v", got)
	}
	q := n.must(200, "GET", "/ogc/collections/obligations/queryables", "", nil)
	if k := q["properties"].(map[string]any)["rule_kind"].(map[string]any); k["enum"] == nil {
		t.Errorf("rule_kind queryable %v has no enum", k)
	}
}
