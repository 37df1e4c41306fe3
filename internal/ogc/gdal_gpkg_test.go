package ogc_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestGDALReadsTheGeoPackageExport: the GeoPackage export opens in GDAL
// with a layer per collection holding exactly the features the API serves
// the caller (and nothing more for the public), typed columns, and a
// geometry column in EPSG:4326.
func TestGDALReadsTheGeoPackageExport(t *testing.T) {
	n := newNode(t)
	collections := []string{"zones", "incidents", "sites", "movements", "alerts", "flights"}
	for _, user := range []string{"us-liaison", ""} {
		code, body, h := n.do("GET", "/api/v1/exports/gpkg", user, nil)
		if code != 200 || h.Get("Content-Type") != "application/geopackage+sqlite3" {
			t.Fatalf("gpkg export as %q: %d %s %.200s", user, code, h.Get("Content-Type"), body)
		}
		path := filepath.Join(t.TempDir(), "truce.gpkg")
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		if out := gdal(t, "ogrinfo", "-ro", "-q", path); !strings.Contains(out, "incidents") || strings.Contains(out, "Warning") || strings.Contains(out, "ERROR") {
			t.Fatalf("ogrinfo lists no incidents layer, or warns:\n%s", out)
		}
		for _, c := range collections {
			want := len(n.allItems("/ogc/collections/"+c+"/items?limit=1000", user))
			info := gdal(t, "ogrinfo", "-ro", "-so", path, c)
			if !strings.Contains(info, "Feature Count: "+strconv.Itoa(want)+"\n") {
				t.Errorf("%s as %q: GDAL reads other than the API's %d features:\n%s", c, user, want, info)
			}
			if !strings.Contains(info, `ID["EPSG",4326]`) && !strings.Contains(info, `AUTHORITY["EPSG","4326"]`) {
				t.Errorf("%s: the layer is not in EPSG:4326:\n%s", c, info)
			}
			if c == "incidents" {
				for _, field := range []string{"killed: Integer", "time_start: DateTime", "category: String"} {
					if !strings.Contains(info, field) {
						t.Errorf("incidents layer lacks %q:\n%s", field, info)
					}
				}
			}
		}
	}
	if code, _, _ := n.do("GET", "/api/v1/exports/gpkg?format=csv", "us-liaison", nil); code != 400 {
		t.Errorf("a parameter to the GeoPackage export: %d, want 400", code)
	}
}
