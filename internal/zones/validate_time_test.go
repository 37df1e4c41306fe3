package zones

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"truce/internal/fault"
)

// TestEffectivePeriodIsBounded: effective_from and effective_until lie
// between 2000 and ten years ahead of the node's clock.
func TestEffectivePeriodIsBounded(t *testing.T) {
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	geom := json.RawMessage(`{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36]]]}`)
	for _, c := range []struct{ name, from, until, field string }{
		{"ok", "2016-07-01T00:00:00Z", "2030-01-01T00:00:00Z", ""},
		{"year 9999", "9999-01-01T00:00:00Z", "", "effective_from"},
		{"until year 9999", "2016-07-01T00:00:00Z", "9999-01-01T00:00:00Z", "effective_until"},
		{"before 2000", "1999-12-31T00:00:00Z", "", "effective_from"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := Proposal{Kind: "ceasefire_area", Name: "Z", Geometry: geom, EffectiveFrom: c.from, EffectiveUntil: c.until}
			_, _, err := p.validate("zone_x", 1, nil, now)
			var inv *fault.InvalidError
			if c.field == "" && err != nil || c.field != "" && (!errors.As(err, &inv) || inv.Field != c.field) {
				t.Fatalf("got %v, want field %q", err, c.field)
			}
		})
	}
}
