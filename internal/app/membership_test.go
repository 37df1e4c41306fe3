package app

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/membership"
	"truce/internal/store"
	"truce/internal/verify"
)

// propose sends a membership proposal as user and returns it; want is the
// expected status.
func (n *testNode) propose(user string, spec map[string]any, want int) membership.Proposal {
	n.t.Helper()
	code, body, _ := n.do("POST", "/api/v1/membership/proposals", user, spec)
	if code != want {
		n.t.Fatalf("%s proposes %v: %d, want %d: %s", user, spec, code, want, body)
	}
	if code != 201 {
		return membership.Proposal{}
	}
	return decodeAs[membership.Proposal](n.t, body)
}

// agree sends user's agreement to proposal id; want is the expected status.
func (n *testNode) agree(user, id string, want int) membership.Proposal {
	n.t.Helper()
	code, body, _ := n.do("POST", "/api/v1/membership/proposals/"+id+"/agreements", user, nil)
	if code != want {
		n.t.Fatalf("%s agrees to %s: %d, want %d: %s", user, id, code, want, body)
	}
	if code != 201 {
		return membership.Proposal{}
	}
	return decodeAs[membership.Proposal](n.t, body)
}

// party returns party id as GET /api/v1/parties lists it, or nil.
func (n *testNode) party(id string) *accounts.Party {
	n.t.Helper()
	_, body, _ := n.do("GET", "/api/v1/parties", "", nil)
	ps := decodeAs[struct{ Items []accounts.Party }](n.t, body).Items
	for i := range ps {
		if ps[i].ID == id {
			return &ps[i]
		}
	}
	return nil
}

// TestPartyIsAdmittedOnlyByEveryCoChair is the outside review's case: an
// admin of a party that is not a co-chair could create a co-chair party
// (201), after which every zone agreement stalled. Now only a co-chair's
// liaison or admin may propose, and the party exists once every co-chair's
// liaison agreed.
func TestPartyIsAdmittedOnlyByEveryCoChair(t *testing.T) {
	n := newTestNode(t)
	newParty := map[string]any{"id": "agency", "name": "An agency", "kind": "agency", "co_chair": true}
	size := n.app.Hashes.Size()
	for _, user := range []string{"un-admin", "un-liaison", "us-observer"} {
		if code, body, _ := n.do("POST", "/api/v1/parties", user, newParty); code != 403 {
			t.Fatalf("%s creates a co-chair party: %d %s", user, code, body)
		}
	}
	if n.app.Hashes.Size() != size {
		t.Fatalf("refused proposals wrote %d entries", n.app.Hashes.Size()-size)
	}
	code, body, hdr := n.do("POST", "/api/v1/parties", "us-admin", newParty)
	if code != 201 {
		t.Fatalf("us-admin proposes: %d %s", code, body)
	}
	p := decodeAs[membership.Proposal](t, body)
	if p.Status != membership.StatusPending || !slices.Equal(p.Required, []string{"ru", "us"}) || len(p.AgreedBy) != 0 ||
		hdr.Get("Location") != "/api/v1/membership/proposals/"+p.ID {
		t.Fatalf("proposal %+v, Location %q", p, hdr.Get("Location"))
	}
	if n.party("agency") != nil {
		t.Fatal("the party exists before any co-chair agreed")
	}
	n.agree("us-admin", p.ID, 403)   // admins propose; liaisons agree
	n.agree("un-liaison", p.ID, 403) // not a co-chair
	n.agree("us-liaison", p.ID, 201) // one of two
	n.agree("us-liaison", p.ID, 409) // twice
	n.propose("ru-liaison", map[string]any{"kind": "retire_party", "party": "agency"}, 422)
	n.propose("ru-liaison", map[string]any{"kind": "add_party", "new_party": newParty}, 409) // pending already
	if n.party("agency") != nil {
		t.Fatal("the party exists before every co-chair agreed")
	}
	if got := n.agree("ru-liaison", p.ID, 201); got.Status != membership.StatusInForce || !slices.Equal(got.AgreedBy, []string{"ru", "us"}) {
		t.Fatalf("after the last agreement: %+v", got)
	}
	if ag := n.party("agency"); ag == nil || !ag.CoChair {
		t.Fatalf("admitted party = %+v", ag)
	}
	n.agree("ru-liaison", p.ID, 409)
	// Nobody's admin may create the new party's users (before, an admin of
	// any party could create the first user of a party that had none).
	for _, admin := range []string{"us-admin", "un-admin"} {
		if code, body, _ := n.do("POST", "/api/v1/users", admin, map[string]any{"username": "agency-admin-" + admin, "party": "agency",
			"role": "admin", "password": "a long password"}); code != 403 {
			t.Fatalf("%s creates the first user of agency: %d %s", admin, code, body)
		}
	}
	// The change is logged citing the proposal.
	var cited []string
	err := n.app.DB.EntriesOfKind(context.Background(), accounts.KindPartyCreated, 0, func(e *ledger.Entry) error {
		if e.Subject == "party:agency" {
			cited = append(cited, decodeAs[accounts.PartyCreated](t, e.Payload).Proposal)
		}
		return nil
	})
	if err != nil || !slices.Equal(cited, []string{p.ID}) {
		t.Fatalf("party.created of agency cites %v (%v), want [%s]", cited, err, p.ID)
	}
	code, body, _ = n.do("GET", "/api/v1/membership/proposals?status=in_force", "un-observer", nil)
	if code != 200 || len(decodeAs[struct{ Items []membership.Proposal }](t, body).Items) != 1 {
		t.Fatalf("list: %d %s", code, body)
	}
	if code, _, _ := n.do("GET", "/api/v1/membership/proposals/"+p.ID, "", nil); code != 401 {
		t.Fatalf("the public reads a proposal: %d", code)
	}
}

// TestMembershipChangesReachPrincipalsAndRetiredPartiesOnlyRead: a party
// made a co-chair is one at once for its users (cached credentials follow
// party entries); a retired party's users may read but not write.
func TestMembershipChangesReachPrincipalsAndRetiredPartiesOnlyRead(t *testing.T) {
	n := newTestNode(t)
	me := func(user string) map[string]any {
		_, body, _ := n.do("GET", "/api/v1/me", user, nil)
		return decodeAs[struct{ Principal map[string]any }](t, body).Principal
	}
	if me("un-liaison")["co_chair"] == true {
		t.Fatal("un is a co-chair already")
	}
	p := n.propose("us-liaison", map[string]any{"kind": "set_co_chair", "party": "un"}, 201)
	n.agree("ru-liaison", p.ID, 201)
	if me("un-liaison")["co_chair"] != true {
		t.Fatal("un-liaison's principal did not follow the co-chair change")
	}
	n.propose("us-liaison", map[string]any{"kind": "unset_co_chair", "party": "ghost"}, 422)
	p = n.propose("us-liaison", map[string]any{"kind": "retire_party", "party": "un"}, 201)
	if !slices.Equal(p.Required, []string{"ru", "un", "us"}) {
		t.Fatalf("required = %v", p.Required)
	}
	n.agree("ru-liaison", p.ID, 201)
	n.agree("un-liaison", p.ID, 201)
	if un := n.party("un"); un == nil || un.Retired == "" || un.CoChair {
		t.Fatalf("retired party = %+v", un)
	}
	for _, w := range []struct{ method, path string }{
		{"POST", "/api/v1/tokens"},
		{"POST", "/api/v1/users"},
		{"POST", "/api/v1/messages"},
		{"POST", "/api/v1/incidents"},
		{"POST", "/api/v1/log/checkpoint"},
	} {
		if code, body, _ := n.do(w.method, w.path, "un-admin", map[string]any{}); code != 403 {
			t.Errorf("a retired party's admin: %s %s = %d %s", w.method, w.path, code, body)
		}
	}
	if code, _, _ := n.do("GET", "/api/v1/me", "un-observer", nil); code != 200 {
		t.Errorf("a retired party's observer cannot read: %d", code)
	}
}

// TestDeepVerifyChecksMembership: truce verify --deep rebuilds the parties
// and proposals from the log, so a co-chair flag or a proposal's status
// changed behind the log's back is reported, and a clean store passes.
func TestDeepVerifyChecksMembership(t *testing.T) {
	for _, tc := range []struct{ name, sql, report string }{
		{"clean", "", ""},
		{"co-chair flag", `UPDATE parties SET co_chair = 0 WHERE id = 'un'`, "table parties has a row the log does not give"},
		{"proposal status", `UPDATE membership_proposals SET status = 'in_force'`, "table membership_proposals has a row the log does not give"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := newTestNode(t)
			p := n.propose("us-liaison", map[string]any{"kind": "set_co_chair", "party": "un"}, 201)
			n.agree("ru-liaison", p.ID, 201)
			n.propose("us-liaison", map[string]any{"kind": "add_party", "new_party": map[string]any{"id": "agency", "name": "Agency", "kind": "agency"}}, 201)
			n.propose("us-liaison", map[string]any{"kind": "unset_co_chair", "party": "un"}, 201)
			n.srv.Close()
			n.app.Close()
			n.app = nil
			path := filepath.Join(n.dir, DBFile)
			if tc.sql != "" {
				raw, err := sql.Open("sqlite", path)
				if err != nil {
					t.Fatal(err)
				}
				res, err := raw.Exec(tc.sql)
				if k, _ := res.RowsAffected(); err != nil || k == 0 {
					t.Fatalf("%s: %v (%d rows)", tc.sql, err, k)
				}
				raw.Close()
			}
			ctx := context.Background()
			db, err := store.OpenSQLite(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			keys, err := LoadNodeKeys(n.dir)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := verify.Deep(ctx, db, keys.Verifier, t.TempDir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, p := range rep.Problems {
				all = append(all, p.String())
			}
			if got := strings.Join(all, "\n"); (tc.report == "" && !rep.OK()) || !strings.Contains(got, tc.report) {
				t.Fatalf("problems %q, want %q", got, tc.report)
			}
		})
	}
}

// TestProposerWithdrawsAPendingProposal: a proposal that a co-chair will
// not agree to does not block its party for ever: the proposing party
// withdraws it, and no one else may.
func TestProposerWithdrawsAPendingProposal(t *testing.T) {
	n := newTestNode(t)
	p := n.propose("us-admin", map[string]any{"kind": "set_co_chair", "party": "un"}, 201)
	n.propose("us-liaison", map[string]any{"kind": "retire_party", "party": "un"}, 409) // un has a pending proposal
	withdraw := func(user string, want int) {
		t.Helper()
		if code, body, _ := n.do("POST", "/api/v1/membership/proposals/"+p.ID+"/withdrawal", user, nil); code != want {
			t.Fatalf("%s withdraws: %d, want %d: %s", user, code, want, body)
		}
	}
	withdraw("ru-liaison", 403) // not the proposer
	withdraw("us-observer", 403)
	withdraw("us-liaison", 200)
	withdraw("us-liaison", 409)
	n.agree("ru-liaison", p.ID, 409)
	if un := n.party("un"); un == nil || un.CoChair {
		t.Fatalf("a withdrawn proposal took effect: %+v", un)
	}
	n.propose("us-liaison", map[string]any{"kind": "retire_party", "party": "un"}, 201)
}
