package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"truce/internal/federation/mirror"
	"truce/internal/federation/peerapi"
	"truce/internal/testwait"
)

// driftTolerance is every node's --timeliness-tolerance in the backdating
// test. A node whose clock is set back dates its entries at the time of
// its last entry until its clock catches up (its sequencer keeps entry
// times from going back), so its lie grows by a second a second: with the
// default 5m the test would wait five minutes. 20s stays well above how
// long a loaded machine takes to have a checkpoint cosigned.
const driftTolerance = "20s"

// TestBackdatingNodeIsNamed runs un's node as a test build that dates
// every entry it signs an hour before its clock (TRUCE_FAULT=backdate:1h)
// beside honest truce serve processes for us and ru. un's reporter keeps
// reporting; each honest node's mirror of un halts on drift evidence naming
// un's log (an entry dated before a witness cosigned a tree that did not
// yet hold it), raises one alert to every member, and truce verify
// --evidence proves the evidence offline, as a process, with the roster's
// keys. Neither honest node holds evidence against the other.
func TestBackdatingNodeIsNamed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three truce processes")
	}
	bin, faulty := buildTruce(t), buildFaulty(t)
	nodes := found(t, bin)
	us, ru, un := nodes[0], nodes[1], nodes[2]
	for _, n := range nodes {
		n.args = []string{"--timeliness-tolerance", driftTolerance}
	}
	us.start(t, bin)
	ru.start(t, bin)
	un.env = []string{peerapi.FaultEnv + "=backdate:1h"}
	un.start(t, faulty)
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
			code, _ := n.call("GET", "/readyz", "", nil)
			return code == http.StatusOK
		})
	}
	if !strings.Contains(un.logs.String(), "BACKDATES ITS ENTRIES ON PURPOSE") {
		t.Fatalf("un's test build does not say it backdates:\n%s", un.logs)
	}
	// un reports every two seconds until both honest nodes have named it.
	var last time.Time
	reports := 0
	testwait.For(t, 180*time.Second, "us's and ru's mirrors of un to halt on evidence", func() bool {
		if time.Since(last) >= 2*time.Second {
			last = time.Now()
			reports++
			if code, b := un.call("POST", "/api/v1/incidents", un.token, incident(fmt.Sprintf("backdated-%d", reports), "report from un", "GREEN")); code != http.StatusCreated {
				t.Fatalf("un: report: %d %s", code, b)
			}
		}
		for _, h := range []*node{us, ru} {
			if state, ev := peerState(h, "un"); state != "halted" || ev == "" {
				return false
			}
		}
		return true
	})
	for _, h := range []*node{us, ru} {
		_, id := peerState(h, "un")
		ev := fetchEvidence(t, bin, h, id)
		if ev.Kind != mirror.KindDrift || !strings.Contains(ev.Detail, "e2e.truce.test/un#") || !strings.Contains(ev.Detail, "before witness") || len(ev.Checkpoints) != 2 {
			t.Fatalf("%s kept %s evidence %q with %d checkpoints, want drift naming un's log, dated before a witness cosigned", h.party, ev.Kind, ev.Detail, len(ev.Checkpoints))
		}
		testwait.For(t, 60*time.Second, h.party+"'s alert for "+id, func() bool { return evidenceAlerts(t, h, id) == 1 })
		out := verifyEvidence(t, bin, h, id)
		if !strings.Contains(out, fmt.Sprintf("PROVEN (%s, evidence %s", mirror.KindDrift, id)) {
			t.Fatalf("truce verify --evidence: %s", out)
		}
		t.Logf("%s: %s: %s\n%s", h.party, ev.Kind, ev.Detail, strings.TrimSpace(out))
	}
	for _, pair := range [][2]*node{{us, ru}, {ru, us}} {
		if state, ev := peerState(pair[0], pair[1].party); state == "halted" || ev != "" {
			t.Fatalf("%s's mirror of the honest %s is %s (evidence %s)", pair[0].party, pair[1].party, state, ev)
		}
	}
}

// TestHonestNodesAreNotNamedForDrift runs three honest truce serve
// processes with the default --timeliness-tolerance and writes on every
// node in rounds, each round's entries in new checkpoints once the mirrors
// converged on the previous one: no mirror is ever halted, so no honest
// node is named for the times its entries bear.
func TestHonestNodesAreNotNamedForDrift(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three truce processes")
	}
	bin := buildTruce(t)
	nodes := found(t, bin)
	for _, n := range nodes {
		n.start(t, bin)
	}
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
			code, _ := n.call("GET", "/readyz", "", nil)
			return code == http.StatusOK
		})
	}
	for round := range 4 {
		writeN(t, nodes, fmt.Sprintf("round%d", round), 3)
		waitConverged(t, nodes, fmt.Sprintf("after round %d", round))
	}
	for _, n := range nodes {
		for _, p := range nodes {
			if p == n {
				continue
			}
			if state, ev := peerState(n, p.party); state == "halted" || ev != "" {
				t.Fatalf("%s's mirror of the honest %s is %s (evidence %s)", n.party, p.party, state, ev)
			}
		}
		if strings.Contains(n.logs.String(), "kind=drift") {
			t.Fatalf("%s logged drift evidence:\n%s", n.party, n.logs)
		}
	}
}
