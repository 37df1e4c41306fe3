package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
)

// addAgency adds agency party id with a liaison, "<id>-liaison".
func (n *testNode) addAgency(id string) {
	n.t.Helper()
	ctx := context.Background()
	if _, err := n.app.Accounts.CreateParty(ctx, access.Public, accounts.NewParty{ID: id, Name: "Agency " + id, Kind: "agency"}, true); err != nil {
		n.t.Fatal(err)
	}
	name := id + "-liaison"
	u, err := n.app.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: name, Party: id, Role: access.RoleLiaison, Password: "password-" + name}, true)
	if err != nil {
		n.t.Fatal(err)
	}
	tok, err := n.app.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
	if err != nil {
		n.t.Fatal(err)
	}
	n.tokens[name] = tok.Secret
}

// TestDuplicateFlagDisclosesNoSite checks that the duplicate check never
// discloses a site beyond its audience: another agency checking or
// notifying a site next to one it may not see is not told of it, and a
// flag recorded for parties who may not see the other site names neither
// it nor its distance.
func TestDuplicateFlagDisclosesNoSite(t *testing.T) {
	n := newTestNode(t)
	n.addAgency("ngo")
	site := func(lon, lat float64, parties []string, audience []string) map[string]any {
		s := map[string]any{"kind": "hospital", "names": map[string]string{"en": "M10 hospital"},
			"location": map[string]any{"type": "Point", "coordinates": []float64{lon, lat}}, "buffer_m": 300, "parties": parties}
		if audience != nil {
			s["releasability"] = map[string]any{"tlp": "AMBER", "audience": audience}
		}
		return s
	}
	code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site(37.1652, 36.2021, []string{"ru"}, nil))
	if code != 201 {
		t.Fatalf("un's site: %d %s", code, body)
	}
	var first struct{ ID string }
	json.Unmarshal(body, &first)

	// ngo may not see un's site: its check and its notification 40 m away
	// say nothing of it.
	near := site(37.1656, 36.2022, []string{"us"}, nil)
	code, body, _ = n.do("POST", "/api/v1/sites/check", "ngo-liaison", near)
	if code != 200 || strings.Contains(string(body), "duplicate") || strings.Contains(string(body), first.ID) {
		t.Fatalf("ngo's check: %d %s, want no flag", code, body)
	}
	if code, body, _ = n.do("POST", "/api/v1/sites", "ngo-liaison", near); code != 201 {
		t.Fatalf("ngo's site: %d %s, want it notified unflagged", code, body)
	}

	// un's own second site next to the first, released to ngo as well:
	// un sees the duplicate named; the record ngo reads does not name it.
	second := site(37.1655, 36.2020, []string{"ru"}, []string{"ngo"})
	code, body, _ = n.do("POST", "/api/v1/sites/check", "un-liaison", second)
	if code != 200 || !strings.Contains(string(body), first.ID) {
		t.Fatalf("un's check: %d %s, want the duplicate of %s named", code, body, first.ID)
	}
	second["confirm_flags"] = []string{"duplicate"}
	code, body, _ = n.do("POST", "/api/v1/sites", "un-liaison", second)
	if code != 201 {
		t.Fatalf("un's second site: %d %s", code, body)
	}
	var made struct{ ID string }
	json.Unmarshal(body, &made)
	for _, user := range []string{"ngo-liaison", "ru-liaison"} {
		code, body, _ = n.do("GET", "/api/v1/sites/"+made.ID, user, nil)
		if code != 200 || !strings.Contains(string(body), `"code":"duplicate"`) || strings.Contains(string(body), first.ID) {
			t.Fatalf("%s reads the second site: %d %s, want the flag without the other site", user, code, body)
		}
	}
}
