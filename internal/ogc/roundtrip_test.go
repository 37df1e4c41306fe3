package ogc_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"truce/internal/incidents"
	"truce/internal/zones"
)

// post sends body with Content-Type ctype as user and returns the status
// and the body.
func (n *node) post(path, user, ctype string, body []byte) (int, []byte) {
	n.t.Helper()
	req, _ := http.NewRequest("POST", n.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	req.Header.Set("Content-Type", ctype)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// importReport is the answer of the incident and zone imports.
type importReport struct {
	Created, Existing, Invalid int
	IDs                        []string
	Errors                     []map[string]any
}

// multiPolygon decodes a GeoJSON Polygon or MultiPolygon as a MultiPolygon.
func multiPolygon(t *testing.T, raw json.RawMessage) [][][][2]float64 {
	t.Helper()
	var g struct {
		Type        string
		Coordinates json.RawMessage
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	var mp [][][][2]float64
	if g.Type == "Polygon" {
		var p [][][2]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			t.Fatal(err)
		}
		return append(mp, p)
	}
	if err := json.Unmarshal(g.Coordinates, &mp); err != nil {
		t.Fatal(err)
	}
	return mp
}

// TestZoneExportsReadBackByTheZoneImporter exports the zones as GeoJSON and
// KML and reads each file with the zone importer's parser: every zone
// version comes back with its name, names, kind, effective period and
// exact geometry.
func TestZoneExportsReadBackByTheZoneImporter(t *testing.T) {
	n := newNode(t)
	z := n.must(200, "GET", "/api/v1/zones/"+n.ids["zone"], "us-liaison", nil)
	v := z["versions"].([]any)[0].(map[string]any)
	geom, _ := json.Marshal(v["geometry"])
	for _, format := range []string{"geojson", "kml"} {
		code, body, _ := n.do("GET", "/api/v1/exports/zones?format="+format, "us-liaison", nil)
		if code != 200 {
			t.Fatalf("%s: %d %s", format, code, body)
		}
		fs, bad, err := zones.ParseImport(format, body, nil)
		if err != nil || len(bad) > 0 || len(fs) != 3 { // the zone, the proposed one, the AMBER one
			t.Fatalf("%s: %v %v, %d features", format, err, bad, len(fs))
		}
		var got *zones.Feature
		for i := range fs {
			if fs[i].ID == n.ids["zone"]+".v1" {
				got = &fs[i]
			}
		}
		if got == nil {
			t.Fatalf("%s: the zone is not in %+v", format, fs)
		}
		want := map[string]string{"name": v["name"].(string), "name_ru": v["name_ru"].(string), "kind": v["kind"].(string),
			"effective_from": v["effective_from"].(string)}
		for k, w := range want {
			if got.Props[k] != w {
				t.Errorf("%s: %s = %q, want %q", format, k, got.Props[k], w)
			}
		}
		if a, b := multiPolygon(t, got.Geometry), multiPolygon(t, geom); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: geometry %v, want %v", format, a, b)
		}
	}
}

// TestIncidentExportsImportBack exports every incident us may see as
// GeoJSON and as CSV (with its HXL row), imports each file unchanged
// (but for a mapping of the narrative and casualty source, which the
// exports do not carry)
// through POST /api/v1/incidents:import into a second node, and finds every
// incident there with the same category, status, times, precisions,
// location, place, perpetrator, casualty totals and TLP. incidents.ParseCSV
// reads the CSV export without errors too.
func TestIncidentExportsImportBack(t *testing.T) {
	src, dst := newNode(t), emptyNode(t)
	dst.t = t
	for _, format := range []string{"geojson", "csv"} {
		code, body, _ := src.do("GET", "/api/v1/exports/incidents?format="+format, "us-liaison", nil)
		if code != 200 {
			t.Fatalf("export %s: %d %s", format, code, body)
		}
		var want itemsDoc
		_, wj, _ := src.do("GET", "/api/v1/exports/incidents?format=geojson", "us-liaison", nil)
		if err := json.Unmarshal(wj, &want); err != nil || len(want.Features) < 26 {
			t.Fatalf("geojson export: %v, %d features", err, len(want.Features))
		}
		if format == "csv" {
			rows, bad, err := incidents.ParseCSV(bytes.NewReader(body), nil)
			if err != nil || len(bad) > 0 || len(rows) != len(want.Features) {
				t.Fatalf("ParseCSV of the export: %v %v, %d rows, want %d", err, bad, len(rows), len(want.Features))
			}
		}
		// The exports are brief listings without the narrative and the
		// casualty source an import requires: the place name and the
		// reporting party stand in for them.
		imp := "/api/v1/incidents:import?mapping=" + url.QueryEscape("narrative=place_name,casualty_source=reporting_party") + "&format=" + format
		ctype := map[string]string{"geojson": "application/geo+json", "csv": "text/csv"}[format]
		code, out := dst.post(imp, "us-reporter", ctype, body)
		var rep importReport
		if err := json.Unmarshal(out, &rep); err != nil || code != 200 || rep.Created != len(want.Features) || len(rep.IDs) != len(want.Features) {
			t.Fatalf("import %s: %d %s", format, code, out)
		}
		for i, f := range want.Features {
			got := dst.must(200, "GET", "/ogc/collections/incidents/items/"+rep.IDs[i], "us-liaison", nil)
			gp := got["properties"].(map[string]any)
			for _, k := range []string{"category", "status", "time_start", "time_end", "time_precision", "location_precision",
				"place_name", "perpetrator", "killed", "injured", "tlp"} {
				if !reflect.DeepEqual(gp[k], f.Props[k]) {
					t.Errorf("%s: incident %s (%v): %s = %v after the round trip, was %v", format, f.ID, f.Props["place_name"], k, gp[k], f.Props[k])
				}
			}
			g, _ := json.Marshal(got["geometry"])
			var a, b any
			_ = json.Unmarshal(g, &a)
			_ = json.Unmarshal(f.Geometry, &b)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s: incident %s: geometry %s, was %s", format, f.ID, g, f.Geometry)
			}
			ext := f.Props["external_id"]
			if format == "csv" {
				ext = f.ID // the export's id column becomes the external id
			}
			if gp["external_id"] != ext {
				t.Errorf("%s: incident %s: external_id %v, want %v", format, f.ID, gp["external_id"], ext)
			}
		}
		// A second import of the same file creates nothing.
		code, out = dst.post(imp, "us-reporter", ctype, body)
		if err := json.Unmarshal(out, &rep); err != nil || code != 200 || rep.Created != 0 || rep.Existing != len(want.Features) {
			t.Fatalf("second import %s: %d %s", format, code, out)
		}
	}
}

// TestZoneExportsImportIntoAnotherNode exports the zones us may see as
// GeoJSON and as KML, imports each through POST /api/v1/zones:import into a
// second node (GeoJSON as us, KML as ru, so that each creates its own
// zones), and compares each stored zone's geometry, kind, names and
// effective period with the exported version.
func TestZoneExportsImportIntoAnotherNode(t *testing.T) {
	src, dst := newNode(t), emptyNode(t)
	dst.t = t
	_, wj, _ := src.do("GET", "/api/v1/exports/zones?format=geojson", "us-liaison", nil)
	var want itemsDoc
	if err := json.Unmarshal(wj, &want); err != nil || len(want.Features) != 3 {
		t.Fatalf("zones export: %v, %d features", err, len(want.Features))
	}
	for _, tc := range []struct{ format, user, ctype string }{
		{"geojson", "us-liaison", "application/geo+json"}, {"kml", "ru-liaison", "application/vnd.google-earth.kml+xml"}} {
		code, body, _ := src.do("GET", "/api/v1/exports/zones?format="+tc.format, "us-liaison", nil)
		if code != 200 {
			t.Fatalf("export %s: %d", tc.format, code)
		}
		code, out := dst.post("/api/v1/zones:import", tc.user, tc.ctype, body)
		var rep importReport
		if err := json.Unmarshal(out, &rep); err != nil || code != 200 || rep.Created != len(want.Features) || len(rep.IDs) != len(want.Features) {
			t.Fatalf("import %s: %d %s", tc.format, code, out)
		}
		for i, f := range want.Features {
			z := dst.must(200, "GET", "/api/v1/zones/"+rep.IDs[i], tc.user, nil)
			v := z["versions"].([]any)[0].(map[string]any)
			for _, k := range []string{"kind", "name", "name_ru", "name_ar", "effective_from", "effective_until"} {
				w := f.Props[k]
				if w == nil {
					w = ""
				}
				g := v[k]
				if g == nil {
					g = ""
				}
				if g != w {
					t.Errorf("%s: zone %s: %s = %v, was %v", tc.format, f.ID, k, g, w)
				}
			}
			geom, _ := json.Marshal(v["geometry"])
			if a, b := multiPolygon(t, geom), multiPolygon(t, f.Geometry); !reflect.DeepEqual(a, b) {
				t.Errorf("%s: zone %s: geometry %v, was %v", tc.format, f.ID, a, b)
			}
		}
	}
}
