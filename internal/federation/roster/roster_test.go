package roster

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseIsStrict(t *testing.T) {
	good, err := json.Marshal(testRoster(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(good); err != nil {
		t.Fatalf("good roster: %v", err)
	}
	cases := []struct {
		name, doc, want string
	}{
		{"unknown roster field", strings.Replace(string(good), `"quorum":1`, `"quorum":1,"quorom":2`, 1), "/quorom"},
		{"unknown member field", strings.Replace(string(good), `"co_chair":true`, `"co_chair":true,"admin":true`, 1), "/members/0/admin"},
		{"repeated field", strings.Replace(string(good), `"quorum":1`, `"quorum":1,"quorum":2`, 1), "quorum"},
		{"trailing data", string(good) + "{}", "after"},
		{"invalid", string(good[:len(good)-1]), "JSON"},
		{"valid JSON, bad roster", strings.Replace(string(good), `"version":1`, `"version":0`, 1), "version"},
	}
	for _, tc := range cases {
		if _, err := Parse([]byte(tc.doc)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
	if _, err := Parse(make([]byte, MaxSize+1)); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("oversized roster: %v", err)
	}
}

// TestHashIsOfTheContent checks that the hash does not depend on the
// document's layout or member order within objects, and does change with
// any field.
func TestHashIsOfTheContent(t *testing.T) {
	r := testRoster(t)
	h1, err := r.Hash()
	if err != nil {
		t.Fatal(err)
	}
	indented, _ := json.MarshalIndent(r, "", "   ")
	var generic map[string]any
	json.Unmarshal(indented, &generic)
	reordered, _ := json.Marshal(generic) // map keys sorted: another member order
	for _, doc := range [][]byte{indented, reordered} {
		r2, err := Parse(doc)
		if err != nil {
			t.Fatal(err)
		}
		if h2, _ := r2.Hash(); h2 != h1 {
			t.Fatalf("same roster, other layout: hash %s, want %s", h2, h1)
		}
	}
	if len(h1) != 64 {
		t.Fatalf("hash %q is not 64 hex digits", h1)
	}
	r.Members[2].CoChair = true
	if h3, _ := r.Hash(); h3 == h1 {
		t.Fatal("a changed co-chair flag kept the hash")
	}
}

func TestLookupsAndPeers(t *testing.T) {
	r := testRoster(t)
	ru := r.Members[1]
	if m, ok := r.ByParty("ru"); !ok || m.Origin != ru.Origin {
		t.Fatalf("ByParty(ru) = %+v %v", m, ok)
	}
	if m, ok := r.ByOrigin(ru.Origin); !ok || m.Party != "ru" {
		t.Fatalf("ByOrigin = %+v %v", m, ok)
	}
	if m, ok := r.ByPin(ru.TLSPin); !ok || m.Party != "ru" {
		t.Fatalf("ByPin = %+v %v", m, ok)
	}
	for _, miss := range []func() (Member, bool){
		func() (Member, bool) { return r.ByParty("xx") },
		func() (Member, bool) { return r.ByOrigin("") }, // a hosted member has no origin
		func() (Member, bool) { return r.ByPin("") },
		func() (Member, bool) { return (*Roster)(nil).ByParty("us") },
	} {
		if m, ok := miss(); ok {
			t.Fatalf("found %+v", m)
		}
	}
	parties := func(ms []Member) []string {
		var ps []string
		for _, m := range ms {
			ps = append(ps, m.Party)
		}
		return ps
	}
	for self, want := range map[string][]string{"us": {"ru", "un"}, "un": {"us", "ru"}, "ngo": {"us", "ru"}} {
		if got := parties(r.Peers(self)); !slices.Equal(got, want) {
			t.Errorf("Peers(%s) = %v, want %v", self, got, want)
		}
	}
	if got := r.Hosts("un"); !slices.Equal(got, []string{"ngo"}) {
		t.Errorf("Hosts(un) = %v", got)
	}
}

func TestInstallAndLoad(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadInstalled(dir); !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("empty dir: %v", err)
	}
	r := testRoster(t)
	if err := Install(dir, r); err != nil {
		t.Fatal(err)
	}
	got, err := LoadInstalled(dir)
	if err != nil {
		t.Fatal(err)
	}
	h1, _ := r.Hash()
	if h2, _ := got.Hash(); h1 != h2 {
		t.Fatalf("installed roster hash %s, want %s", h2, h1)
	}
	bad := *r
	bad.Quorum = 0
	if err := Install(dir, &bad); err == nil {
		t.Fatal("an invalid roster was installed")
	}
	if again, _ := LoadInstalled(dir); again == nil || again.Quorum != 1 {
		t.Fatal("a refused install changed the installed roster")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != FileName {
		t.Fatalf("data dir holds %v, want only %s", entries, FileName)
	}
	if _, err := Load(filepath.Join(dir, "none.json")); err == nil {
		t.Fatal("Load of a missing file succeeded")
	}
}
