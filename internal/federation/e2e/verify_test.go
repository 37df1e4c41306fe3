package e2e

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"truce/internal/testwait"
)

// TestVerifyFederationOfThreeProcesses runs 'truce verify --federation'
// from outside against three real party nodes: with the roster the founders
// installed and each node's public URL, every member passes (the first run
// trusting on first use, the next proving each log grew), and un's node's
// mirrors (--data, read while it runs) match every peer's signed tree.
func TestVerifyFederationOfThreeProcesses(t *testing.T) {
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
	report := func(n *node, ext, tlp string, audience ...string) {
		t.Helper()
		if code, b := n.call("POST", "/api/v1/incidents", n.token, incident(ext, "report "+ext, tlp, audience...)); code != http.StatusCreated {
			t.Fatalf("%s: report %s: %d %s", n.party, ext, code, b)
		}
	}
	report(us, "us-green", "GREEN")
	report(us, "us-ngo-amber", "AMBER", "us", "ngo")
	report(ru, "ru-green", "GREEN")
	report(un, "un-clear", "CLEAR")
	waitConverged(t, nodes, "before verifying")

	roster := filepath.Join(filepath.Dir(us.data), "roster.json")
	args := []string{"verify", "--federation", roster, "--state", t.TempDir(), "--data", un.data}
	for _, n := range nodes {
		args = append(args, "--member", n.party+"="+n.url)
	}
	out := run(t, bin, nil, args...)
	t.Logf("first run:\n%s", out)
	for _, party := range []string{"us", "ru", "un"} {
		if !strings.Contains(out, "PASS "+party+": ") {
			t.Fatalf("no PASS line for %s:\n%s", party, out)
		}
	}
	if strings.Count(out, "FIRST RUN") != 3 || strings.Count(out, "--data holds its first") != 2 || !strings.Contains(out, "PASS ngo: hosted on un's node") ||
		!strings.Contains(out, "this is --data's own node") {
		t.Fatalf("first run:\n%s", out)
	}

	report(ru, "ru-green-2", "GREEN")
	waitConverged(t, nodes, "after a write on ru")
	out = run(t, bin, nil, args...)
	t.Logf("second run:\n%s", out)
	if strings.Count(out, "consistent with the checkpoint saved by the previous run") != 3 || strings.Contains(out, "FAIL") {
		t.Fatalf("second run:\n%s", out)
	}
}
