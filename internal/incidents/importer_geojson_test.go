package incidents

import (
	"strings"
	"testing"
)

// TestParseGeoJSONRefusesLooseDocuments: a document with members it should
// not have, a member given twice or data after it is refused as a whole.
func TestParseGeoJSONRefusesLooseDocuments(t *testing.T) {
	feature := `{"type":"Feature","geometry":{"type":"Point","coordinates":[37.1,36.2]},"properties":{"category":"shelling","time_start":"2024-03-01T10:00:00Z"}}`
	for _, c := range []struct{ name, doc, want string }{
		{"unknown top-level member", `{"type":"FeatureCollection","features":[` + feature + `],"name":"x"}`, `/name: member "name" is not one of a FeatureCollection's`},
		{"member in another case", `{"type":"FeatureCollection","FEATURES":[]}`, `/FEATURES`},
		{"duplicate member", `{"type":"FeatureCollection","features":[],"type":"Feature"}`, "/type: duplicate member name"},
		{"duplicate property", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"category":"a","category":"b"}}]}`, "/features/0/properties/category: duplicate member name"},
		{"trailing data", `{"type":"FeatureCollection","features":[]} {}`, "after the JSON value"},
		{"lone surrogate", `{"type":"FeatureCollection","features":[],"bbox":"\udc00"}`, "lone UTF-16 surrogate"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, _, err := Parse("geojson", []byte(c.doc), nil)
			if err == nil || !strings.Contains(err.Error(), c.want) || len(rows) != 0 {
				t.Fatalf("err = %v (%d rows), want it to contain %q", err, len(rows), c.want)
			}
		})
	}
	_, errs, err := Parse("geojson", []byte(`{"type":"FeatureCollection","features":[`+strings.Replace(feature, `"properties"`, `"style":1,"properties"`, 1)+`]}`), nil)
	if err != nil || len(errs) != 1 || !strings.Contains(errs[0].Reason, `member "style"`) {
		t.Fatalf("foreign member in a feature: err %v, row errors %+v", err, errs)
	}
}
