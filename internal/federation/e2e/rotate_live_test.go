package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/federation/roster"
	"truce/internal/testwait"
	"truce/internal/witness"
)

// TestWitnessAndTLSRotationWithoutRestart rotates un's witness key and TLS
// certificate in a running federation of three nodes; un is not a
// co-chair, so it learns that the change is in force from us and ru,
// which hold its replaced TLS pin in grace meanwhile. With no restart un
// switches to its new files (the old ones kept as .retired-v2), its
// witness cosigns us's and ru's checkpoints with the new key, so their
// quorum holds under version 2, and its mirrors and its peers' mirrors of
// it go on across the change: a report made on un after it reaches us and
// ru. truce verify --federation passes before (version 1) and after
// (version 2), ru's log consistent with the checkpoint saved before.
func TestWitnessAndTLSRotationWithoutRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three truce processes")
	}
	bin := buildTruce(t)
	nodes := found(t, bin)
	us, ru, un := nodes[0], nodes[1], nodes[2]
	root := filepath.Dir(us.data)
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		for _, n := range nodes {
			for _, l := range strings.Split(n.logs.String(), "\n") {
				if strings.Contains(l, "level=ERROR") || strings.Contains(l, "level=WARN") || strings.Contains(l, "rotat") {
					t.Logf("%s: %.500s", n.party, l)
				}
			}
		}
	})
	for _, n := range nodes {
		n.start(t, bin)
	}
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
			code, _ := n.call("GET", "/readyz", "", nil)
			return code == http.StatusOK
		})
	}
	if code, b := un.call("POST", "/api/v1/incidents", un.token, incident("un-before", "un before its rotation", "GREEN")); code != http.StatusCreated {
		t.Fatalf("un: report: %d %s", code, b)
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
	oldUN, _ := v1.ByParty("un")
	pid := un.cmd.Process.Pid

	// un, not a co-chair, rotates its witness key and TLS certificate; the
	// co-chairs agree.
	out := run(t, bin, nil, "federation", "rotate", "--data", un.data, "--node", un.url, "--token", un.admin, "--witness-key", "--tls", "--note", "witness key rotation")
	id := regexp.MustCompile(`(?m)^id (\S+)$`).FindStringSubmatch(out)
	if id == nil {
		t.Fatalf("rotate printed no id: %s", out)
	}
	agree(t, bin, us, us.admin, id[1])
	agree(t, bin, ru, ru.admin, id[1])
	for _, n := range nodes {
		testwait.For(t, 90*time.Second, n.party+" to put version 2 in force", func() bool {
			st, ok := n.status()
			return ok && st.Version == 2
		})
	}
	testwait.For(t, 30*time.Second, "un to switch its keys without a restart", func() bool {
		return strings.Contains(un.logs.String(), "key rotation switched without a restart")
	})
	if un.cmd.Process.Pid != pid || strings.Contains(un.logs.String(), "restart it") {
		t.Fatalf("un restarted or asks for a restart:\n%s", un.logs)
	}
	v2, err := roster.LoadInstalled(un.data)
	if err != nil {
		t.Fatal(err)
	}
	newUN, _ := v2.ByParty("un")
	if newUN.WitnessKey == oldUN.WitnessKey || newUN.TLSPin == oldUN.TLSPin || newUN.LogKey != oldUN.LogKey {
		t.Fatalf("un's entry in version 2: %+v", newUN)
	}
	for _, name := range []string{"witness.key.retired-v2", "peer-tls.key.retired-v2", "peer-tls.crt.retired-v2"} {
		if _, err := os.Stat(filepath.Join(un.data, name)); err != nil {
			t.Errorf("un's old %s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(un.data, "rotation-pending")); !os.IsNotExist(err) {
		t.Errorf("un's rotation still pending: %v", err)
	}

	// Every node writes on: un's report reaches both peers over its new
	// certificate, and us's and ru's new checkpoints carry a cosignature of
	// un's new witness key.
	for _, n := range nodes {
		ext := n.party + "-after"
		if code, b := n.call("POST", "/api/v1/incidents", n.token, incident(ext, n.party+" after un's rotation", "GREEN")); code != http.StatusCreated {
			t.Fatalf("%s: report after the rotation: %d %s", n.party, code, b)
		}
	}
	for _, n := range []*node{us, ru} {
		testwait.For(t, 90*time.Second, n.party+" to show un's report made after the rotation", func() bool {
			_, list := n.call("GET", "/api/v1/incidents?limit=1000", n.token, nil)
			return strings.Contains(string(list), `"external_id":"un-after"`) && strings.Contains(string(list), `"external_id":"un-before"`)
		})
	}
	newWitness, err := witness.ParseCosignatureVerifier(newUN.WitnessKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []*node{us, ru} {
		testwait.For(t, 60*time.Second, n.party+"'s checkpoint cosigned by un's new witness key", func() bool {
			nt, err := note.Open(n.checkpoint(), note.VerifierList(newWitness))
			return err == nil && len(nt.Sigs) == 1
		})
	}
	waitConverged(t, nodes, "after the rotation")
	for _, n := range nodes {
		s, _ := n.status()
		for _, p := range s.Peers {
			if p.Halted {
				t.Errorf("%s's mirror of %s halted: %+v", n.party, p.Party, p)
			}
		}
	}

	// An outsider with version 2 verifies every log, the quorum of each
	// checkpoint counted with un's new witness key.
	v2Path := writeRoster(t, root, "roster-v2.json", v2)
	out = run(t, bin, nil, verifyArgs(v2Path)...)
	if strings.Count(out, "PASS") != 4 || strings.Contains(out, "FAIL") || strings.Count(out, "consistent with the checkpoint saved by the previous run") != 3 {
		t.Fatalf("verify --federation after the rotation:\n%s", out)
	}
	for _, n := range nodes {
		n.stop(t, syscall.SIGTERM)
	}
}
