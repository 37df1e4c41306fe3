package access

import (
	"truce/internal/fault"

	"strings"
	"testing"
)

func TestVisibleTo(t *testing.T) {
	aud := []string{"ru", "us"}
	cases := []struct {
		r     Releasability
		party string
		want  bool
	}{
		{Releasability{TLP: TLPClear}, "", true},
		{Releasability{TLP: TLPClear}, "ru", true},
		{Releasability{TLP: TLPGreen}, "", false},
		{Releasability{TLP: TLPGreen}, "ngo", true},
		{Releasability{TLP: TLPAmber, Audience: aud}, "us", true},
		{Releasability{TLP: TLPAmber, Audience: aud}, "un", false},
		{Releasability{TLP: TLPAmber, Audience: aud}, "", false},
		{Releasability{TLP: TLPAmberStrict, Audience: aud}, "ru", true},
		{Releasability{TLP: TLPAmberStrict, Audience: aud}, "ngo", false},
		{Releasability{TLP: TLPRed, Audience: []string{"us"}}, "us", true},
		{Releasability{TLP: TLPRed, Audience: []string{"us"}}, "ru", false},
		{Releasability{TLP: "PURPLE", Audience: aud}, "us", false},
		{Releasability{}, "us", false},
	}
	for _, tc := range cases {
		if got := tc.r.VisibleTo(tc.party); got != tc.want {
			t.Errorf("%+v visible to %q = %v, want %v", tc.r, tc.party, got, tc.want)
		}
		p := Principal{UserID: "u", Party: tc.party}
		if tc.party == "" {
			p = Public
		}
		if got := p.CanSee(tc.r); got != tc.want {
			t.Errorf("principal of %q CanSee %+v = %v, want %v", tc.party, tc.r, got, tc.want)
		}
	}
}

func TestNormalizeAddsOwnerAndSorts(t *testing.T) {
	r := Releasability{TLP: TLPRed, Audience: []string{"us", "ru", "us"}}.Normalize("un")
	if strings.Join(r.Audience, ",") != "ru,un,us" {
		t.Fatalf("audience %v", r.Audience)
	}
	if g := (Releasability{TLP: TLPGreen}).Normalize("un"); g.Audience != nil {
		t.Fatalf("GREEN gained an audience: %v", g.Audience)
	}
}

func TestValidateNamesTheBadValue(t *testing.T) {
	known := func(p string) bool { return p == "us" || p == "ru" }
	for _, tc := range []struct {
		r    Releasability
		want string
	}{
		{Releasability{TLP: "amber"}, `"amber" is not a TLP 2.0 label`},
		{Releasability{TLP: TLPAmber, Audience: []string{"us", ""}}, "audience[1]: empty party id"},
		{Releasability{TLP: TLPAmber, Audience: []string{"xx"}}, `unknown party "xx"`},
	} {
		err := tc.r.Validate(known)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate(%+v) = %v, want %q", tc.r, err, tc.want)
		}
	}
	if err := (Releasability{TLP: TLPAmber, Audience: []string{"us"}}).Validate(known); err != nil {
		t.Fatal(err)
	}
}

func TestPasswordHashing(t *testing.T) {
	if _, err := HashPassword("short"); err == nil {
		t.Fatal("short password accepted")
	}
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false, "": false} {
		if ok, err := CheckPassword(h, pw); err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v", pw, ok, err)
		}
	}
	if _, err := CheckPassword("$2a$10$bcrypt", "x"); err == nil {
		t.Fatal("non-argon2 hash accepted")
	}
}

func TestSecrets(t *testing.T) {
	a, b := NewSecret(TokenPrefix), NewSecret(TokenPrefix)
	if a == b || !LooksLikeToken(a) || LooksLikeToken("password123") {
		t.Fatalf("secrets %q %q", a, b)
	}
	if HashSecret(a) == HashSecret(b) || len(HashSecret(a)) != 64 {
		t.Fatal("secret hashes")
	}
	if id := NewID("usr"); !strings.HasPrefix(id, "usr_") || len(id) != 4+20 {
		t.Fatalf("id %q", id)
	}
}

func TestRequire(t *testing.T) {
	if err := Public.Require(RoleObserver); err != fault.ErrUnauthenticated {
		t.Fatalf("public: %v", err)
	}
	p := Principal{UserID: "u", Party: "us", Role: RoleAnalyst}
	if err := p.Require(RoleLiaison, RoleAdmin); err != fault.ErrForbidden {
		t.Fatalf("analyst as liaison: %v", err)
	}
	if err := p.Require(RoleAnalyst); err != nil {
		t.Fatal(err)
	}
}

func TestVisibleKeepsOrderAndDropsHidden(t *testing.T) {
	type rec struct {
		id string
		r  Releasability
	}
	items := []rec{
		{"a", Releasability{TLP: TLPClear}},
		{"b", Releasability{TLP: TLPRed, Audience: []string{"us"}}},
		{"c", Releasability{TLP: TLPGreen}},
		{"d", Releasability{TLP: TLPAmber, Audience: []string{"ru"}}},
	}
	rel := func(x *rec) Releasability { return x.r }
	for _, tc := range []struct {
		p    Principal
		want string
	}{
		{Public, "a"},
		{Principal{UserID: "u", Party: "ru"}, "acd"},
		{Principal{UserID: "u", Party: "us"}, "abc"},
	} {
		got := ""
		for _, x := range Visible(tc.p, items, rel) {
			got += x.id
		}
		if got != tc.want {
			t.Errorf("party %q sees %q, want %q", tc.p.Party, got, tc.want)
		}
	}
}
