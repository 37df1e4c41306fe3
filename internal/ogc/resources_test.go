package ogc_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"slices"
	"strings"
	"testing"

	"truce/internal/ogc"
)

// TestLandingConformanceAndCollections checks the Part 1 resources, in JSON
// and HTML, and that no link carries the query-string (link) token.
func TestLandingConformanceAndCollections(t *testing.T) {
	n := newNode(t)
	_, link := n.linkToken("ru-liaison", 600)
	tok := url.QueryEscape(link)
	land := n.must(200, "GET", "/ogc?access_token="+tok, "", nil)
	rels := map[string]string{}
	for _, l := range land["links"].([]any) {
		m := l.(map[string]any)
		rels[m["rel"].(string)] = m["href"].(string)
	}
	for _, rel := range []string{"self", "alternate", "service-desc", "conformance", "data"} {
		if rels[rel] == "" || strings.Contains(rels[rel], "access_token") {
			t.Fatalf("link %s = %q is missing or carries the token", rel, rels[rel])
		}
	}
	conf := n.must(200, "GET", "/ogc/conformance", "", nil)
	var classes []string
	for _, c := range conf["conformsTo"].([]any) {
		classes = append(classes, c.(string))
	}
	if !slices.Equal(classes, ogc.ConformsTo) {
		t.Fatalf("conformance %v", classes)
	}
	cs := n.must(200, "GET", "/ogc/collections", "", nil)
	var ids []string
	for _, c := range cs["collections"].([]any) {
		ids = append(ids, c.(map[string]any)["id"].(string))
	}
	if !slices.Equal(ids, []string{"zones", "incidents", "sites", "movements", "alerts", "flights", "passages", "agreements", "obligations"}) {
		t.Fatalf("collections %v", ids)
	}
	q := n.must(200, "GET", "/ogc/collections/incidents/queryables", "", nil)
	props := q["properties"].(map[string]any)
	if props["geometry"] == nil || props["killed"].(map[string]any)["type"] != "integer" || props["status"].(map[string]any)["enum"] == nil {
		t.Fatalf("queryables %v", props)
	}
	api := n.must(200, "GET", "/ogc/api", "", nil)
	if api["openapi"] != "3.0.3" || api["paths"].(map[string]any)["/collections/incidents/items"] == nil {
		t.Fatalf("openapi %v", api["openapi"])
	}
	for _, p := range []string{"/ogc?f=html", "/ogc/api?f=html", "/ogc/conformance?f=html", "/ogc/collections?f=html", "/ogc/collections/zones?f=html",
		"/ogc/collections/incidents/queryables?f=html", "/ogc/collections/incidents/items?f=html&limit=3",
		"/ogc/collections/incidents/items/" + n.ids["pub-03"] + "?f=html"} {
		code, body, h := n.do("GET", p, "", nil)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "</html>") {
			t.Fatalf("%s: %d %s %s", p, code, h.Get("Content-Type"), body)
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(string(body), "<script") {
			t.Fatalf("%s: CSP %q or a script", p, csp)
		}
	}
	// The query-string token is in no metric.
	if _, m, _ := n.do("GET", "/metrics", "", nil); strings.Contains(string(m), link) || strings.Contains(string(m), tok) || !strings.Contains(string(m), `route="GET /ogc/collections/{id}/items"`) {
		t.Fatalf("metrics record the token or miss the route:\n%s", m)
	}
	// A browser's Accept header gets HTML; GDAL's gets JSON.
	code, body, h := n.do("GET", "/ogc/collections/incidents/items?limit=2", "", nil)
	if code != 200 || h.Get("Content-Type") != "application/geo+json" || !json.Valid(body) {
		t.Fatalf("items: %d %s", code, h.Get("Content-Type"))
	}
}

// TestFiltersAndDatetime checks bbox, datetime and CQL2 filters over HTTP.
func TestFiltersAndDatetime(t *testing.T) {
	n := newNode(t)
	items := "/ogc/collections/incidents/items?limit=100&"
	cases := []struct {
		name, query string
		want        int
	}{
		{"bbox", "bbox=36.45,36.0,36.85,36.2", 4},
		{"datetime instant", "datetime=2016-07-10T08:30:00Z", 25},
		{"datetime before", "datetime=../2016-07-10T07:00:00Z", 0},
		{"datetime open end", "datetime=2016-07-10T08:59:00Z/..", 25},
		{"datetime interval", "datetime=2016-07-09T00:00:00Z/2016-07-11T00:00:00Z", 25},
		{"datetime open start", "datetime=../2016-07-10T08:30:00Z", 25},
		{"datetime dates, end day included", "datetime=2016-07-01/2016-07-10", 25},
		{"datetime dates, before", "datetime=2016-07-01/2016-07-09", 0},
		{"datetime date instant", "datetime=2016-07-10", 25},
		{"datetime open start date", "datetime=../2016-07-10", 25},
		{"comparison", "filter=" + url.QueryEscape("killed >= 2 AND place_name = 'Market pub-07'"), 1},
		{"like", "filter=" + url.QueryEscape("place_name LIKE 'Market pub-1%'"), 10},
		{"not like", "filter=" + url.QueryEscape("place_name NOT LIKE 'Market pub-1%'"), 15},
		{"in", "filter=" + url.QueryEscape("place_name IN ('Market pub-01', 'Market pub-02', 'nowhere')"), 2},
		{"between", "filter=" + url.QueryEscape("killed BETWEEN 1 AND 3"), 25},
		{"or not", "filter=" + url.QueryEscape("NOT (status = 'reported') OR category = 'air_strike'"), 0},
		{"is null", "filter=" + url.QueryEscape("duplicate_of IS NULL"), 25},
		{"s_intersects bbox", "filter=" + url.QueryEscape("S_INTERSECTS(geometry, BBOX(36.45,36.0,36.85,36.2))"), 4},
		{"s_intersects polygon", "filter=" + url.QueryEscape("S_INTERSECTS(geometry, POLYGON((36.95 36, 37.25 36, 37.25 36.2, 36.95 36.2, 36.95 36)))"), 3},
		{"t_intersects", "filter=" + url.QueryEscape("T_INTERSECTS(datetime, INTERVAL('2016-07-10T08:30:00Z', '..'))"), 25},
		{"t_intersects timestamp", "filter=" + url.QueryEscape("T_INTERSECTS(time_start, TIMESTAMP('2016-07-10T08:00:00Z'))"), 25},
		{"timestamp comparison", "filter=" + url.QueryEscape("time_start < TIMESTAMP('2016-07-10T08:00:00Z')"), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := n.allItems(items+tc.query, ""); len(got) != tc.want {
				t.Fatalf("%d features %v, want %d", len(got), got, tc.want)
			}
		})
	}
	// Datetime on other collections: the movement's window (movementDay,
	// 08:00–18:00) and the zones' effective periods.
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/ogc/collections/movements/items?datetime=" + movementDay, 1},
		{"/ogc/collections/movements/items?datetime=../" + movementDay + "T08:00:00Z", 1},
		{"/ogc/collections/movements/items?datetime=" + movementDay + "T17:00:00Z/..", 1},
		{"/ogc/collections/movements/items?datetime=../" + movementEve, 0},
		{"/ogc/collections/movements/items?datetime=" + movementDay + "T18:00:01Z/..", 0},
		{"/ogc/collections/zones/items?datetime=../2016-07-01", 1},
		{"/ogc/collections/zones/items?datetime=../2016-06-30", 0},
		{"/ogc/collections/zones/items?datetime=2016-09-01/..", 3},
	} {
		if got := n.allItems(tc.path, "us-liaison"); len(got) != tc.want {
			t.Errorf("%s: %v, want %d", tc.path, got, tc.want)
		}
	}
	// Zones in force at a time, sites by a filter for their audience.
	if got := n.allItems("/ogc/collections/zones/items?datetime=2016-07-15T00:00:00Z", "ru-liaison"); len(got) != 1 {
		t.Fatalf("zones effective on 15 July: %v", got)
	}
	if got := n.allItems("/ogc/collections/sites/items?filter="+url.QueryEscape("kind = 'hospital' AND buffer_m > 100"), "us-liaison"); len(got) != 1 {
		t.Fatalf("sites: %v", got)
	}
}

// TestExportsInEveryFormat reads each export back with a parser of its
// format and checks the HXL row of the CSV.
func TestExportsInEveryFormat(t *testing.T) {
	n := newNode(t)
	want := len(n.listIDs("incidents", "us-liaison"))
	code, body, h := n.do("GET", "/api/v1/exports/incidents?format=geojson", "us-liaison", nil)
	var fc struct {
		Type     string
		Features []featureDoc
	}
	if code != 200 || h.Get("Content-Type") != "application/geo+json" || json.Unmarshal(body, &fc) != nil || fc.Type != "FeatureCollection" || len(fc.Features) != want {
		t.Fatalf("geojson: %d %s, %d features, want %d", code, h.Get("Content-Type"), len(fc.Features), want)
	}
	if !strings.Contains(h.Get("Content-Disposition"), `filename="truce-incidents-`) {
		t.Fatalf("Content-Disposition %q", h.Get("Content-Disposition"))
	}
	code, body, _ = n.do("GET", "/api/v1/exports/incidents?format=kml", "us-liaison", nil)
	var kml struct {
		Document struct {
			Placemarks []struct {
				Name  string `xml:"name"`
				Point struct {
					Coordinates string `xml:"coordinates"`
				} `xml:"Point"`
			} `xml:"Placemark"`
		}
	}
	if code != 200 || xml.Unmarshal(body, &kml) != nil || len(kml.Document.Placemarks) != want || kml.Document.Placemarks[0].Point.Coordinates == "" {
		t.Fatalf("kml: %d, %d placemarks, want %d: %.300s", code, len(kml.Document.Placemarks), want, body)
	}
	code, body, _ = n.do("GET", "/api/v1/exports/incidents?format=hxl&category=shelling_missile", "us-liaison", nil)
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if code != 200 || err != nil || len(rows) != want+2 {
		t.Fatalf("hxl: %d %v, %d rows, want %d", code, err, len(rows), want+2)
	}
	if rows[0][0] != "id" || rows[1][0] != "#event+id" || !slices.Contains(rows[1], "#geo+lat") {
		t.Fatalf("hxl header %v / hashtags %v", rows[0], rows[1])
	}
	code, body, _ = n.do("GET", "/api/v1/exports/incidents?format=csv&category=shelling_missile", "us-liaison", nil)
	rows, err = csv.NewReader(bytes.NewReader(body)).ReadAll()
	if code != 200 || err != nil || len(rows) != want+1 || rows[0][0] != "id" || strings.HasPrefix(rows[1][0], "#") {
		t.Fatalf("csv: %d %v, %d rows (want %d, a header and no hashtag row): %v", code, err, len(rows), want+1, rows[:min(2, len(rows))])
	}
	for _, c := range []string{"sites", "movements"} {
		code, body, _ := n.do("GET", "/api/v1/exports/"+c+"?format=hxl", "us-liaison", nil)
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if code != 200 || err != nil || len(rows) != 3 || !strings.HasPrefix(rows[1][0], "#") {
			t.Fatalf("%s hxl: %d %v %v", c, code, err, rows)
		}
	}
	for _, c := range []string{"zones", "alerts"} {
		for _, f := range []string{"geojson", "kml"} {
			if code, body, _ := n.do("GET", "/api/v1/exports/"+c+"?format="+f, "ru-liaison", nil); code != 200 || len(body) == 0 {
				t.Fatalf("%s %s: %d", c, f, code)
			}
		}
	}
	// The list filters narrow the export.
	code, body, _ = n.do("GET", "/api/v1/exports/incidents?format=geojson&status=confirmed", "us-liaison", nil)
	if code != 200 || json.Unmarshal(body, &fc) != nil || len(fc.Features) != 0 {
		t.Fatalf("status=confirmed: %d %d", code, len(fc.Features))
	}
}
