package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"truce/internal/api"
	"truce/internal/pgtest"
	"truce/internal/testwait"
)

// secret is in the narrative of the one incident us releases to us and
// ru only: no file of un's node may ever hold it.
const secret = "USRU-ONLY-7f3a9c"

// found creates three party nodes with the real CLI (init --federated,
// users, card, federation init, join), each card's URL pointing at the
// proxy in front of that node's federation listener; the roster says un's
// node hosts a fourth party, ngo. With
// TRUCE_TEST_POSTGRES set, ru's node keeps its store on PostgreSQL.
func found(t testing.TB, bin string) []*node {
	return foundOf(t, bin, []string{"us", "ru", "un"}, "ngo=un")
}

// foundOf is found with a node for each of parties (us and ru the
// co-chairs) and hosted as the roster's --hosted ("" for none).
func foundOf(t testing.TB, bin string, parties []string, hosted string) []*node {
	root := t.TempDir()
	var nodes []*node
	var cards []string
	for _, party := range parties {
		n := &node{party: party, data: filepath.Join(root, party), fedAddr: freePort(t), proxy: newProxy(t)}
		n.proxy.retarget(n.fedAddr)
		args := []string{"init", "--federated", "--data", n.data, "--origin", "e2e.truce.test/" + party,
			"--party", party, "--party-name", strings.ToUpper(party), "--admin", party + "-admin"}
		coChair := party == "us" || party == "ru"
		if coChair {
			args = append(args, "--co-chair")
		}
		run(t, bin, []string{"TRUCE_ADMIN_PASSWORD=" + password}, args...)
		run(t, bin, []string{"TRUCE_PASSWORD=" + password}, "user", "add", "--data", n.data, "--party", party, "--role", "reporter", party+"-rep")
		n.token = strings.TrimSpace(run(t, bin, nil, "token", "issue", "--data", n.data, "--user", party+"-rep"))
		n.admin = strings.TrimSpace(run(t, bin, nil, "token", "issue", "--data", n.data, "--user", party+"-admin"))
		run(t, bin, []string{"TRUCE_PASSWORD=" + password}, "user", "add", "--data", n.data, "--party", party, "--role", "liaison", party+"-liaison")
		n.liaison = strings.TrimSpace(run(t, bin, nil, "token", "issue", "--data", n.data, "--user", party+"-liaison"))
		for _, other := range []string{"us", "ru", "un", "ngo"} {
			if other != party {
				run(t, bin, nil, "party", "add", "--data", n.data, "--id", other, "--name", strings.ToUpper(other), "--kind", "other")
			}
		}
		cardArgs := []string{"federation", "card", "--data", n.data, "--url", "https://" + n.proxy.addr()}
		if coChair {
			cardArgs = append(cardArgs, "--co-chair")
		}
		card := run(t, bin, nil, cardArgs...)
		path := filepath.Join(root, party+".card.json")
		if err := os.WriteFile(path, []byte(card), 0o644); err != nil {
			t.Fatal(err)
		}
		cards = append(cards, path)
		nodes = append(nodes, n)
	}
	initArgs := []string{"federation", "init", "--name", "e2e", "--quorum", "1"}
	if hosted != "" {
		initArgs = append(initArgs, "--hosted", hosted)
	}
	rosterJSON := run(t, bin, nil, append(initArgs, cards...)...)
	rosterPath := filepath.Join(root, "roster.json")
	if err := os.WriteFile(rosterPath, []byte(rosterJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		run(t, bin, nil, "federation", "join", "--data", n.data, rosterPath)
	}
	if pgtest.DSN() != "" {
		ru := nodes[1]
		ru.dsn = pgtest.Schema(t)
		out := run(t, bin, nil, "migrate", "--from", "sqlite://"+filepath.Join(ru.data, "truce.db"), "--to", ru.dsn)
		if !strings.Contains(out, "Copied and verified") {
			t.Fatalf("migrate: %s", out)
		}
		os.Remove(filepath.Join(ru.data, "truce.db"))
		t.Logf("ru's node keeps its store on PostgreSQL")
	}
	return nodes
}

// checkpointSize returns the tree size of a checkpoint note (-1 if none).
func checkpointSize(note []byte) int64 {
	lines := strings.SplitN(string(note), "\n", 3)
	if len(lines) < 3 {
		return -1
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// converged reports whether every node's mirror of every peer holds that
// peer's latest checkpoint, and explains what is missing if not.
func converged(nodes []*node) (bool, string) {
	sizes := map[string]int64{}
	for _, n := range nodes {
		sizes[n.party] = checkpointSize(n.checkpoint())
	}
	for _, n := range nodes {
		st, ok := n.status()
		if !ok || len(st.Peers) != len(nodes)-1 {
			return false, n.party + ": no federation status"
		}
		for _, p := range st.Peers {
			if p.State != api.PeerSynced || p.AcceptedSize != sizes[p.Party] {
				return false, fmt.Sprintf("%s's mirror of %s: %s at %d, peer at %d", n.party, p.Party, p.State, p.AcceptedSize, sizes[p.Party])
			}
		}
	}
	return true, ""
}

// waitConverged waits until converged holds.
func waitConverged(t testing.TB, nodes []*node, what string) {
	t.Helper()
	var why string
	defer func() {
		if t.Failed() {
			t.Logf("not converged: %s", why)
			for _, n := range nodes {
				for _, l := range strings.Split(n.logs.String(), "\n") {
					if strings.Contains(l, "level=ERROR") || strings.Contains(l, "level=WARN") {
						t.Logf("%s: %.600s", n.party, l)
					}
				}
			}
		}
	}()
	testwait.For(t, 90*time.Second, "every mirror to converge "+what, func() bool {
		ok, w := converged(nodes)
		why = w
		return ok
	})
}

// TestFederationOfThreeProcesses founds a federation of three party nodes
// with the real CLI, runs each as truce serve behind a fault-injecting
// proxy, and checks that the mirrors converge under writes, through a
// cut, dropped responses and a kill -9; that every checkpoint carries the
// peers' cosignatures; that evidence halts a mirror, raises one alert and
// is cleared by an operator; and that what each node stores of its peers is
// exactly their commitments and the contents releasable to it (un's node
// never holds the entry us released to us and ru only).
func TestFederationOfThreeProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three truce processes")
	}
	bin := buildTruce(t)
	nodes := found(t, bin)
	us, ru, un := nodes[0], nodes[1], nodes[2]
	for _, n := range nodes {
		n.start(t, bin)
	}
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
			code, _ := n.call("GET", "/readyz", "", nil)
			return code == http.StatusOK
		})
	}

	// Writes on every node with each node's own users and releasability.
	for _, w := range []struct {
		n        *node
		ext, tlp string
		audience []string
	}{
		{us, "us-green", "GREEN", nil}, {us, "us-ru-amber", "AMBER", []string{"us", "ru"}},
		{us, "us-ngo-amber", "AMBER", []string{"us", "ngo"}}, // un's node hosts ngo: it gets this one
		{ru, "ru-green", "GREEN", nil}, {un, "un-clear", "CLEAR", nil},
	} {
		narrative := "report " + w.ext
		if w.ext == "us-ru-amber" {
			narrative = secret
		}
		if code, b := w.n.call("POST", "/api/v1/incidents", w.n.token, incident(w.ext, narrative, w.tlp, w.audience...)); code != http.StatusCreated {
			t.Fatalf("%s: report %s: %d %s", w.n.party, w.ext, code, b)
		}
	}
	waitConverged(t, nodes, "after the first writes")
	checkSeenAcross(t, us, ru, un) // view_test.go: a write on one node in another's stream and lists
	// Each node's checkpoint carries both peers' cosignatures.
	for _, n := range nodes {
		testwait.For(t, 30*time.Second, n.party+"'s checkpoint cosigned by both peers", func() bool {
			return bytes.Count(n.checkpoint(), []byte("\n— ")) == 3
		})
	}
	for _, n := range nodes {
		_, b := n.call("GET", "/readyz", "", nil)
		if !strings.Contains(string(b), "ready\npeer ") {
			t.Fatalf("%s /readyz lists no peer: %q", n.party, b)
		}
		_, m := n.call("GET", "/metrics", "", nil)
		if !strings.Contains(string(m), "truce_federation_peer_lag_entries{peer=") {
			t.Fatalf("%s /metrics has no federation gauges", n.party)
		}
	}

	// Partition: un's listener cut off while every node takes writes.
	un.proxy.setCut(true)
	acked := writeN(t, nodes, "cut", 10)
	testwait.For(t, 60*time.Second, "us to see un unreachable", func() bool {
		st, _ := us.status()
		for _, p := range st.Peers {
			if p.Party == "un" {
				return p.State == api.PeerUnreachable || p.Lag > 0
			}
		}
		return false
	})
	un.proxy.setCut(false)
	waitConverged(t, nodes, "after un rejoined")

	// Responses from us delayed and dropped mid-way while us takes writes.
	us.proxy.setFaults(2*time.Millisecond, 6000)
	addAcked(acked, writeN(t, []*node{us}, "drop", 30))
	testwait.For(t, 60*time.Second, "ru's mirror of us to fail on a dropped response", func() bool {
		st, _ := ru.status()
		for _, p := range st.Peers {
			if p.Party == "us" {
				return p.State == api.PeerUnreachable
			}
		}
		return false
	})
	us.proxy.setFaults(0, 0)
	waitConverged(t, nodes, "after the dropped responses")

	// kill -9 un right after a burst on the others, while it syncs.
	addAcked(acked, writeN(t, []*node{us, ru}, "kill", 20))
	un.stop(t, syscall.SIGKILL)
	un.start(t, bin)
	waitConverged(t, nodes, "after un was killed and restarted")

	checkEvidence(t, bin, nodes) // evidence_test.go
	checkAcked(t, nodes, acked)

	for _, n := range nodes {
		n.stop(t, syscall.SIGTERM)
	}
	checkStores(t, nodes)
	checkNoSecret(t, un)
}
