package ogc_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// gdal runs a GDAL command line tool and returns its output.
func gdal(t *testing.T, tool string, args ...string) string {
	t.Helper()
	return gdalWith(t, nil, tool, args...)
}

// gdalWith runs a GDAL command line tool with env added to its
// environment (e.g. GDAL_HTTP_HEADERS) and returns its output.
func gdalWith(t *testing.T, env []string, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s not found: install GDAL with 'apt-get install gdal-bin' (scripts/test does it)", tool)
	}
	cmd := exec.Command(tool, args...)
	cmd.Env = append(append(os.Environ(), "GDAL_HTTP_TIMEOUT=30", "CPL_DEBUG=OFF", "GDAL_HTTP_UNSAFESSL=NO"), env...)
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
// not write, with the token in an Authorization header as the README tells
// GDAL users to send it (GDAL_HTTP_HEADERS): it lists the collections,
// reads every feature of every collection (the same ids as the items the
// API serves that caller, for a member and for the public), applies a
// bbox, and converts to GeoPackage. It fails, not skips, without GDAL.
func TestGDALReadsTheCollections(t *testing.T) {
	n := newNode(t)
	dir := t.TempDir()
	collections := []string{"zones", "incidents", "sites", "movements", "alerts", "flights"}
	src := "OAPIF:" + n.srv.URL + "/ogc"
	us := []string{"GDAL_HTTP_HEADERS=Authorization: Bearer " + n.tokens["us-liaison"]}
	gdal := func(t *testing.T, tool string, args ...string) string {
		t.Helper()
		return gdalWith(t, us, tool, args...)
	}

	info := gdal(t, "ogrinfo", "-ro", "-q", src)
	for _, c := range collections {
		if !strings.Contains(info, c) {
			t.Fatalf("ogrinfo does not list %s:\n%s", c, info)
		}
	}

	// Every feature of every collection, as us (header token) and as the
	// public (no token): exactly the features the API serves each.
	for _, who := range []struct {
		user string
		env  []string
	}{{"us-liaison", us}, {"", nil}} {
		total := 0
		for _, c := range collections {
			out := filepath.Join(dir, c+"-"+who.user+".geojson")
			gdalWith(t, who.env, "ogr2ogr", "-f", "GeoJSON", out, src, c)
			got, want := geojsonIDs(t, out), n.allItems("/ogc/collections/"+c+"/items?limit=1000", who.user)
			if !slices.Equal(sorted(got), sorted(want)) {
				t.Errorf("%s as %q: GDAL read %d features %v, the API serves %d %v", c, who.user, len(got), got, len(want), want)
			}
			total += len(got)
			if who.user == "us-liaison" && len(got) == 0 {
				t.Errorf("%s: us reads no feature; the comparison proves nothing", c)
			}
		}
		t.Logf("GDAL read %d features of %d collections as %q", total, len(collections), who.user)
	}
	all := filepath.Join(dir, "incidents-us-liaison.geojson")
	if !slices.Contains(geojsonIDs(t, all), n.ids["red-us"]) {
		t.Fatal("the header token was not used: the RED incident for us is missing")
	}
	if pub := geojsonIDs(t, filepath.Join(dir, "incidents-.geojson")); slices.Contains(pub, n.ids["red-us"]) {
		t.Fatal("the public reads the RED incident through GDAL")
	}

	// Longitudes 36.0–38.4 step 0.1 at latitude 36.1: 36.45–36.85 holds
	// 36.5, 36.6, 36.7, 36.8.
	box := filepath.Join(dir, "box.geojson")
	gdal(t, "ogr2ogr", "-spat", "36.45", "36.0", "36.85", "36.2", "-f", "GeoJSON", box, src, "incidents")
	if got := geojsonIDs(t, box); len(got) != 4 {
		t.Fatalf("bbox: GDAL read %d incidents %v, want 4", len(got), got)
	}
	// A bbox on another collection: the site (37.16, 36.2) is inside one
	// box and outside the other.
	for _, tc := range []struct {
		spat []string
		want int
	}{{[]string{"37.1", "36.1", "37.2", "36.3"}, 1}, {[]string{"30", "30", "31", "31"}, 0}} {
		out := filepath.Join(dir, "sites-box.geojson")
		os.Remove(out)
		gdal(t, "ogr2ogr", append(append([]string{"-spat"}, tc.spat...), "-f", "GeoJSON", out, src, "sites")...)
		if got := geojsonIDs(t, out); len(got) != tc.want {
			t.Fatalf("sites in %v: GDAL read %v, want %d", tc.spat, got, tc.want)
		}
	}

	gpkg := filepath.Join(dir, "zones.gpkg")
	gdal(t, "ogr2ogr", "-f", "GPKG", gpkg, src, "zones")
	want := len(n.allItems("/ogc/collections/zones/items?limit=1000", "us-liaison"))
	if out := gdal(t, "ogrinfo", "-ro", "-so", gpkg, "zones"); !strings.Contains(out, "Feature Count: "+strconv.Itoa(want)+"\n") {
		t.Fatalf("GeoPackage of zones, want %d features:\n%s", want, out)
	}
}
