package flights

import (
	"slices"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
)

func amber(parties ...string) access.Releasability {
	return access.Releasability{TLP: access.TLPAmber, Audience: parties}
}

// crossing is a conflict between un's plan (AMBER to un) and us's plan
// (AMBER to us), us and ru being the co-chairs.
func crossing() *Conflict {
	r := &Conflict{ID: "cfl_1", Kind: KindConflict, Source: "plan", Subjects: []string{"fpl_un", "fpl_us"}, Parties: []string{"un", "us"},
		Where: &Point{Lat: 35, Lon: 37.5}, Release: amber("ru", "un", "us"), Status: ConflictOpen, Seq: 7,
		About: []Subject{{Type: SubjectPlan, ID: "fpl_un", Party: "un", Release: amber("un")}, {Type: SubjectPlan, ID: "fpl_us", Party: "us", Release: amber("us")}}}
	r.setDetail("{0} and {1} lose separation")
	return r
}

func TestDisclosureView(t *testing.T) {
	d := newDisclosure([]byte(strings.Repeat("k", 32)), []string{"ru", "us"})
	user := func(party string) access.Principal {
		return access.Principal{UserID: "u", Party: party, CoChair: party == "us" || party == "ru"}
	}
	legacy := crossing()
	legacy.About, legacy.Template = nil, ""
	advisory := &Conflict{ID: "cfl_2", Kind: KindAdvisory, Source: "plan", Subjects: []string{"fpl_us", "site_1"}, Parties: []string{"un", "us"},
		Release: amber("ru", "un", "us"),
		About:   []Subject{{Type: SubjectPlan, ID: "fpl_us", Party: "us", Release: amber("us")}, {Type: SubjectSite, ID: "site_1", Party: "un", Release: amber("ru", "un", "us")}}}
	advisory.setDetail("{0} passes near {1}")
	// un's plan near a site ngo notified to the co-chairs only: neither
	// party may know the other's subject, nor learn from its read audit
	// that the other read the record.
	apart := &Conflict{ID: "cfl_3", Kind: KindAdvisory, Source: "plan", Subjects: []string{"fpl_un", "site_2"}, Parties: []string{"ngo", "un"},
		Release: amber("ngo", "ru", "un", "us"),
		About:   []Subject{{Type: SubjectPlan, ID: "fpl_un", Party: "un", Release: amber("un")}, {Type: SubjectSite, ID: "site_2", Party: "ngo", Release: amber("ngo", "ru", "us")}}}
	apart.setDetail("{0} passes near {1}")
	cases := []struct {
		name     string
		c        *Conflict
		by       string
		subjects []string // "ref" for the viewer's reference
		parties  []string
		audit    []string
		hidden   []string // never in the detail
	}{
		{"un sees its plan, not us's", crossing(), "un", []string{"fpl_un", "ref"}, []string{"un"}, []string{"us"}, []string{"fpl_us", "(us)"}},
		{"us, a co-chair, sees both", crossing(), "us", []string{"fpl_un", "fpl_us"}, []string{"un", "us"}, []string{"un"}, nil},
		{"ru, a co-chair not concerned, sees both", crossing(), "ru", []string{"fpl_un", "fpl_us"}, []string{"un", "us"}, []string{"un", "us"}, nil},
		{"the notifier sees its site, not the plan", advisory, "un", []string{"ref", "site_1"}, []string{"un"}, []string{"us"}, []string{"fpl_us", "(us)"}},
		{"un does not see ngo's site", apart, "un", []string{"fpl_un", "ref"}, []string{"un"}, nil, []string{"site_2", "(ngo)"}},
		{"ngo does not see un's plan", apart, "ngo", []string{"ref", "site_2"}, []string{"ngo"}, nil, []string{"fpl_un", "(un)"}},
		{"a record logged before subjects were described", legacy, "un", []string{"ref", "ref"}, []string{"un"}, []string{"us"}, []string{"fpl_us", "fpl_un"}},
		{"the same, to a co-chair", legacy, "ru", []string{"fpl_un", "fpl_us"}, []string{"un", "us"}, []string{"un", "us"}, nil},
	}
	for _, tc := range cases {
		v := d.View(user(tc.by), tc.c)
		want := slices.Clone(tc.subjects)
		for i, s := range want {
			if s == "ref" {
				want[i] = d.refs.Ref(tc.by, tc.c.Subjects[i])
			}
		}
		if !slices.Equal(v.Subjects, want) || !slices.Equal(v.Parties, tc.parties) || !slices.Equal(v.AuditFor, tc.audit) || v.About != nil || v.Template != "" {
			t.Errorf("%s: view %+v", tc.name, v)
		}
		for _, secret := range tc.hidden {
			if strings.Contains(v.Detail, secret) {
				t.Errorf("%s: detail %q names the hidden %s", tc.name, v.Detail, secret)
			}
		}
	}
}

func TestAlertSpecsNameNoHiddenSubject(t *testing.T) {
	s, err := NewService(Deps{})
	if err != nil {
		t.Fatal(err)
	}
	d := newDisclosure(s.refKey, []string{"ru", "us"})
	rec := crossing()
	if got := d.knowers(rec, rec.Release.Audience); !slices.Equal(got, []string{"ru", "us"}) {
		t.Fatalf("knowers %v, want ru and us", got)
	}
	specs, parties := s.alertSpecs(d, rec)
	if !slices.Equal(parties, []string{"", "un"}) {
		t.Errorf("alerts to %q, want the full one and un's", parties)
	}
	if len(specs) != 2 {
		t.Fatalf("%d alerts, want one to us and one to un: %+v", len(specs), specs)
	}
	full, un := specs[0], specs[1]
	if full.Key != AlertKey("cfl_1", 7) || !slices.Equal(full.Concerned, []string{"us"}) || !strings.Contains(full.Title, "fpl_us") || !strings.Contains(full.Title, "fpl_un") {
		t.Errorf("us's alert: %+v", full)
	}
	ref := d.refs.Ref("un", "fpl_us")
	if un.Key != PartyAlertKey(full.Key, "un") || !slices.Equal(un.Concerned, []string{"un"}) || !strings.Contains(un.Title, ref) ||
		strings.Contains(un.Title+un.Description, "fpl_us") || strings.Contains(un.Title+un.Description, "(us)") || un.Area == nil {
		t.Errorf("un's alert: %+v", un)
	}
	keys := alertKeys(&Conflict{AlertKey: full.Key, Parties: rec.Parties})
	if !slices.Contains(keys, full.Key) || !slices.Contains(keys, un.Key) {
		t.Errorf("a stored record's alerts are looked up under %v, not both alerts' keys", keys)
	}
}

func TestTrackRecordIDIsKeyed(t *testing.T) {
	a, err := NewService(Deps{Config: Config{RefKey: []byte(strings.Repeat("a", 32))}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewService(Deps{Config: Config{RefKey: []byte(strings.Repeat("b", 32))}})
	if err != nil {
		t.Fatal(err)
	}
	plain := conflictID("track", KindConflict, []string{"RU-7", "US-1"}, time.Time{}, time.Time{})
	id := a.trackRecordID(plain)
	switch {
	case !strings.HasPrefix(id, "cfl_") || len(id) != len(plain):
		t.Errorf("id %q is not shaped as %q", id, plain)
	case id == plain:
		t.Error("a track record's id is the unkeyed hash of its (guessable) track ids")
	case a.trackRecordID(plain) != id:
		t.Error("a track record's id changes between calls")
	case b.trackRecordID(plain) == id:
		t.Error("two keys give one id")
	}
	if _, err := NewService(Deps{Config: Config{RefKey: []byte("short")}}); err == nil {
		t.Error("a 5-byte reference key was accepted")
	}
}

func TestRender(t *testing.T) {
	names := []string{"A", "B"}
	for _, tc := range []struct{ tmpl, want string }{
		{"{0} and {1} lose separation", "A and B lose separation"},
		{"{1} near {0}", "B near A"},
		{"no names", "no names"},
		{"a brace { alone, {x}, {2} and {0", "a brace { alone, {x}, {2} and {0"},
		{"{0}{1}{0}", "ABA"},
		{"", ""},
	} {
		if got := render(tc.tmpl, names); got != tc.want {
			t.Errorf("render(%q) = %q, want %q", tc.tmpl, got, tc.want)
		}
	}
}
