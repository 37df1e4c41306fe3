package access

import "testing"

func TestReleasableToParty(t *testing.T) {
	aud := []string{"ru", "us"}
	cases := []struct {
		name  string
		r     Releasability
		party string
		want  bool
	}{
		{"clear to a member", Releasability{TLP: TLPClear}, "ngo", true},
		{"clear to no party", Releasability{TLP: TLPClear}, "", false},
		{"green to a member", Releasability{TLP: TLPGreen}, "un", true},
		{"green to no party", Releasability{TLP: TLPGreen}, "", false},
		{"amber to the audience", Releasability{TLP: TLPAmber, Audience: aud}, "ru", true},
		{"amber outside the audience", Releasability{TLP: TLPAmber, Audience: aud}, "un", false},
		{"amber+strict to the audience", Releasability{TLP: TLPAmberStrict, Audience: aud}, "us", true},
		{"amber+strict outside", Releasability{TLP: TLPAmberStrict, Audience: aud}, "ngo", false},
		{"red to the audience", Releasability{TLP: TLPRed, Audience: []string{"us"}}, "us", true},
		{"red outside", Releasability{TLP: TLPRed, Audience: []string{"us"}}, "ru", false},
		{"green addressed, still green", Releasability{TLP: TLPGreen, Audience: []string{"us"}}, "ru", true},
		{"unknown label", Releasability{TLP: "PURPLE", Audience: aud}, "us", false},
		{"empty label", Releasability{}, "us", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.r.ReleasableToParty(tc.party); got != tc.want {
				t.Errorf("%+v releasable to party %q = %v, want %v", tc.r, tc.party, got, tc.want)
			}
		})
	}
}
