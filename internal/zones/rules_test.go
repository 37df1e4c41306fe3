package zones

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestTimelineStatus(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2016, 7, day, 0, 0, 0, 0, time.UTC) }
	sq := orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}
	tl := Timeline{ZoneID: "z", Steps: []Step{
		{Version: 1, Start: d(1), End: d(25), Geometry: sq},
		{Version: 3, Start: d(20), Withdrawn: true, Geometry: sq},
		{Version: 2, Start: d(10), End: d(15), Geometry: sq},
	}}
	cases := []struct {
		day  int
		want Status
		in   bool
	}{{0 + 1, StatusInForce, true}, {9, StatusInForce, true}, {12, StatusInForce, true}, {16, StatusExpired, false}, {21, StatusWithdrawn, false}}
	for _, c := range cases {
		if got := tl.Status(d(c.day)); got != c.want {
			t.Errorf("day %d: %s, want %s", c.day, got, c.want)
		}
		if got := tl.InForce(d(c.day)) != nil; got != c.in {
			t.Errorf("day %d: in force %v", c.day, got)
		}
	}
	if s := (&Timeline{}).Status(d(1)); s != StatusProposed {
		t.Errorf("no agreed version: %s", s)
	}
	if s := (&Timeline{Steps: []Step{{Version: 1, Start: d(5)}}}).Status(d(1)); s != StatusScheduled {
		t.Errorf("agreed, not yet effective: %s", s)
	}
	if got := Attribute(orb.Point{0.5, 0.5}, d(12), []Timeline{tl}); len(got) != 1 {
		t.Errorf("attribution inside: %v", got)
	}
	if got := Attribute(orb.Point{0.5, 0.5}, d(21), []Timeline{tl}); len(got) != 0 {
		t.Errorf("attribution after withdrawal: %v", got)
	}
}
