package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/federation/roster"
	"truce/internal/proofbundle"
)

// checkBundleAcrossLogs exports incident id's proof bundle from n's node
// with truce proof --incident (a process) and checks it with truce proof
// --bundle, no node, every origin's log key and every member's witness key
// pinned from the roster n installed: the positions stated in us's and
// ru's logs travel with their own logs' cosigned checkpoints, and the
// finding follows from them. A party outside an AMBER incident's audience
// gets 404 for its bundle (secret: such an incident's id, reported on us's
// node and mirrored by un's).
func checkBundleAcrossLogs(t *testing.T, bin string, n *node, token, id, secret string) {
	t.Helper()
	out := run(t, bin, nil, "proof", "--incident", id, "--node", n.url, "--token", token)
	b, err := proofbundle.Parse([]byte(out))
	if err != nil {
		t.Fatalf("%s: truce proof --incident: %v", n.party, err)
	}
	origins := map[string]int{}
	for _, s := range b.Statements {
		origins[s.Origin]++
	}
	for _, p := range []string{"us", "ru"} {
		if origins["e2e.truce.test/"+p] == 0 {
			t.Fatalf("%s's bundle holds no statement of %s's log: %v", n.party, p, origins)
		}
	}
	path := filepath.Join(t.TempDir(), "inc.proof.json")
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := roster.LoadInstalled(n.data)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"proof", "--bundle", path, "--quorum", fmt.Sprint(r.Quorum)}
	for _, m := range r.Members {
		if m.LogKey != "" {
			args = append(args, "--log-key", m.LogKey)
		}
		if m.WitnessKey != "" {
			args = append(args, "--witness-key", m.WitnessKey)
		}
	}
	got := run(t, bin, nil, args...)
	if !strings.Contains(got, "VERIFIED: incident:"+id) || !strings.Contains(got, `"party":"ru"`) || !strings.Contains(got, `"party":"us"`) {
		t.Fatalf("%s: truce proof --bundle:\n%s", n.party, got)
	}
	t.Logf("%s's bundle, checked with no node:\n%s", n.party, got)

	code, body := n.call("GET", "/api/v1/incidents/"+secret+"/proof", token, nil)
	if code != http.StatusNotFound || strings.Contains(string(body), `"statements"`) {
		t.Fatalf("%s: the bundle of an incident its party may not see: %d %.200s", n.party, code, body)
	}
	var p struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(body, &p) != nil || p.Type == "" {
		t.Fatalf("%s: not a problem: %.200s", n.party, body)
	}
}
