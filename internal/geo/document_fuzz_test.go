package geo

import (
	"errors"
	"slices"
	"testing"
)

// FuzzDecodeObject checks that DecodeObject never panics, that every error
// is a *ValidationError with a reason, and that an accepted object has a
// known type and only the members that type defines. Seeds are in
// testdata/fuzz/FuzzDecodeObject.
func FuzzDecodeObject(f *testing.F) {
	for _, s := range []string{`{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":null,"properties":{"a":"b"}}]}`,
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":null,"bbox":[1,2,1,2]}`,
		`{"type":"FeatureCollection","features":[],"crs":{}}`, `{"type":"Polygon","type":"Point"}`, `{"type":"Polygon","coordinates":[]} x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := DecodeObject(data)
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Reason == "" {
				t.Fatalf("error %v (%T) is not a *ValidationError with a reason", err, err)
			}
			return
		}
		allowed, ok := objectMembers[o.Type]
		if !ok {
			t.Fatalf("accepted type %q", o.Type)
		}
		if o.Type == "FeatureCollection" && o.Features == nil {
			t.Fatalf("accepted a FeatureCollection without features: %q", data)
		}
		if (len(o.Geometry) > 0 || o.Properties != nil || len(o.ID) > 0) && !slices.Contains(allowed, "geometry") {
			t.Fatalf("a %s with Feature members: %q", o.Type, data)
		}
	})
}
