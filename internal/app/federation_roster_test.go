package app

import (
	"slices"
	"testing"

	"truce/internal/federation/roster"
)

// TestPeersOfRemovedNode checks that a node whose party a roster change
// removed talks to nobody: no mirror, no witness push, no pin of its own
// kept (before, Peers of a party absent from the roster listed every node).
func TestPeersOfRemovedNode(t *testing.T) {
	r := &roster.Roster{Members: []roster.Member{
		{Party: "us", Origin: "o/us"}, {Party: "ru", Origin: "o/ru"}, {Party: "un", Origin: "o/un"}, {Party: "ngo", HostedBy: "un"}}}
	cases := []struct {
		party string
		want  []string
	}{
		{"us", []string{"ru", "un"}},
		{"ngo", []string{"us", "ru"}}, // a hosted party's node is its host's
		{"fr", nil},                   // removed: nobody
	}
	for _, tc := range cases {
		f := &Federation{Party: tc.party}
		var got []string
		for _, m := range f.peersOf(r) {
			got = append(got, m.Party)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: peers %v, want %v", tc.party, got, tc.want)
		}
	}
}
