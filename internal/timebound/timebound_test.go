package timebound

import (
	"errors"
	"strings"
	"testing"
	"time"

	"truce/internal/fault"
)

func TestCheck(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name    string
		t       time.Time
		horizon time.Duration
		reason  string
	}{
		{"now", now, Happened, ""},
		{"within the skew", now.Add(ClockSkew), Happened, ""},
		{"past the skew", now.Add(ClockSkew + time.Second), Happened, "is in the future"},
		{"earliest", Earliest, Happened, ""},
		{"before the earliest", Earliest.Add(-time.Second), ZonePeriod, "before 2000-01-01T00:00:00Z"},
		{"year 9999", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), ZonePeriod, "more than 3653 days ahead"},
		{"a month ahead for a plan", now.Add(32 * Day), FlightPlan, "more than 31 days ahead"},
		{"a week ahead for a plan", now.Add(7 * Day), FlightPlan, ""},
		{"months ahead for a movement", now.Add(200 * Day), MovementWindow, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Check("f", c.t, now, c.horizon)
			var inv *fault.InvalidError
			switch {
			case c.reason == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.reason != "" && (!errors.As(err, &inv) || inv.Field != "f" || !strings.Contains(inv.Reason, c.reason)):
				t.Fatalf("got %v, want field f with %q", err, c.reason)
			}
		})
	}
}
