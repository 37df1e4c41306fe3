package flights

import (
	"errors"
	"testing"

	"truce/internal/access"
)

// TestEntryPartyOnPartyNodes checks the party a conflict record's entries
// are logged under: on a hosted node the first party concerned in the
// audience, as before; on a party node only a party the node speaks for,
// and ErrNoNodeParty (nothing logged) when none of them may carry it, so
// that the sequencer's guard never refuses a user's filing because of the
// record it raises.
func TestEntryPartyOnPartyNodes(t *testing.T) {
	rec := &Conflict{ID: "cfl-1", Parties: []string{"ru", "us"}}
	tests := []struct {
		name     string
		node     []string
		audience []string
		want     string
		wantErr  error
	}{
		{"hosted node: first concerned", nil, []string{"ru", "un", "us"}, "ru", nil},
		{"hosted node: audience without the concerned", nil, []string{"un"}, "un", nil},
		{"party node us: its own party, not the first concerned", []string{"us"}, []string{"ru", "un", "us"}, "us", nil},
		{"party node un hosting ngo: a co-chair in the audience", []string{"un", "ngo"}, []string{"ru", "un", "us"}, "un", nil},
		{"party node un: not in the audience", []string{"un"}, []string{"ru", "us"}, "", ErrNoNodeParty},
		{"party node ngo hosting us: the hosted party concerned", []string{"ngo", "us"}, []string{"ru", "us"}, "us", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Service{deps: Deps{NodeParties: func() []string { return tt.node }}}
			got, err := s.entryParty(rec, access.Releasability{TLP: access.TLPAmber, Audience: tt.audience})
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Fatalf("entryParty = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
