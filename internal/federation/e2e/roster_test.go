package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"truce/internal/api"
	"truce/internal/app"
	"truce/internal/federation/peertls"
	"truce/internal/federation/roster"
	"truce/internal/federation/rosterchange"
	"truce/internal/testwait"
)

// TestRosterChangeByProposal adds a fourth party node (fr) to a running
// federation of three by proposal, without restarting anyone: un (not a
// co-chair) proposes the roster of version 2 with the real CLI, each
// co-chair (us, ru) agrees on its own node once it has mirrored the
// proposal, and every node then mirrors fr and fr mirrors every node. fr's
// card lists a URL where nothing listens first, so every peer must fall
// back on its second. Then us proposes version 3 without fr; once it is in
// force, us's listener refuses fr's TLS client certificate, which it
// accepted before, and no node mirrors fr any more.
func TestRosterChangeByProposal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs four truce processes")
	}
	bin := buildTruce(t)
	nodes := found(t, bin)
	us, ru, un := nodes[0], nodes[1], nodes[2]
	root := filepath.Dir(us.data)
	admin := map[string]string{}
	for _, n := range nodes {
		admin[n.party] = n.admin
	}

	// fr's node, and the roster of version 2 that adds it.
	fr := &node{party: "fr", data: filepath.Join(root, "fr"), fedAddr: freePort(t), proxy: newProxy(t)}
	fr.proxy.retarget(fr.fedAddr)
	run(t, bin, []string{"TRUCE_ADMIN_PASSWORD=" + password}, "init", "--federated", "--data", fr.data,
		"--origin", "e2e.truce.test/fr", "--party", "fr", "--party-name", "FR", "--admin", "fr-admin")
	run(t, bin, []string{"TRUCE_PASSWORD=" + password}, "user", "add", "--data", fr.data, "--party", "fr", "--role", "reporter", "fr-rep")
	fr.token = strings.TrimSpace(run(t, bin, nil, "token", "issue", "--data", fr.data, "--user", "fr-rep"))
	for _, other := range []string{"us", "ru", "un", "ngo"} {
		run(t, bin, nil, "party", "add", "--data", fr.data, "--id", other, "--name", strings.ToUpper(other), "--kind", "other")
	}
	dead := "https://" + freePort(t) // nothing listens here: peers fall back on the proxy's URL
	var card roster.Member
	if err := json.Unmarshal([]byte(run(t, bin, nil, "federation", "card", "--data", fr.data, "--url", dead, "--url", "https://"+fr.proxy.addr())), &card); err != nil {
		t.Fatal(err)
	}
	v1, err := roster.Load(filepath.Join(root, "roster.json"))
	if err != nil {
		t.Fatal(err)
	}
	v2 := *v1
	v2.Version, v2.Members = 2, append(slices.Clone(v1.Members), card)
	v2Path := writeRoster(t, root, "roster-v2.json", &v2)
	run(t, bin, nil, "federation", "join", "--data", fr.data, v2Path) // fr starts from the roster that admits it

	for _, n := range nodes {
		n.start(t, bin)
	}
	fr.start(t, bin)
	all := []*node{us, ru, un, fr}
	for _, n := range all {
		testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
			code, _ := n.call("GET", "/readyz", "", nil)
			return code == http.StatusOK
		})
	}
	waitConverged(t, nodes, "before the change")
	frIdentity := tlsClient(t, fr.data, us.party, v1)
	if _, err := frIdentity.Get("https://" + us.fedAddr + "/federation/v1/checkpoint"); err == nil {
		t.Fatal("us's listener accepted fr before fr was on its roster")
	}

	// un proposes; each co-chair agrees on its own node once it holds the proposal.
	out := run(t, bin, nil, "federation", "propose", "--node", un.url, "--token", admin["un"], "--note", "admit fr", v2Path)
	id := regexp.MustCompile(`(?m)^id (\S+)$`).FindStringSubmatch(out)
	if id == nil {
		t.Fatalf("propose printed no id: %s", out)
	}
	agree(t, bin, us, admin["us"], id[1])
	agree(t, bin, ru, admin["ru"], id[1])
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" to put version 2 in force", func() bool {
			st, ok := n.status()
			return ok && st.Version == 2 && len(st.Peers) == 3
		})
		if installed, err := roster.LoadInstalled(n.data); err != nil || installed.Version != 2 {
			t.Fatalf("%s installed %v (%v), want version 2", n.party, installed, err)
		}
	}
	if code, b := fr.call("POST", "/api/v1/incidents", fr.token, incident("fr-green", "report fr-green", "GREEN")); code != http.StatusCreated {
		t.Fatalf("fr: report: %d %s", code, b)
	}
	waitConverged(t, all, "with fr, none restarted")
	if _, err := frIdentity.Get("https://" + us.fedAddr + "/federation/v1/checkpoint"); err != nil {
		t.Fatalf("us's listener refused fr once fr was on the roster in force: %v", err)
	}
	checkPeerProblemOpens(t, frIdentity, "https://"+us.fedAddr+"/federation/v1/entries?start=2&end=1")
	// Bad input gets a clear problem and writes nothing.
	for _, bad := range []struct {
		n          *node
		path, want string
		body       any
		code       int
	}{
		{un, "/api/v1/federation/roster/proposals", "stale proposal", map[string]any{"roster": v2}, http.StatusConflict},
		{us, "/api/v1/federation/roster/agreements", "holds no verified roster proposal", map[string]any{"proposal": "e2e.truce.test/un#99999"}, http.StatusNotFound},
		{us, "/api/v1/federation/roster/agreements", "ORIGIN#INDEX", map[string]any{"proposal": "not an id"}, http.StatusUnprocessableEntity},
	} {
		size := checkpointSize(bad.n.checkpoint())
		code, b := bad.n.call("POST", bad.path, admin[bad.n.party], bad.body)
		if code != bad.code || !strings.Contains(string(b), bad.want) || !strings.Contains(string(b), `"type"`) {
			t.Errorf("%s POST %s: %d %s, want %d saying %q", bad.n.party, bad.path, code, b, bad.code, bad.want)
		}
		if now := checkpointSize(bad.n.checkpoint()); now != size {
			t.Errorf("%s: a refused request grew the log from %d to %d", bad.n.party, size, now)
		}
	}
	var view api.RosterView
	if code, b := us.call("GET", "/api/v1/federation/roster", us.token, nil); code != http.StatusOK || json.Unmarshal(b, &view) != nil || view.InForce.Roster.Version != 2 {
		t.Fatalf("GET /api/v1/federation/roster: %d %s", code, b)
	}

	// Version 3 removes fr: us and ru stop talking to it.
	v3 := *v1
	v3.Version = 3
	v3Path := writeRoster(t, root, "roster-v3.json", &v3)
	out = run(t, bin, nil, "federation", "propose", "--node", us.url, "--token", admin["us"], v3Path)
	id = regexp.MustCompile(`(?m)^id (\S+)$`).FindStringSubmatch(out)
	agree(t, bin, us, admin["us"], id[1])
	agree(t, bin, ru, admin["ru"], id[1])
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" to put version 3 in force", func() bool {
			st, ok := n.status()
			return ok && st.Version == 3 && len(st.Peers) == 2
		})
	}
	frIdentity.CloseIdleConnections()
	if _, err := frIdentity.Get("https://" + us.fedAddr + "/federation/v1/checkpoint"); err == nil {
		t.Fatal("us's listener still accepts fr's certificate after fr was removed")
	}
	waitConverged(t, nodes, "without fr")
	for _, n := range all {
		n.stop(t, syscall.SIGTERM)
	}
}

// checkPeerProblemOpens sends a bad request to a node's federation listener
// as the member client does and opens the answered problem's type, a
// reference relative to the node, on the same listener: it is a page.
func checkPeerProblemOpens(t *testing.T, client *http.Client, bad string) {
	t.Helper()
	resp, err := client.Get(bad)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Type string `json:"type"`
	}
	err = json.NewDecoder(resp.Body).Decode(&p)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || err != nil || p.Type == "" {
		t.Fatalf("GET %s: %d (%v), want a 400 problem with a type", bad, resp.StatusCode, err)
	}
	page, err := resp.Request.URL.Parse(p.Type)
	if err != nil {
		t.Fatal(err)
	}
	resp, err = client.Get(page.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("problem type %s does not open on the listener that answered: %d %s", page, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// agree agrees, with the CLI on n, to proposal id once n has mirrored it.
func agree(t *testing.T, bin string, n *node, token, id string) {
	t.Helper()
	testwait.For(t, 60*time.Second, n.party+" to hold proposal "+id, func() bool {
		var v api.RosterView
		code, b := n.call("GET", "/api/v1/federation/roster", token, nil)
		if code != http.StatusOK || json.Unmarshal(b, &v) != nil {
			return false
		}
		return slices.ContainsFunc(v.Pending, func(p rosterchange.Proposal) bool { return p.ID.String() == id })
	})
	out := run(t, bin, nil, "federation", "agree", "--node", n.url, "--token", token, id)
	if !strings.Contains(out, "agreed to version") {
		t.Fatalf("%s: agree: %s", n.party, out)
	}
}

// writeRoster writes r as a roster file in dir.
func writeRoster(t *testing.T, dir, name string, r *roster.Roster) string {
	t.Helper()
	canon, err := r.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, canon, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// tlsClient returns an HTTP client presenting the TLS identity of the node
// in dir and pinning party's node as r lists it.
func tlsClient(t *testing.T, dir, party string, r *roster.Roster) *http.Client {
	t.Helper()
	pn, err := app.LoadPartyNode(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := r.ByParty(party)
	if !ok {
		t.Fatalf("no %s on the roster", party)
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: peertls.ClientConfig(peertls.Static(pn.TLS), m, nil)}}
}
