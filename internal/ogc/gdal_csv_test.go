package ogc_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestGDALReadsTheCSVExportWithTypes saves the incidents' CSV export and
// its .csvt sidecar side by side, as a user would, and checks with GDAL
// that every row is a feature (no hashtag row read as a record), that
// numbers, times and the geometry come out typed, and that the HXL
// variant keeps its hashtag row for HXL tools.
func TestGDALReadsTheCSVExportWithTypes(t *testing.T) {
	n := newNode(t)
	want := len(n.listIDs("incidents", "us-liaison"))
	dir := t.TempDir()
	for _, f := range []struct{ format, file string }{{"csv", "incidents.csv"}, {"csvt", "incidents.csvt"}, {"hxl", "hxl.csv"}} {
		code, body, h := n.do("GET", "/api/v1/exports/incidents?format="+f.format, "us-liaison", nil)
		if code != 200 {
			t.Fatalf("export %s: %d %s", f.format, code, body)
		}
		if f.format == "hxl" && !strings.Contains(h.Get("Content-Disposition"), ".hxl.csv") {
			t.Errorf("the HXL export is named %q, want a .hxl.csv file", h.Get("Content-Disposition"))
		}
		if err := os.WriteFile(filepath.Join(dir, f.file), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	info := gdal(t, "ogrinfo", "-ro", "-al", "-so", filepath.Join(dir, "incidents.csv"))
	for _, line := range []string{
		"Feature Count: " + strconv.Itoa(want),
		"killed: Integer",
		"injured: Integer",
		"time_start: DateTime",
		"reported_at: DateTime",
		"latitude: Real",
		"longitude: Real",
		"category: String",
	} {
		if !strings.Contains(info, line) {
			t.Errorf("ogrinfo of the CSV with its .csvt lacks %q:\n%s", line, info)
		}
	}
	if !regexp.MustCompile(`Geometry: (Point|Unknown \(any\)|Polygon)`).MatchString(info) {
		t.Errorf("GDAL found no geometry in the CSV with its .csvt:\n%s", info)
	}
	hxl := gdal(t, "ogrinfo", "-ro", "-al", "-so", filepath.Join(dir, "hxl.csv"))
	if !strings.Contains(hxl, "Feature Count: "+strconv.Itoa(want+1)) {
		t.Errorf("the HXL variant should keep its hashtag row (a record to GDAL):\n%s", hxl)
	}
	// The first feature of the plain CSV is a record, not the hashtag row.
	first := gdal(t, "ogrinfo", "-ro", "-al", "-fid", "1", filepath.Join(dir, "incidents.csv"))
	if strings.Contains(first, "#event+id") {
		t.Errorf("the CSV carries the HXL hashtag row:\n%s", first)
	}
}
