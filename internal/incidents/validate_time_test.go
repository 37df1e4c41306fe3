package incidents

import (
	"errors"
	"testing"
	"time"

	"truce/internal/fault"
)

// TestIncidentTimesAreNotInTheFuture: an incident happened, so its times
// lie between 2000 and the node's clock plus its skew.
func TestIncidentTimesAreNotInTheFuture(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct{ name, start, end, field string }{
		{"ok", "2016-07-10T08:00:00Z", "", ""},
		{"a minute ahead (clock skew)", "2026-12-07T12:01:00Z", "", ""},
		{"months ahead", "2027-04-01T00:00:00Z", "", "time.start"},
		{"year 9999", "9999-01-01T00:00:00Z", "", "time.start"},
		{"end ahead", "2026-12-07T11:00:00Z", "2026-12-08T11:00:00Z", "time.end"},
		{"before 2000", "1999-06-01T00:00:00Z", "", "time.start"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out TimeSpan
			err := normTime(&TimeSpan{Start: c.start, End: c.end, Precision: TimeExact}, &out, now)
			var inv *fault.InvalidError
			if c.field == "" && err != nil || c.field != "" && (!errors.As(err, &inv) || inv.Field != c.field) {
				t.Fatalf("got %v, want field %q", err, c.field)
			}
		})
	}
}
