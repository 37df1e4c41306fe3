package split

import (
	"testing"

	"truce/internal/ledger"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name    string
		entries []ledger.Entry // Party, Kind, Subject
		want    []Disposition
	}{
		{"administration stays", []ledger.Entry{{Party: "un", Kind: "party.created", Subject: "party:us"}, {Party: "us", Kind: "user.created", Subject: "user:1"},
			{Party: "us", Kind: "token.issued"}, {Party: "un", Kind: "roster.proposed"}, {Party: "un", Kind: "membership.proposed"}},
			[]Disposition{Keep, Keep, Keep, Keep, Keep}},
		{"own record restated", []ledger.Entry{{Party: "us", Kind: "incident.reported", Subject: "incident:a"}, {Party: "us", Kind: "incident.commented", Subject: "incident:a"}},
			[]Disposition{Restate, Restate}},
		{"another's record carried", []ledger.Entry{{Party: "us", Kind: "incident.reported", Subject: "incident:a"}, {Party: "ru", Kind: "incident.assessed", Subject: "incident:a"},
			{Party: "ru", Kind: "incident.reported", Subject: "incident:b"}, {Party: "us", Kind: "incident.assessed", Subject: "incident:b"}},
			[]Disposition{Restate, Carry, Restate, Carry}},
		{"no subject: its party's own", []ledger.Entry{{Party: "ru", Kind: "sitrep.issued"}}, []Disposition{Restate}},
		{"holder is the first speaker, even after administration", []ledger.Entry{{Party: "un", Kind: "user.created", Subject: "zone:z"},
			{Party: "ru", Kind: "zone.proposed", Subject: "zone:z"}, {Party: "us", Kind: "zone.agreed", Subject: "zone:z"}},
			[]Disposition{Keep, Restate, Carry}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := make([]*ledger.Entry, len(tc.entries))
			for i := range tc.entries {
				in[i] = &tc.entries[i]
			}
			got := Classify(in)
			for i := range tc.want {
				if got[i] != tc.want[i] {
					t.Errorf("entry %d (%s by %s): %s, want %s", i, in[i].Kind, in[i].Party, got[i], tc.want[i])
				}
			}
		})
	}
}
