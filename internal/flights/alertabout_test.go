package flights

import (
	"encoding/json"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/alerts"
)

// TestAlertAboutNamesWhatTheAudienceMayKnow checks the structured subject
// of each alert about a conflict: a side the alert's party may not know
// is hidden with nothing but its type, and a plan's callsign is given
// only where the plan is released to that party (a co-chair knows every
// aircraft's id and party, not its callsign).
func TestAlertAboutNamesWhatTheAudienceMayKnow(t *testing.T) {
	cases := []struct {
		name   string
		unRel  access.Releasability // un's plan's releasability
		wantUS []alerts.AboutSubject
		wantUN []alerts.AboutSubject
	}{
		{"un's plan AMBER to un", amber("un"),
			[]alerts.AboutSubject{{Type: SubjectPlan, ID: "fpl_un", Party: "un"}, {Type: SubjectPlan, ID: "fpl_us", Party: "us", Callsign: "USA101"}},
			[]alerts.AboutSubject{{Type: SubjectPlan, ID: "fpl_un", Party: "un", Callsign: "UNO7"}, {Type: SubjectPlan, Hidden: true}}},
		{"un's plan GREEN", access.Releasability{TLP: access.TLPGreen},
			[]alerts.AboutSubject{{Type: SubjectPlan, ID: "fpl_un", Party: "un", Callsign: "UNO7"}, {Type: SubjectPlan, ID: "fpl_us", Party: "us", Callsign: "USA101"}},
			[]alerts.AboutSubject{{Type: SubjectPlan, ID: "fpl_un", Party: "un", Callsign: "UNO7"}, {Type: SubjectPlan, Hidden: true}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewService(Deps{})
			if err != nil {
				t.Fatal(err)
			}
			s.heldPlans["fpl_un"] = heldPlan{version: 1, callsign: "UNO7", release: tc.unRel}
			s.heldPlans["fpl_us"] = heldPlan{version: 1, callsign: "USA101", release: amber("us")}
			d := newDisclosure(s.refKey, []string{"ru", "us"})
			rec := crossing()
			s.describe(rec)
			specs, parties := s.alertSpecs(d, rec)
			if len(specs) != 2 || parties[0] != "" || parties[1] != "un" {
				t.Fatalf("alerts to %q, want the full one (to us) and un's", parties)
			}
			for i, want := range [][]alerts.AboutSubject{tc.wantUS, tc.wantUN} {
				got := specs[i].About
				if got == nil || len(got.Subjects) != len(want) {
					t.Fatalf("alert to %v: about %+v, want subjects %+v", specs[i].Concerned, got, want)
				}
				for j := range want {
					if got.Subjects[j] != want[j] {
						t.Errorf("alert to %v: subject %d is %+v, want %+v", specs[i].Concerned, j, got.Subjects[j], want[j])
					}
				}
			}
			raw, err := json.Marshal(specs[1].About)
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{"fpl_us", `"us"`, "USA101", "ref_"} {
				if strings.Contains(string(raw), secret) {
					t.Errorf("un's alert's about %s names %s, which un may not know", raw, secret)
				}
			}
		})
	}
	legacy := crossing()
	legacy.About = nil
	s, err := NewService(Deps{})
	if err != nil {
		t.Fatal(err)
	}
	if a := s.alertAbout(newDisclosure(s.refKey, nil), legacy, []string{"un"}); a != nil {
		t.Errorf("a record logged before its subjects were described has about %+v", a)
	}
}
