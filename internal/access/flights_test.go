package access

import (
	"strings"
	"testing"
)

func TestSubjectKnown(t *testing.T) {
	us := Releasability{TLP: TLPAmber, Audience: []string{"us"}}
	cases := []struct {
		name     string
		party    string
		coChair  bool
		aircraft bool
		r        Releasability
		want     bool
	}{
		{"owner", "us", true, true, us, true},
		{"co-chair, aircraft", "ru", true, true, us, true},
		{"co-chair, reservation", "ru", true, false, us, false},
		{"other party, aircraft", "un", false, true, us, false},
		{"other party in the audience", "un", false, false, Releasability{TLP: TLPAmber, Audience: []string{"un", "us"}}, true},
		{"GREEN to a member", "un", false, true, Releasability{TLP: TLPGreen}, true},
		{"public, CLEAR", "", false, true, Releasability{TLP: TLPClear}, false},
		{"public, co-chair flag", "", true, true, us, false},
	}
	for _, tc := range cases {
		if got := SubjectKnown(tc.party, tc.coChair, tc.aircraft, tc.r); got != tc.want {
			t.Errorf("%s: SubjectKnown = %v, want %v", tc.name, got, tc.want)
		}
	}
	if SubjectKnownTo(Principal{Party: "ru", CoChair: true}, true, us) {
		t.Error("an unauthenticated principal knows a subject")
	}
}

func TestOpaqueRef(t *testing.T) {
	key := []byte(strings.Repeat("k", 32))
	a := OpaqueRef(key, "un", "fpl_1")
	if !strings.HasPrefix(a, "ref_") || len(a) != 24 || strings.Contains(a, "fpl_1") {
		t.Fatalf("reference %q", a)
	}
	for _, tc := range []struct {
		name       string
		key        []byte
		viewer, id string
		same       bool
	}{
		{"same viewer, same id", key, "un", "fpl_1", true},
		{"another viewer", key, "ngo", "fpl_1", false},
		{"another id", key, "un", "fpl_2", false},
		{"another key", []byte(strings.Repeat("j", 32)), "un", "fpl_1", false},
		{"no ambiguity between viewer and id", key, "unf", "pl_1", false},
	} {
		if got := OpaqueRef(tc.key, tc.viewer, tc.id); (got == a) != tc.same {
			t.Errorf("%s: %q against %q", tc.name, got, a)
		}
	}
}
