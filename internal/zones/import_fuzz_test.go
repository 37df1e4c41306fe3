package zones

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// checkParsed is what every zone parser guarantees: a document is refused
// with a *ParseError, or yields features numbered from 1 whose geometry is
// JSON, and errors that name a feature.
func checkParsed(t *testing.T, feats []Feature, errs []FeatureError, err error) {
	t.Helper()
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("untyped error %v", err)
		}
		return
	}
	for _, f := range feats {
		if f.Index < 1 || !json.Valid(f.Geometry) {
			t.Fatalf("feature %d geometry %q", f.Index, f.Geometry)
		}
		p := proposalOf(&f, nil)
		_, _, _ = p.validate("zone_fuzz", 1, nil, time.Date(2016, 9, 12, 0, 0, 0, 0, time.UTC)) // must not panic
	}
	for _, e := range errs {
		if e.Feature < 1 || e.Reason == "" {
			t.Fatalf("feature error %+v", e)
		}
	}
}

// FuzzParseKML feeds arbitrary documents to the KML zone parser.
func FuzzParseKML(f *testing.F) {
	f.Add([]byte(squareKML))
	f.Fuzz(func(t *testing.T, data []byte) {
		feats, errs, err := ParseKML(data, Mapping{"kind": "type"})
		checkParsed(t, feats, errs, err)
	})
}

// FuzzParseGeoJSON feeds arbitrary documents to the GeoJSON zone parser.
func FuzzParseGeoJSON(f *testing.F) {
	f.Add([]byte(squareGeoJSON))
	f.Fuzz(func(t *testing.T, data []byte) {
		feats, errs, err := ParseGeoJSON(data, nil)
		checkParsed(t, feats, errs, err)
	})
}
