package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/cases"
	"truce/internal/listing"
	"truce/internal/testwait"
)

// reportAt reports, as ru's reporter, an incident at lon, lat alleging
// party, now, and returns its id.
func (n *testNode) reportAt(ext string, lon, lat float64, party string) string {
	n.t.Helper()
	body := incidentBody(ext, lon, lat, "GREEN")
	body["time"] = map[string]any{"start": time.Now().UTC().Add(time.Second).Format(time.RFC3339Nano), "precision": "hour"}
	body["perpetrator"] = map[string]any{"kind": "party", "party": party}
	out, _ := n.must(201, "POST", "/api/v1/incidents", "ru-reporter", "", body)
	return out["id"].(string)
}

// waitCase waits for the case of key and returns it.
func (n *testNode) waitCase(key string) *cases.Case {
	n.t.Helper()
	var c *cases.Case
	testwait.For(n.t, 20*time.Second, "case "+key, func() bool {
		var err error
		c, err = n.app.DB.Cases().CaseByKey(context.Background(), nil, key)
		return err == nil
	})
	return c
}

// TestKnownSites: a facility list is imported all or nothing by the UN
// cell or an admin, never CLEAR; an incident at a known site opens a case
// released like the import, asking the alleged party; a party outside
// the import's audience sees neither the site nor the case.
func TestKnownSites(t *testing.T) {
	n := domainNode(t)
	n.addOutsider()
	before := n.app.Hashes.Size()
	csv := "name,kind,lat,lon,source\n#loc+name,#loc+type,#geo+lat,#geo+lon,#meta+source\nAl-Amal school,school,36.31,37.31,ministry list\n"
	for _, c := range []struct {
		name, user string
		body       map[string]any
		want       int
	}{
		{"a co-chair's liaison", "us-liaison", map[string]any{"csv": csv}, 403},
		{"the public", "", map[string]any{"csv": csv}, 401},
		{"CLEAR", "un-analyst", map[string]any{"csv": csv, "releasability": map[string]any{"tlp": "CLEAR"}}, 422},
		{"no list", "un-analyst", map[string]any{"source": "x"}, 422},
		{"both forms", "un-analyst", map[string]any{"csv": csv, "geojson": map[string]any{"type": "FeatureCollection", "features": []any{}}}, 422},
		{"an unknown kind", "un-analyst", map[string]any{"csv": "name,kind,lat,lon\nX,bunker,36,37\n"}, 422},
		{"latitude out of range", "un-analyst", map[string]any{"csv": "name,kind,lat,lon\nX,school,96,37\n"}, 422},
		{"an unknown column", "un-analyst", map[string]any{"csv": "name,kind,lat,lon,target\nX,school,36,37,1\n"}, 422},
		{"a feature without a point", "un-analyst", map[string]any{"geojson": map[string]any{"type": "FeatureCollection",
			"features": []any{map[string]any{"type": "Feature", "properties": map[string]any{"name": "X", "kind": "school"}, "geometry": nil}}}}, 422},
	} {
		if code, body, _ := n.call("POST", "/api/v1/known-sites/import", c.user, "", c.body); code != c.want {
			t.Errorf("%s: %d %v, want %d", c.name, code, body, c.want)
		}
	}
	if n.app.Hashes.Size() != before {
		t.Fatal("refused imports changed the log")
	}
	// The default releasability: AMBER to un and the co-chairs.
	out, _ := n.must(201, "POST", "/api/v1/known-sites/import", "un-analyst", "", map[string]any{"source": "facility list", "csv": csv})
	if rel := fmt.Sprint(out["releasability"]); rel != "map[audience:[ru un us] tlp:AMBER]" || out["sites"] != 1.0 {
		t.Errorf("import: %v", out)
	}
	// A GeoJSON list only un may see.
	n.must(201, "POST", "/api/v1/known-sites/import", "un-analyst", "", map[string]any{"releasability": map[string]any{"tlp": "AMBER"},
		"geojson": map[string]any{"type": "FeatureCollection", "features": []any{map[string]any{"type": "Feature",
			"properties": map[string]any{"name": "Pumping station", "kind": "water_facility", "source": "utility", "radius_m": 200},
			"geometry":   map[string]any{"type": "Point", "coordinates": []float64{37.41, 36.41}}}}}})
	names := func(user string) string {
		_, body, _ := n.call("GET", "/api/v1/known-sites", user, "", nil)
		var s []string
		for _, it := range body["items"].([]any) {
			s = append(s, it.(map[string]any)["name"].(string))
		}
		return strings.Join(s, ", ")
	}
	if got := names("un-liaison"); got != "Pumping station, Al-Amal school" {
		t.Errorf("un lists %q", got)
	}
	if got := names("us-liaison"); got != "Al-Amal school" {
		t.Errorf("us lists %q", got)
	}
	if got := names("xx-liaison"); got != "" {
		t.Errorf("xx lists %q", got)
	}

	// An incident at the school, alleging ru: a case without an alert,
	// asking ru; xx sees nothing of it.
	sites, _ := n.app.DB.Cases().KnownSites(context.Background())
	var school string
	for _, k := range sites {
		if k.Name == "Al-Amal school" {
			school = k.ID
			if k.Source != "ministry list" || k.RadiusM != cases.DefaultKnownRadiusM {
				t.Errorf("school: %+v", k.Site)
			}
		}
	}
	if code, _, _ := n.call("GET", "/api/v1/known-sites/"+school, "xx-liaison", "", nil); code != 404 {
		t.Errorf("xx GET the school: %d", code)
	}
	inc := n.reportAt("known-1", 37.3105, 36.3102, "ru")
	c := n.waitCase(cases.Key(cases.ConcernsKnownSite, school, inc))
	if c.Concern.Type != cases.ConcernsKnownSite || c.Concern.Notifier != "un" || len(c.Concern.Notified) != 0 || c.AlertID != "" ||
		len(c.Requests) != 1 || c.Requests[0].Party != "ru" || fmt.Sprint(c.Release.Audience) != "[ru un us]" {
		t.Errorf("known-site case: %+v", c)
	}
	if code, _, _ := n.call("GET", "/api/v1/cases/"+c.ID, "xx-liaison", "", nil); code != 404 {
		t.Errorf("xx GET the case: %d", code)
	}
	// The rule itself: an incident 150 m from the school (radius 100 m)
	// opens nothing, one 30 m from it opens one case, once.
	ctx := context.Background()
	for _, c := range []struct {
		id       string
		lon, lat float64
		want     []int
	}{
		{"inc_far", 37.3118, 36.3110, []int{0}},
		{"inc_near", 37.3102, 36.3101, []int{1, 0}},
	} {
		inc := alerts.Incident{ID: c.id, Seq: 1, Geometry: orb.Point{c.lon, c.lat}, Start: time.Now(), End: time.Now(),
			Perpetrator: "ru", Release: access.Releasability{TLP: access.TLPGreen}}
		for _, want := range c.want {
			if got, err := n.app.Cases.CheckKnown(ctx, []alerts.Incident{inc}); err != nil || got != want {
				t.Errorf("%s: opened %d, %v; want %d", c.id, got, err, want)
			}
		}
	}
}

// TestCasesPaging walks GET /api/v1/cases and /api/v1/known-sites in
// pages as each party and the public, against the service's one page.
func TestCasesPaging(t *testing.T) {
	n := domainNode(t)
	n.addOutsider()
	// Five sites un notifies, three to ru and us, two to xx as well (the
	// co-chairs are in every notification's audience); an incident alleging
	// ru at each opens a case xx sees only for the last two.
	for i := range 5 {
		parties := []string{"ru", "us"}
		if i >= 3 {
			parties = []string{"ru", "us", "xx"}
		}
		lon, lat := 37.5+float64(i)*0.1, 36.5
		out, _ := n.must(201, "POST", "/api/v1/sites", "un-liaison", "", map[string]any{"kind": "school",
			"names": map[string]string{"en": fmt.Sprintf("School %d", i)}, "location": map[string]any{"type": "Point", "coordinates": []float64{lon, lat}},
			"buffer_m": 300, "parties": parties})
		inc := n.reportAt(fmt.Sprintf("page-%d", i), lon, lat, "ru")
		n.waitCase(cases.Key(cases.ConcernsSite, out["id"].(string), inc))
	}
	for i := range 2 {
		n.must(201, "POST", "/api/v1/known-sites/import", "un-analyst", "", map[string]any{"releasability": map[string]any{"tlp": "AMBER"},
			"csv": fmt.Sprintf("name,kind,lat,lon\nA%d,school,35,35\nB%d,clinic,35.1,35.1\n", i, i)})
	}
	n.must(201, "POST", "/api/v1/known-sites/import", "un-analyst", "", map[string]any{"csv": "name,kind,lat,lon\nC,camp,35.2,35.2\n"})
	ctx := context.Background()
	counts := map[string]map[string]int{}
	for _, party := range []string{"", "us", "ru", "un", "xx"} {
		by := pagePrincipal(party)
		cs, err := n.app.Cases.List(ctx, by, cases.Filter{}, cases.Listing.Max, nil)
		wantCases := onePage(t, "cases", cs, err, func(c *cases.Case) string { return c.ID })
		ks, err := n.app.Cases.KnownSites(ctx, by, cases.KnownListing.Max, nil)
		wantKnown := onePage(t, "known sites", ks, err, func(k *cases.KnownSite) string { return k.ID })
		for path, ids := range map[string][]string{"/api/v1/cases": wantCases, "/api/v1/known-sites": wantKnown} {
			if party == "" && path == "/api/v1/known-sites" {
				continue // members only
			}
			for _, limit := range []int{2, 3} {
				checkWalk(t, path, party, n.walkPages(path, pageUser(party), limit, nil).ids, ids)
			}
			if counts[path] == nil {
				counts[path] = map[string]int{}
			}
			counts[path][party] = len(ids)
		}
	}
	if c := counts["/api/v1/cases"]; c["ru"] != 5 || c["us"] != 5 || c["un"] != 5 || c["xx"] != 2 || c[""] != 0 {
		t.Errorf("cases seen: %v", c)
	}
	if c := counts["/api/v1/known-sites"]; c["un"] != 5 || c["us"] != 1 || c["xx"] != 0 {
		t.Errorf("known sites seen: %v", c)
	}
	// Another listing's cursor is a 400.
	other := listing.Cursor{Seq: 1, ID: "x"}.Encode(cases.KnownListing.Tag)
	if code, _, _ := n.call("GET", "/api/v1/cases?cursor="+other, "us-liaison", "", nil); code != 400 {
		t.Errorf("a known-site cursor on cases: %d", code)
	}
}
