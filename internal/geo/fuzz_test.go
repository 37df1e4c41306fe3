package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzDecodeGeometry checks that Decode never panics or hangs, that every
// error is a *ValidationError, and that accepted geometry is a fixed point:
// validating it again succeeds and changes nothing. Seeds are in
// testdata/fuzz/FuzzDecodeGeometry (huge, deeply nested, NaN, out-of-range,
// self-intersecting and bow-tie inputs among them).
func FuzzDecodeGeometry(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxVertices: 20_000}
		g, err := Decode(json.RawMessage(data), KindAny, lim)
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Reason == "" || ve.Code == "" {
				t.Fatalf("error %v (%T) is not a complete *ValidationError", err, err)
			}
			return
		}
		again, err := Validate(g, KindAny, lim)
		if err != nil {
			t.Fatalf("accepted %s but revalidation failed: %v", data, err)
		}
		if fmt.Sprint(again) != fmt.Sprint(g) {
			t.Fatalf("revalidation changed %v to %v", g, again)
		}
		switch g := g.(type) {
		case orb.Polygon:
			checkWinding(t, g)
		case orb.MultiPolygon:
			for _, p := range g {
				checkWinding(t, p)
			}
		}
	})
}

func checkWinding(t *testing.T, p orb.Polygon) {
	t.Helper()
	if !isCCW(p[0]) {
		t.Fatalf("shell of %v is not counter-clockwise", p)
	}
	for _, h := range p[1:] {
		if isCCW(h) {
			t.Fatalf("hole of %v is not clockwise", p)
		}
	}
}
