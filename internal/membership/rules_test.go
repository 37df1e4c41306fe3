package membership

import (
	"errors"
	"slices"
	"testing"

	"truce/internal/accounts"
	"truce/internal/fault"
)

func TestSpecValidate(t *testing.T) {
	good := &accounts.NewParty{ID: "ngo", Name: "NGO", Kind: "agency"}
	for _, tc := range []struct {
		name  string
		spec  Spec
		field string // "" when valid
	}{
		{"add", Spec{Kind: KindAddParty, NewParty: good}, ""},
		{"add naming the party", Spec{Kind: KindAddParty, Party: "ngo", NewParty: good}, ""},
		{"add without the party", Spec{Kind: KindAddParty}, "new_party"},
		{"add with a bad id", Spec{Kind: KindAddParty, NewParty: &accounts.NewParty{ID: "N G O", Name: "x", Kind: "agency"}}, "new_party.id"},
		{"add with a bad kind", Spec{Kind: KindAddParty, NewParty: &accounts.NewParty{ID: "ngo", Name: "x", Kind: "club"}}, "new_party.kind"},
		{"add naming another party", Spec{Kind: KindAddParty, Party: "un", NewParty: good}, "party"},
		{"set co-chair", Spec{Kind: KindSetCoChair, Party: "un"}, ""},
		{"retire without a party", Spec{Kind: KindRetireParty}, "party"},
		{"unset with new_party", Spec{Kind: KindUnsetCoChair, Party: "us", NewParty: good}, "new_party"},
		{"unknown kind", Spec{Kind: "abolish", Party: "us"}, "kind"},
		{"long note", Spec{Kind: KindRetireParty, Party: "un", Note: string(make([]byte, maxNote+1))}, "note"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := tc.spec
			err := spec.validate()
			var inv *fault.InvalidError
			switch {
			case tc.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.field != "" && (!errors.As(err, &inv) || inv.Field != tc.field):
				t.Fatalf("got %v, want an invalid %s", err, tc.field)
			case tc.field == "" && spec.Kind == KindAddParty && spec.Party != "ngo":
				t.Fatalf("party = %q, want the new party's id", spec.Party)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	for _, tc := range []struct {
		required, agreed, want []string
	}{
		{[]string{"ru", "us"}, nil, []string{"ru", "us"}},
		{[]string{"ru", "us"}, []string{"us"}, []string{"ru"}},
		{[]string{"ru", "us"}, []string{"us", "ru", "un"}, []string{}},
		{nil, nil, []string{}},
	} {
		if got := missing(tc.required, tc.agreed); !slices.Equal(got, tc.want) {
			t.Errorf("missing(%v, %v) = %v, want %v", tc.required, tc.agreed, got, tc.want)
		}
	}
}
