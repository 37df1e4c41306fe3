package e2e

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/api"
	"truce/internal/federation/roster"
	"truce/internal/federation/rosterchange"
	"truce/internal/ledger"
	"truce/internal/testwait"
)

// TestKeyRotationByProposal rotates ru's log key and TLS certificate in a
// running federation of three nodes: a proposal by us changing ru's key is
// refused; ru's node proposes its own rotation with the real CLI (truce
// federation rotate), us agrees and then ru, every node puts version 2 in
// force, and ru, restarted, switches to its new files. ru keeps writing and
// us's and un's mirrors of ru go on accepting its checkpoints, now signed
// with the new key: a new ru incident reaches us's node. truce verify
// --federation, run before with version 1 and after with version 2, proves
// ru's log grew across the key change.
func TestKeyRotationByProposal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three truce processes")
	}
	bin := buildTruce(t)
	nodes := found(t, bin)
	us, ru, un := nodes[0], nodes[1], nodes[2]
	root := filepath.Dir(us.data)
	for _, n := range nodes {
		n.start(t, bin)
	}
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
			code, _ := n.call("GET", "/readyz", "", nil)
			return code == http.StatusOK
		})
	}
	if code, b := ru.call("POST", "/api/v1/incidents", ru.token, incident("ru-before", "ru before its rotation", "GREEN")); code != http.StatusCreated {
		t.Fatalf("ru: report: %d %s", code, b)
	}
	waitConverged(t, nodes, "before the rotation")
	state := t.TempDir()
	verifyArgs := func(rosterPath string) []string {
		args := []string{"verify", "--federation", rosterPath, "--state", state}
		for _, n := range nodes {
			args = append(args, "--member", n.party+"="+n.url)
		}
		return args
	}
	if out := run(t, bin, nil, verifyArgs(filepath.Join(root, "roster.json"))...); strings.Count(out, "PASS") != 4 {
		t.Fatalf("verify --federation before the rotation:\n%s", out)
	}
	v1, err := roster.Load(filepath.Join(root, "roster.json"))
	if err != nil {
		t.Fatal(err)
	}
	oldRU, _ := v1.ByParty("ru")

	// us may not rotate ru's keys: refused, nothing written.
	_, forgedKey, err := note.GenerateKey(rand.Reader, oldRU.Origin)
	if err != nil {
		t.Fatal(err)
	}
	forged := *v1
	forged.Version, forged.Members = 2, slices.Clone(v1.Members)
	for i, m := range forged.Members {
		if m.Party == "ru" {
			m.RetiredLogKeys, m.LogKey = []string{m.LogKey}, forgedKey
			forged.Members[i] = m
		}
	}
	size := checkpointSize(us.checkpoint())
	code, b := us.call("POST", "/api/v1/federation/roster/proposals", us.admin, map[string]any{"roster": forged})
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(b), `changes the keys of \"ru\"`) || !strings.Contains(string(b), `"type"`) {
		t.Fatalf("us proposes ru's new key: %d %s, want a 422 problem", code, b)
	}
	if now := checkpointSize(us.checkpoint()); now != size {
		t.Fatalf("the refused proposal grew us's log from %d to %d", size, now)
	}

	// ru rotates its own log key and TLS certificate.
	out := run(t, bin, nil, "federation", "rotate", "--data", ru.data, "--node", ru.url, "--token", ru.admin, "--log-key", "--tls", "--note", "yearly rotation")
	id := regexp.MustCompile(`(?m)^id (\S+)$`).FindStringSubmatch(out)
	if id == nil {
		t.Fatalf("rotate printed no id: %s", out)
	}
	agree(t, bin, us, us.admin, id[1])
	// ru, whose certificate changes, agrees last, once it holds us's
	// agreement: its own agreement then puts the change in force on it
	// first, and the others still reach it with its old certificate.
	testwait.For(t, 60*time.Second, "ru to hold us's agreement", func() bool {
		var v api.RosterView
		code, b := ru.call("GET", "/api/v1/federation/roster", ru.admin, nil)
		if code != http.StatusOK || json.Unmarshal(b, &v) != nil {
			return false
		}
		return slices.ContainsFunc(v.Pending, func(p rosterchange.Proposal) bool {
			return p.ID.String() == id[1] && slices.ContainsFunc(p.AgreedBy, func(a rosterchange.Agreement) bool { return a.Party == "us" })
		})
	})
	agree(t, bin, ru, ru.admin, id[1])
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" to put version 2 in force", func() bool {
			st, ok := n.status()
			return ok && st.Version == 2
		})
	}
	testwait.For(t, 30*time.Second, "ru to say it must restart", func() bool {
		return strings.Contains(ru.logs.String(), "this node's keys rotated: restart it")
	})
	v2, err := roster.LoadInstalled(ru.data)
	if err != nil {
		t.Fatal(err)
	}
	newRU, _ := v2.ByParty("ru")
	if newRU.LogKey == oldRU.LogKey || newRU.TLSPin == oldRU.TLSPin || !slices.Equal(newRU.RetiredLogKeys, []string{oldRU.LogKey}) {
		t.Fatalf("ru's entry in version 2: %+v", newRU)
	}

	// ru restarts: it switches to its new files and keeps writing.
	ru.stop(t, syscall.SIGTERM)
	ru.start(t, bin)
	if logs := ru.logs.String(); !strings.Contains(logs, "key rotation in force") {
		t.Fatalf("ru's restart did not say it switched keys:\n%s", logs)
	}
	if code, b := ru.call("POST", "/api/v1/incidents", ru.token, incident("ru-after", "ru after its rotation", "GREEN")); code != http.StatusCreated {
		t.Fatalf("ru: report after the rotation: %d %s", code, b)
	}
	for _, n := range []*node{us, un} {
		testwait.For(t, 90*time.Second, n.party+" to show ru's report made after the rotation", func() bool {
			_, list := n.call("GET", "/api/v1/incidents?limit=1000", n.token, nil)
			return strings.Contains(string(list), `"external_id":"ru-after"`) && strings.Contains(string(list), `"external_id":"ru-before"`)
		})
	}
	waitConverged(t, nodes, "after the rotation")
	newKey, err := note.NewVerifier(newRU.LogKey)
	if err != nil {
		t.Fatal(err)
	}
	oldKey, _ := note.NewVerifier(oldRU.LogKey)
	cp := ru.checkpoint()
	if _, _, err := ledger.OpenCheckpoint(cp, newKey); err != nil {
		t.Fatalf("ru's checkpoint after the rotation: %v", err)
	}
	if _, _, err := ledger.OpenCheckpoint(cp, oldKey); err == nil {
		t.Fatal("ru's checkpoint after the rotation verifies with its retired key")
	}
	for _, st := range []*node{us, un} {
		s, _ := st.status()
		for _, p := range s.Peers {
			if p.Halted {
				t.Errorf("%s's mirror of %s halted: %+v", st.party, p.Party, p)
			}
		}
	}

	// An outsider with version 2 verifies ru's log grew from the
	// checkpoint it saved under the old key.
	v2Path := writeRoster(t, root, "roster-v2.json", v2)
	out = run(t, bin, nil, verifyArgs(v2Path)...)
	if strings.Count(out, "consistent with the checkpoint saved by the previous run") != 3 || strings.Contains(out, "FAIL") {
		t.Fatalf("verify --federation after the rotation:\n%s", out)
	}
	if show := run(t, bin, nil, "federation", "show", "--data", ru.data); !strings.Contains(show, "version 2") {
		t.Fatalf("federation show after the rotation:\n%s", show)
	}
	for _, n := range nodes {
		n.stop(t, syscall.SIGTERM)
	}
	// ru's own store: its checkpoints signed before the rotation verify
	// with the retired key it kept.
	if out := run(t, bin, nil, "verify", "--deep", "--data", ru.data); !strings.Contains(out, "OK") {
		t.Fatalf("verify --deep on ru after the rotation:\n%s", out)
	}
}
