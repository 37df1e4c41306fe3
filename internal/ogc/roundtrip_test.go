package ogc_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"truce/internal/zones"
)

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
