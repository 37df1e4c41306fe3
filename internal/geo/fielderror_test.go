package geo

import (
	"encoding/json"
	"errors"
	"testing"

	"truce/internal/fault"
)

// TestFieldError checks that a geometry validation failure becomes the
// *fault.InvalidError every domain returns, with the offending member's
// JSON pointer under the request field, and that other errors pass through.
func TestFieldError(t *testing.T) {
	_, bad := Decode(json.RawMessage(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0.5]]]}`), KindPolygon, Limits{})
	if bad == nil {
		t.Fatal("an unclosed ring was accepted")
	}
	other := errors.New("disk on fire")
	for _, tc := range []struct {
		name      string
		err       error
		wantField string // "" means the error comes back unchanged
	}{
		{"validation", bad, "geometry/coordinates/0/3"},
		{"other", other, ""},
		{"nil", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := FieldError("geometry", tc.err)
			if tc.wantField == "" {
				if got != tc.err {
					t.Fatalf("FieldError(%v) = %v, want it unchanged", tc.err, got)
				}
				return
			}
			var ie *fault.InvalidError
			if !errors.As(got, &ie) {
				t.Fatalf("FieldError(%v) = %T %v, want *fault.InvalidError", tc.err, got, got)
			}
			var ve *ValidationError
			errors.As(tc.err, &ve)
			if ie.Field != tc.wantField || ie.Reason != ve.Reason {
				t.Fatalf("got field %q reason %q, want field %q reason %q", ie.Field, ie.Reason, tc.wantField, ve.Reason)
			}
		})
	}
}
