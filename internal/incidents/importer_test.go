package incidents

import (
	"strings"
	"testing"
)

func TestParseCSVNamesRowAndColumn(t *testing.T) {
	csv := "ext,category,lat,lon,narrative\nx1,air_strike,36.2,37.1,ok\nx2,air_strike,north,37.1,bad\n"
	m, err := ParseMapping("external_id=ext")
	if err != nil {
		t.Fatal(err)
	}
	rows, errs, err := ParseCSV(strings.NewReader(csv), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Incident.ExternalID != "x1" || len(errs) != 1 || errs[0].Row != 2 || errs[0].Column != "lat" {
		t.Fatalf("rows %+v errs %+v", rows, errs)
	}
	if _, err := ParseMapping("colour=c"); err == nil {
		t.Fatal("an unknown field in the mapping was accepted")
	}
}

// FuzzParseImport checks that the CSV and GeoJSON import parsers never
// panic and that every row they return, and every error, names a row.
func FuzzParseImport(f *testing.F) {
	f.Add(true, "external_id,category,lon,lat\na,other,37,36\n")
	f.Add(true, "category,killed_min\n\"unterminated,1\n")
	f.Add(false, `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[37,36]},"properties":{"category":"other"}}]}`)
	f.Add(false, `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"lon":"x"}}]}`)
	f.Fuzz(func(t *testing.T, isCSV bool, data string) {
		format := "geojson"
		if isCSV {
			format = "csv"
		}
		rows, errs, err := Parse(format, []byte(data), Mapping{})
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.Row < 1 {
				t.Fatalf("row number %d", r.Row)
			}
		}
		for _, e := range errs {
			if e.Row < 1 || e.Reason == "" {
				t.Fatalf("error %+v", e)
			}
		}
	})
}
