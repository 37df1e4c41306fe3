package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

const kmlTestZones = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark id="corridor-1"><name>Idlib corridor</name>
 <ExtendedData><Data name="kind"><value>humanitarian_corridor</value></Data>
  <Data name="name_ru"><value>Идлибский коридор</value></Data>
  <Data name="effective_from"><value>2016-09-12T19:00:00Z</value></Data></ExtendedData>
 <Polygon><outerBoundaryIs><LinearRing><coordinates>36.0,35.0 36.5,35.0 36.5,35.5 36.0,35.5 36.0,35.0</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark>
<Placemark id="dmz-1"><name>Strip</name>
 <TimeSpan><begin>2016-09-12T19:00:00Z</begin><end>2016-12-12T19:00:00Z</end></TimeSpan>
 <ExtendedData><Data name="kind"><value>demilitarized_zone</value></Data></ExtendedData>
 <MultiGeometry>
  <Polygon><outerBoundaryIs><LinearRing><coordinates>37,36 37.1,36 37.1,36.1 37,36</coordinates></LinearRing></outerBoundaryIs></Polygon>
  <Polygon><outerBoundaryIs><LinearRing><coordinates>38,36 38.1,36 38.1,36.1 38,36</coordinates></LinearRing></outerBoundaryIs></Polygon>
 </MultiGeometry>
</Placemark>
</Document></kml>`

type importedZones struct {
	Items []struct {
		ID       string `json:"id"`
		Party    string `json:"party"`
		Versions []struct {
			Kind           string   `json:"kind"`
			Name           string   `json:"name"`
			NameRU         string   `json:"name_ru"`
			EffectiveUntil string   `json:"effective_until"`
			AgreedBy       []string `json:"agreed_by"`
		} `json:"versions"`
	} `json:"items"`
}

func (n *importNode) zones() importedZones {
	n.t.Helper()
	var zs importedZones
	if err := json.Unmarshal(n.must(200, "GET", "/api/v1/zones", "us-observer", nil), &zs); err != nil {
		n.t.Fatal(err)
	}
	return zs
}

func TestZoneImportFromKMLAndGeoJSON(t *testing.T) {
	n := newImportNode(t, "us-liaison", "us-observer", "ru-observer", "un-liaison", "us-reporter")
	t.Run("refusals", func(t *testing.T) { zoneImportRefusals(t, n) })
	code, out, _ := n.do("POST", "/api/v1/zones:import", "us-liaison", "application/vnd.google-earth.kml+xml", []byte(kmlTestZones))
	var rep struct {
		Created, Existing int
		IDs               []string `json:"ids"`
	}
	if code != 200 || json.Unmarshal(out, &rep) != nil || rep.Created != 2 {
		t.Fatalf("KML import: %d %s", code, out)
	}
	zs := n.zones()
	if len(zs.Items) != 2 {
		t.Fatalf("%d zones after the import, want 2", len(zs.Items))
	}
	byName := map[string]int{}
	for i, z := range zs.Items {
		byName[z.Versions[0].Name] = i
	}
	c := zs.Items[byName["Idlib corridor"]]
	if v := c.Versions[0]; v.Kind != "humanitarian_corridor" || v.NameRU != "Идлибский коридор" || c.Party != "us" || len(v.AgreedBy) != 1 {
		t.Errorf("corridor %+v", c)
	}
	if v := zs.Items[byName["Strip"]].Versions[0]; v.EffectiveUntil != "2016-12-12T19:00:00Z" || v.Kind != "demilitarized_zone" {
		t.Errorf("strip %+v: want the KML TimeSpan as its effective period", v)
	}
	code, out, _ = n.do("POST", "/api/v1/zones:import", "us-liaison", "application/vnd.google-earth.kml+xml", []byte(kmlTestZones))
	if code != 200 || json.Unmarshal(out, &rep) != nil || rep.Created != 0 || rep.Existing != 2 {
		t.Fatalf("re-import: %d %s", code, out)
	}
	gj := `{"type":"Feature","id":"zone-a","properties":{"title":"Aleppo area","kind":"ceasefire_area"},
	  "geometry":{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36.3],[37,36]]]}}`
	code, out, _ = n.do("POST", "/api/v1/zones:import?mapping=name=title&effective_from=2016-09-12T19:00:00Z", "us-liaison", "application/geo+json", []byte(gj))
	if code != 200 || json.Unmarshal(out, &rep) != nil || rep.Created != 1 {
		t.Fatalf("GeoJSON import: %d %s", code, out)
	}
	if got := len(n.zones().Items); got != 3 {
		t.Errorf("%d zones, want 3", got)
	}
	// A zone that a co-chair party may not see could never be agreed: an
	// import AMBER for us alone is refused and creates nothing.
	secret := strings.ReplaceAll(gj, "zone-a", "zone-b")
	code, out, _ = n.do("POST", "/api/v1/zones:import?mapping=name=title&effective_from=2016-09-12T19:00:00Z&tlp=AMBER&audience=us", "us-liaison", "application/geo+json", []byte(secret))
	if code != 422 || !strings.Contains(string(out), `"releasability"`) || !strings.Contains(string(out), "ru") {
		t.Errorf("AMBER import for us alone: %d %s; want 422 naming releasability and the co-chair ru", code, out)
	}
	if got := len(n.zones().Items); got != 3 {
		t.Errorf("%d zones after a refused import, want 3", got)
	}
	// Zones imported AMBER for the co-chairs are not un's to see.
	code, out, _ = n.do("POST", "/api/v1/zones:import?mapping=name=title&effective_from=2016-09-12T19:00:00Z&tlp=AMBER&audience=us,ru", "us-liaison", "application/geo+json", []byte(secret))
	if code != 200 {
		t.Fatalf("AMBER import: %d %s", code, out)
	}
	var ru, un importedZones
	_ = json.Unmarshal(n.must(200, "GET", "/api/v1/zones", "ru-observer", nil), &ru)
	_ = json.Unmarshal(n.must(200, "GET", "/api/v1/zones", "un-liaison", nil), &un)
	if us := len(n.zones().Items); us != 4 || len(ru.Items) != 4 || len(un.Items) != 3 {
		t.Errorf("us sees %d zones, ru %d and un %d; want 4, 4 and 3 (the AMBER zone is for the co-chairs only)", us, len(ru.Items), len(un.Items))
	}
	code, out, _ = n.do("POST", "/api/v1/zones:import?tlp=PURPLE", "us-liaison", "application/geo+json", []byte(secret))
	if code != 422 || !strings.Contains(string(out), "releasability.tlp") {
		t.Errorf("unknown TLP: %d %s", code, out)
	}
}

// zoneImportRefusals sends bad imports to a node without zones and checks
// each is refused, naming what is wrong, and that no zone is created.
func zoneImportRefusals(t *testing.T, n *importNode) {
	bowtie := strings.Replace(kmlTestZones, "36.0,35.0 36.5,35.0 36.5,35.5 36.0,35.5 36.0,35.0", "36.0,35.0 36.5,35.5 36.5,35.0 36.0,35.5 36.0,35.0", 1)
	code, out, h := n.do("POST", "/api/v1/zones:import", "us-liaison", "application/vnd.google-earth.kml+xml", []byte(bowtie))
	var p struct {
		Type   string
		Detail string
		Errors []struct{ Field, Reason string }
	}
	if code != 422 || h.Get("Content-Type") != "application/problem+json" || json.Unmarshal(out, &p) != nil || len(p.Errors) != 1 {
		t.Fatalf("self-intersecting zone: %d %s", code, out)
	}
	if e := p.Errors[0]; !strings.HasPrefix(e.Field, "feature 1 (Idlib corridor): geometry/coordinates/0/") || e.Reason == "" {
		t.Errorf("error %+v; want feature 1 by name, ring and vertex", e)
	}
	cases := []struct {
		name, user, ctype, body string
		code                    int
		detail                  string
	}{
		{"not a co-chair", "un-liaison", "application/vnd.google-earth.kml+xml", kmlTestZones, 403, ""},
		{"not a liaison", "us-reporter", "application/vnd.google-earth.kml+xml", kmlTestZones, 403, ""},
		{"unknown format", "us-liaison", "text/plain", kmlTestZones, 400, "format=kml"},
		{"doctype", "us-liaison", "application/vnd.google-earth.kml+xml", `<!DOCTYPE kml [<!ENTITY a "a">]><kml>&a;</kml>`, 400, "DOCTYPE"},
		{"not geojson", "us-liaison", "application/geo+json", `{"type":`, 400, "not GeoJSON"},
		{"bad mapping", "us-liaison", "application/geo+json", `{}`, 400, "unknown field"},
		{"text/plain with format=geojson", "us-liaison", "text/plain", `{"type":"Feature","properties":{"name":"N","kind":"ceasefire_area","effective_from":"2016-09-12T19:00:00Z"},"geometry":{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36]]]}}`, 415, "application/geo+json"},
		{"unknown top-level member", "us-liaison", "application/geo+json", `{"type":"FeatureCollection","features":[],"crs":null}`, 400, `/crs: member \"crs\"`},
		{"trailing data", "us-liaison", "application/geo+json", `{"type":"Feature","properties":{"name":"N","kind":"ceasefire_area","effective_from":"2016-09-12T19:00:00Z"},"geometry":{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36]]]}}` + " {}", 400, "after the JSON value"},
		{"duplicate key", "us-liaison", "application/geo+json", strings.Replace(`{"type":"Feature","properties":{"name":"N","kind":"ceasefire_area","effective_from":"2016-09-12T19:00:00Z"},"geometry":{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36]]]}}`, `"kind"`, `"kind":"x","kind"`, 1), 400, "/properties/kind: duplicate member"},
		{"no kind", "us-liaison", "application/geo+json", `{"type":"Feature","properties":{"name":"N","effective_from":"2016-09-12T19:00:00Z"},"geometry":{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36]]]}}`, 422, "1 of 1 features"},
	}
	for _, c := range cases {
		path := "/api/v1/zones:import"
		switch c.name {
		case "bad mapping":
			path += "?mapping=colour=c"
		case "text/plain with format=geojson":
			path += "?format=geojson"
		}
		code, out, _ := n.do("POST", path, c.user, c.ctype, []byte(c.body))
		if code != c.code || !strings.Contains(string(out), c.detail) {
			t.Errorf("%s: %d %s, want %d mentioning %q", c.name, code, out, c.code, c.detail)
		}
	}
	if got := len(n.zones().Items); got != 0 {
		t.Errorf("refused imports created %d zones", got)
	}
}
