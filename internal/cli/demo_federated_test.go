package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"truce/internal/api"
	"truce/internal/demo/demotest"
	"truce/internal/testwait"
)

// mainForDemotest is demotest.Main for this package's Main.
func mainForDemotest(ctx context.Context, stdout, stderr io.Writer, args []string) int {
	return Main(ctx, &Env{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr, Getenv: func(string) string { return "" }}, args)
}

// TestDemoFederated runs truce demo --federated briefly: four party nodes
// start from one command, print their UI URLs with the users who sign in
// there and the scenario's steps left out, each answers its own party's
// users, and every node's mirrors of the three others converge; once it
// stops, each node's log holds only its own party's statements and the
// scenario's records are all there across the nodes (checkDemoRecords).
func TestDemoFederated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs four nodes")
	}
	run := demotest.Start(t, mainForDemotest, 120*time.Second, "--federated", "--log-level", "warn")
	out, errOut, dir := run.Out, run.Err, run.Dir
	creds := run.Credentials(t)
	observers := map[string]demotest.Credential{}
	for _, c := range creds {
		if c.Role == "observer" {
			observers[c.Party] = c
		}
	}
	if len(observers) != 4 {
		t.Fatalf("credentials for %d parties' observers, want 4: %+v", len(observers), creds)
	}
	for party, c := range observers {
		if !strings.Contains(out.String(), c.URL+"/\n       sign in here: "+party+"-observer, ") {
			t.Errorf("the demo does not print %s's UI URL %s and its users:\n%s", party, c.URL, out.String())
		}
	}
	if !strings.Contains(out.String(), "acknowledging another party's notification (") {
		t.Errorf("the demo does not say which steps wait for the mirrors:\n%s", out.String())
	}
	testwait.For(t, 240*time.Second, "the demo's steps across logs", func() bool {
		return strings.Contains(out.String(), "steps across logs taken, each citing")
	})
	if !strings.Contains(out.String(), "  All ") {
		t.Errorf("the demo left steps across logs out:\n%s", out.String())
	}
	client := &http.Client{Timeout: 10 * time.Second}
	status := func(c demotest.Credential) (api.FederationStatus, bool) {
		var st api.FederationStatus
		req, _ := http.NewRequest("GET", c.URL+"/api/v1/federation", nil)
		req.Header.Set("Authorization", "Bearer "+c.Token)
		resp, err := client.Do(req)
		if err != nil {
			return st, false
		}
		defer resp.Body.Close()
		return st, resp.StatusCode == 200 && json.NewDecoder(resp.Body).Decode(&st) == nil
	}
	last := map[string]api.FederationStatus{}
	defer func() {
		if t.Failed() {
			b, _ := json.MarshalIndent(last, "", " ")
			t.Logf("the nodes' last federation status:\n%s\nthe demo's log:\n%s", b, errOut.String())
		}
	}()
	testwait.For(t, 120*time.Second, "every demo node's mirrors to be synced", func() bool {
		for party, c := range observers {
			st, ok := status(c)
			last[party] = st
			if !ok || len(st.Peers) != 3 {
				return false
			}
			for _, p := range st.Peers {
				if p.State != api.PeerSynced || p.AcceptedSize == 0 {
					return false
				}
			}
		}
		return true
	})
	if code := run.Stop(t); code != 0 {
		t.Fatalf("demo exited %d:\n%s", code, errOut.String())
	}
	checkDemoRecords(t, dir)
}
