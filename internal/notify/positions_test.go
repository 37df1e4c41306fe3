package notify

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
)

// TestPositionRelease checks that positions go to the notifier and the
// notified parties only, at least AMBER, whatever wider audience or label
// the movement has.
func TestPositionRelease(t *testing.T) {
	for _, tc := range []struct {
		tlp      access.TLP
		audience []string
		want     string
	}{
		{access.TLPAmber, []string{"ngo", "ru", "un", "us"}, "{AMBER [ru un]}"},
		{access.TLPGreen, nil, "{AMBER [ru un]}"},
		{access.TLPAmberStrict, []string{"ru", "un", "us"}, "{AMBER+STRICT [ru un]}"},
		{access.TLPRed, []string{"ru", "un"}, "{RED [ru un]}"},
	} {
		n := &Notice{Party: "un", Release: access.Releasability{TLP: tc.tlp, Audience: tc.audience},
			Movement: &Movement{Parties: []string{"ru"}}}
		if got := fmt.Sprint(PositionRelease(n)); got != tc.want {
			t.Errorf("%s %v: %s, want %s", tc.tlp, tc.audience, got, tc.want)
		}
	}
}

// TestPositionsValid checks each refusal of a batch against its window
// and the clock, and that it names the position at fault.
func TestPositionsValid(t *testing.T) {
	start := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	n := &Notice{ID: "mov_1", Movement: &Movement{Window: Window{Start: start.Format(time.RFC3339), End: start.Add(4 * time.Hour).Format(time.RFC3339)}}}
	now := start.Add(time.Hour)
	at := func(d time.Duration) string { return start.Add(d).Format(time.RFC3339) }
	ok := PositionReport{Time: at(30 * time.Minute), Lat: 36.2, Lon: 37.1}
	many := make([]PositionReport, MaxPositionBatch+1)
	for i := range many {
		many[i] = ok
	}
	for _, tc := range []struct {
		name  string
		in    []PositionReport
		field string // "" for valid
	}{
		{"one", []PositionReport{ok}, ""},
		{"at the window's start", []PositionReport{{Time: at(0), Lat: 36, Lon: 37}}, ""},
		{"empty", nil, "positions"},
		{"too many", many, "positions"},
		{"before the window", []PositionReport{ok, {Time: at(-time.Second), Lat: 36, Lon: 37}}, "positions[1].time"},
		{"after the window", []PositionReport{{Time: at(4*time.Hour + time.Second), Lat: 36, Lon: 37}}, "positions[0].time"},
		{"in the future", []PositionReport{{Time: at(2 * time.Hour), Lat: 36, Lon: 37}}, "positions[0].time"},
		{"not a time", []PositionReport{{Time: "08:30", Lat: 36, Lon: 37}}, "positions[0].time"},
		{"latitude", []PositionReport{{Time: at(time.Minute), Lat: 90.5, Lon: 37}}, "positions[0].lat"},
		{"longitude", []PositionReport{{Time: at(time.Minute), Lat: 36, Lon: -181}}, "positions[0].lon"},
	} {
		err := positionsValid(n, tc.in, now)
		var inv *fault.InvalidError
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.field != "" && (!errors.As(err, &inv) || inv.Field != tc.field):
			t.Errorf("%s: %v, want an invalid %s", tc.name, err, tc.field)
		}
	}
}
