package app

import (
	"fmt"
	"testing"

	"truce/internal/accounts"
	"truce/internal/federation/roster"
)

// TestPartiesAsTheRosterSays checks that a party node counts the co-chairs
// and the monitoring cell of the roster in force: co_chair marks replace
// the accounts' flags (a party that left is none), and monitor marks, when
// any member has one, replace the kind "un"; without one the kinds stay.
func TestPartiesAsTheRosterSays(t *testing.T) {
	ps := []accounts.Party{{ID: "ru", Kind: "military", CoChair: true}, {ID: "un", Kind: "un"}, {ID: "us", Kind: "military", CoChair: true},
		{ID: "osce", Kind: "agency"}, {ID: "gone", Kind: "military", Retired: "2026-01-01T00:00:00Z"}}
	member := func(party string, coChair, monitor bool) roster.Member {
		return roster.Member{Party: party, CoChair: coChair, Monitor: monitor}
	}
	cases := []struct {
		name    string
		members []roster.Member
		want    string
	}{
		{"co-chairs as marked, kinds kept", []roster.Member{member("ru", true, false), member("us", false, false), member("un", false, false), member("gone", true, false)},
			"[ru military true] [un un false] [us military false] [osce agency false] [gone military false]"},
		{"the marked monitors are the monitoring cell", []roster.Member{member("ru", true, false), member("us", true, false), member("un", false, false), member("osce", false, true)},
			"[ru military true] [un other false] [us military true] [osce un false] [gone military false]"},
	}
	for _, c := range cases {
		got := ""
		for i, p := range asRoster(ps, &roster.Roster{Members: c.members}) {
			if i > 0 {
				got += " "
			}
			got += fmt.Sprintf("[%s %s %v]", p.ID, p.Kind, p.CoChair)
		}
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	if ps[0].Kind != "military" || !ps[2].CoChair || ps[1].Kind != "un" {
		t.Errorf("asRoster changed its input: %v", ps)
	}
}
