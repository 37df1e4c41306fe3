package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/app"
	"truce/internal/federation/mirror"
	"truce/internal/federation/roster"
	"truce/internal/testwait"
)

// evidenceID is the id of the evidence planted in ru's store.
const evidenceID = "ev_e2e0e2e0e2e0e2e0"

// withoutCosignatures returns a checkpoint note with its first signature
// (the log's) only.
func withoutCosignatures(t *testing.T, n []byte) []byte {
	t.Helper()
	body, sigs, ok := bytes.Cut(n, []byte("\n\n"))
	first, _, _ := bytes.Cut(sigs, []byte("\n"))
	if !ok || len(first) == 0 {
		t.Fatalf("not a signed note: %q", n)
	}
	return append(append(append(body, "\n\n"...), first...), '\n')
}

// peerState returns n's mirror of peer as GET /api/v1/federation shows it.
func peerState(n *node, peer string) (state, evidence string) {
	st, _ := n.status()
	for _, p := range st.Peers {
		if p.Party == peer {
			return p.State, p.Evidence
		}
	}
	return "", ""
}

// evidenceAlerts returns how many of the alerts n's reporter sees were
// raised for evidence id.
func evidenceAlerts(t *testing.T, n *node, id string) int {
	t.Helper()
	code, b := n.call("GET", "/api/v1/alerts?limit=1000", n.token, nil)
	var page struct {
		Items []alerts.Alert `json:"items"`
	}
	if code != 200 || json.Unmarshal(b, &page) != nil {
		t.Fatalf("%s: GET /api/v1/alerts: %d %s", n.party, code, b)
	}
	count := 0
	for _, a := range page.Items {
		if a.Key == app.EvidenceAlertKey(id) {
			count++
			if !strings.Contains(a.Description, id) || !strings.Contains(a.Description, "truce verify --evidence") {
				t.Errorf("the alert does not say how to fetch and verify the evidence: %q", a.Description)
			}
			if len(a.Concerned) != 4 {
				t.Errorf("the alert concerns %v, want every member (ngo, hosted, too)", a.Concerned)
			}
		}
	}
	return count
}

// checkEvidence plants real evidence against us in ru's store (us's
// latest checkpoint without its cosignatures: a signed checkpoint short
// of the quorum, which verifies offline) and checks the whole path: ru's
// mirror of us halts, GET /api/v1/federation names the evidence, one
// alert is raised to every member and not again after a restart, truce
// federation evidence prints it and truce verify --evidence accepts it,
// and after truce federation clear the mirror catches up again.
func checkEvidence(t *testing.T, bin string, nodes []*node) {
	us, ru := nodes[0], nodes[1]
	stripped := withoutCosignatures(t, us.checkpoint())
	ru.stop(t, syscall.SIGTERM)
	db := openStore(t, ru)
	err := db.Mirrors().SaveEvidence(context.Background(), &mirror.Evidence{ID: evidenceID, Origin: "e2e.truce.test/us",
		Party: "us", Receiver: "ru", Kind: mirror.KindNoQuorum, Time: time.Now().UTC(),
		Detail: "planted by the test", Checkpoints: [][]byte{stripped}})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	ru.start(t, bin)
	testwait.For(t, 60*time.Second, "ru's mirror of us to be halted by the evidence", func() bool {
		state, ev := peerState(ru, "us")
		return state == "halted" && ev == evidenceID
	})
	testwait.For(t, 60*time.Second, "the evidence alert on ru", func() bool { return evidenceAlerts(t, ru, evidenceID) == 1 })

	// After a restart the watcher finds the alert raised already.
	ru.stop(t, syscall.SIGTERM)
	ru.start(t, bin)
	testwait.For(t, 60*time.Second, "ru's watcher to see the evidence again", func() bool {
		return strings.Contains(ru.logs.String(), `msg="federation evidence alert" federation=e2e evidence=`+evidenceID+" new=false")
	})
	if n := evidenceAlerts(t, ru, evidenceID); n != 1 {
		t.Fatalf("%d alerts for the evidence after a restart, want 1", n)
	}

	// Fetch it and check it offline with the keys of the roster.
	dbArgs := func(args ...string) []string {
		if ru.dsn != "" {
			args = append(args, "--db", ru.dsn)
		}
		return args
	}
	file := filepath.Join(t.TempDir(), "ev.json")
	if err := os.WriteFile(file, []byte(run(t, bin, nil, dbArgs("federation", "evidence", "--data", ru.data, "--id", evidenceID)...)), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := roster.LoadInstalled(ru.data)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := r.ByParty("us")
	args := []string{"verify", "--evidence", file, "--log-key", m.LogKey, "--quorum", "1"}
	for _, o := range r.Members {
		if o.Party != "us" && o.WitnessKey != "" { // a hosted member has no witness
			args = append(args, "--witness-key", o.WitnessKey)
		}
	}
	t.Logf("truce verify --evidence: %s", strings.TrimSpace(run(t, bin, nil, args...)))

	// Cleared by an operator, node stopped: mirroring resumes.
	ru.stop(t, syscall.SIGTERM)
	out := run(t, bin, nil, dbArgs("federation", "clear", "--data", ru.data, "--peer", "us", "--evidence", evidenceID)...)
	if !strings.Contains(out, "Cleared evidence "+evidenceID) {
		t.Fatalf("federation clear: %s", out)
	}
	ru.start(t, bin)
	writeN(t, []*node{us}, "cleared", 3)
	waitConverged(t, nodes, "after the evidence was cleared")
}
