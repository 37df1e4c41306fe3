package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/api"
	"truce/internal/config"
	"truce/internal/federation/mirror"
	"truce/internal/federation/roster"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/testwait"
)

// partyCard initialises a party node of party in a new directory and
// returns it, its keys and its roster entry.
func partyCard(t *testing.T, party, kind string) (string, *NodeKeys, roster.Member) {
	t.Helper()
	dir := t.TempDir()
	if _, err := Init(context.Background(), InitOptions{Dir: dir, Origin: "party.truce.invalid/" + party, Federated: true,
		Party:     accounts.NewParty{ID: party, Name: party, Kind: kind, CoChair: true},
		AdminUser: party + "-admin", AdminPassword: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	keys, err := LoadNodeKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	pn, err := LoadPartyNode(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, keys, roster.Member{Party: party, Origin: keys.Origin(), LogKey: keys.VerifierKey, WitnessKey: pn.Witness.VerifierKey(),
		TLSPin: pn.TLS.Pin(), URLs: []string{"https://" + party + ".truce.invalid:9443"}, CoChair: true}
}

// TestMirroredEntryProvedAgainstItsOrigin checks GET
// /api/v1/federation/entries/{seq} on un's party node: an entry of us's
// log that un's node mirrored is served to a user of its audience with an
// inclusion proof that verifies, as a browser does, against us's accepted
// checkpoint signed by us's log key from the roster; a user of the hosted
// party ngo, outside the audience, gets 404, as do an entry beyond the
// accepted checkpoint and an origin that is not a peer's; no origin is 400.
// The report's history (GET /api/v1/log/entries?subject=…) on un's node
// lists un's own entry about it and us's mirrored one labelled with us's
// origin; ngo's user sees only un's own.
func TestMirroredEntryProvedAgainstItsOrigin(t *testing.T) {
	ctx := context.Background()
	dir, _, un := partyCard(t, "un", "un")
	_, usKeys, us := partyCard(t, "us", "military")
	if err := roster.Install(dir, &roster.Roster{Federation: "test", Version: 1, Quorum: 1,
		Members: []roster.Member{un, us, {Party: "ngo", HostedBy: "un"}}}); err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, &config.Server{Data: dir, FederationAddr: "127.0.0.1:0", FederationPoll: time.Hour}, Options{Federate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	tokens := map[string]string{}
	for _, p := range []accounts.NewParty{{ID: "us", Name: "us", Kind: "military"}, {ID: "ngo", Name: "ngo", Kind: "agency"}} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, party := range []string{"un", "ngo"} {
		u, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: party + "-observer", Party: party, Role: access.RoleObserver,
			Password: "password-" + party}, true)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
		if err != nil {
			t.Fatal(err)
		}
		tokens[party] = tok.Secret
	}

	// us's log: a report released to un and us, then a GREEN one.
	peer := newPeerLog(t)
	peer.report(t, "inc_proved", access.Releasability{TLP: access.TLPAmber, Audience: []string{"un", "us"}})
	peer.report(t, "inc_green", access.Releasability{TLP: access.TLPGreen})
	c := mirror.Chunk{Origin: us.Origin, Complete: true, Time: time.Now()}
	if err := peer.db.EntryRange(ctx, 0, 1<<40, func(e *ledger.Entry, canonical []byte) error {
		c.Commitments = append(c.Commitments, ledger.Commitment(canonical))
		c.Contents = append(c.Contents, mirror.Content{Seq: e.Seq, Canonical: canonical})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	tree, err := ledger.RebuildHashStore(c.Commitments)
	if err != nil {
		t.Fatal(err)
	}
	hr, size := tree.Snapshot()
	if c.Root, err = tlog.TreeHash(size, hr); err != nil {
		t.Fatal(err)
	}
	c.Size = size
	// A C2SP checkpoint: origin, size, root; signed with us's log key.
	text := fmt.Sprintf("%s\n%d\n%s\n", us.Origin, size, base64.StdEncoding.EncodeToString(c.Root[:]))
	if c.Checkpoint, err = note.Sign(&note.Note{Text: text}, usKeys.Signer); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.Mirrors().ApplyMirrorChunk(ctx, c); err != nil {
		t.Fatal(err)
	}
	// un's own log: a comment on us's report (mirrored), GREEN.
	if _, err := a.Sequencer.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "un", Author: "un-admin", Kind: incidents.KindCommented,
		Subject: incidents.Subject("inc_proved"), Release: access.Releasability{TLP: access.TLPGreen},
		Payload: incidents.Commented{IncidentID: "inc_proved", Text: "seen"}}}); err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	get := func(party string, seq, origin string) (int, []byte) {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/federation/entries/"+seq+"?origin="+url.QueryEscape(origin), nil)
		req.Header.Set("Authorization", "Bearer "+tokens[party])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b json.RawMessage
		json.NewDecoder(resp.Body).Decode(&b)
		return resp.StatusCode, b
	}
	code, body := get("un", "0", us.Origin)
	var r api.MirroredEntryResponse
	if code != 200 || json.Unmarshal(body, &r) != nil || r.Proof == nil || r.Origin != us.Origin || r.LogKey != us.LogKey {
		t.Fatalf("un's observer: %d %s", code, body)
	}
	// What a browser checks: content → commitment → leaf in the signed tree.
	canonical, _ := base64.StdEncoding.DecodeString(r.Canonical)
	commitment := ledger.Commitment(canonical)
	v, err := note.NewVerifier(r.LogKey)
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open([]byte(r.Proof.Checkpoint), note.VerifierList(v))
	if err != nil {
		t.Fatalf("the checkpoint served is not signed by us's log key: %v", err)
	}
	if n.Text != text || r.Proof.TreeSize != size || r.Entry.Seq != 0 || r.Entry.Subject != "incident:inc_proved" {
		t.Fatalf("checkpoint %q size %d entry %+v", n.Text, r.Proof.TreeSize, r.Entry)
	}
	var proof tlog.RecordProof
	for _, h := range r.Proof.Hashes {
		b, _ := base64.StdEncoding.DecodeString(h)
		proof = append(proof, tlog.Hash(b))
	}
	if err := tlog.CheckRecord(proof, size, c.Root, 0, ledger.LeafHash(commitment)); err != nil {
		t.Fatalf("the inclusion proof does not verify: %v", err)
	}

	for _, tc := range []struct {
		party, seq, origin string
		want               int
	}{
		{"ngo", "0", us.Origin, 404},    // not in the audience
		{"ngo", "1", us.Origin, 200},    // GREEN
		{"un", "2", us.Origin, 404},     // beyond the accepted checkpoint
		{"un", "0", un.Origin, 404},     // this node's own origin is not a mirror
		{"un", "0", "nowhere/log", 404}, // not a member
		{"un", "0", "", 400},
		{"un", "x", us.Origin, 400},
	} {
		if code, body := get(tc.party, tc.seq, tc.origin); code != tc.want {
			t.Errorf("%s GET entry %s of %q: %d %s, want %d", tc.party, tc.seq, tc.origin, code, body, tc.want)
		}
	}

	// The history of inc_proved across both logs, as each party sees it.
	history := func(party string) []api.ListedEntry {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/log/entries?subject="+url.QueryEscape("incident:inc_proved"), nil)
		req.Header.Set("Authorization", "Bearer "+tokens[party])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct{ Items []api.ListedEntry }
		if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&out) != nil {
			t.Fatalf("%s: history: %d", party, resp.StatusCode)
		}
		return out.Items
	}
	label := func(items []api.ListedEntry) []string {
		var out []string
		for _, it := range items {
			if it.Origin == "" { // an own entry: its index depends on the node's setup
				out = append(out, "own "+it.Entry.Kind)
			} else {
				out = append(out, fmt.Sprintf("%s#%d %s", it.Origin, it.Seq, it.Entry.Kind))
			}
		}
		return out
	}
	waitHistory := func(party string, want []string) {
		t.Helper()
		testwait.For(t, 10*time.Second, fmt.Sprintf("%s's history %q", party, want), func() bool {
			return slices.Equal(label(history(party)), want)
		})
	}
	// us's report, then un's later comment (once un's checkpoint covers it).
	waitHistory("un", []string{us.Origin + "#0 incident.reported", "own incident.commented"})
	waitHistory("ngo", []string{"own incident.commented"})
}
