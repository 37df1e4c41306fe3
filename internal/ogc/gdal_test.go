package ogc_test

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// gdal runs a GDAL command line tool and returns its output.
func gdal(t *testing.T, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s not found: install GDAL with 'apt-get install gdal-bin' (scripts/test does it)", tool)
	}
	cmd := exec.Command(tool, args...)
	cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=30", "CPL_DEBUG=OFF", "GDAL_HTTP_UNSAFESSL=NO")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// geojsonIDs reads the ids ("id" property or member) of a GeoJSON file
// written by ogr2ogr.
func geojsonIDs(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			ID         any            `json:"id"`
			Properties map[string]any `json:"properties"`
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var ids []string
	for _, f := range fc.Features {
		id, _ := f.Properties["id"].(string)
		if id == "" {
			id, _ = f.ID.(string)
		}
		ids = append(ids, id)
	}
	return ids
}

// TestGDALReadsTheCollections uses GDAL's OAPIF driver, a client truce did
// not write, with the token in the query string as desktop GIS sends it:
// it lists the collections, reads every feature of a collection (the same
// as the JSON API lists), applies a bbox, and converts to GeoPackage.
func TestGDALReadsTheCollections(t *testing.T) {
	n := newNode(t)
	dir := t.TempDir()
	src := "OAPIF:" + n.srv.URL + "/ogc?access_token=" + url.QueryEscape(n.tokens["us-liaison"])

	info := gdal(t, "ogrinfo", "-ro", "-q", src)
	for _, c := range []string{"zones", "incidents", "sites", "movements", "alerts", "flights"} {
		if !strings.Contains(info, c) {
			t.Fatalf("ogrinfo does not list %s:\n%s", c, info)
		}
	}

	all := filepath.Join(dir, "incidents.geojson")
	gdal(t, "ogr2ogr", "-f", "GeoJSON", all, src, "incidents")
	got, want := geojsonIDs(t, all), n.listIDs("incidents", "us-liaison")
	if len(got) != len(want) || !slices.Equal(sorted(got), sorted(want)) {
		t.Fatalf("GDAL read %d incidents %v, the API lists %d %v", len(got), got, len(want), want)
	}
	if !slices.Contains(got, n.ids["red-us"]) {
		t.Fatal("the query-string token was not used: the RED incident for us is missing")
	}

	// Without a token GDAL sees what the public may see, and no more.
	pub := filepath.Join(dir, "public.geojson")
	gdal(t, "ogr2ogr", "-f", "GeoJSON", pub, "OAPIF:"+n.srv.URL+"/ogc", "incidents")
	if got, want := geojsonIDs(t, pub), n.listIDs("incidents", ""); !slices.Equal(sorted(got), sorted(want)) || slices.Contains(got, n.ids["red-us"]) {
		t.Fatalf("the public read %v through GDAL, the API lists %v", got, want)
	}

	// Longitudes 36.0–38.4 step 0.1 at latitude 36.1: 36.45–36.85 holds
	// 36.5, 36.6, 36.7, 36.8.
	box := filepath.Join(dir, "box.geojson")
	gdal(t, "ogr2ogr", "-spat", "36.45", "36.0", "36.85", "36.2", "-f", "GeoJSON", box, src, "incidents")
	if got := geojsonIDs(t, box); len(got) != 4 {
		t.Fatalf("bbox: GDAL read %d incidents %v, want 4", len(got), got)
	}

	gpkg := filepath.Join(dir, "zones.gpkg")
	gdal(t, "ogr2ogr", "-f", "GPKG", gpkg, src, "zones")
	if out := gdal(t, "ogrinfo", "-ro", "-so", gpkg, "zones"); !strings.Contains(out, "Feature Count: 2") {
		t.Fatalf("GeoPackage of zones:\n%s", out)
	}
}
