package apiclient

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// node is a real truce node, the binary of this repository serving on
// loopback, with one token of a reporter of party un.
type node struct {
	url, token string
}

// startNode builds cmd/truce, creates a node in a temp dir (truce init,
// user add, token issue) and serves it on a free loopback port until t
// ends.
func startNode(t *testing.T) node {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "truce")
	build := exec.Command("go", "build", "-o", bin, "./cmd/truce")
	build.Dir = "../../.." // the truce module
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/truce: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	run := func(env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("truce %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	const pw = "TRUCE_PASSWORD=correct-horse-battery-staple"
	run([]string{"TRUCE_ADMIN_PASSWORD=correct-horse-battery-staple"}, "init", "--data", data,
		"--origin", "test.invalid/apiclient", "--party", "un", "--party-name", "UN cell", "--admin", "un-admin")
	run([]string{pw}, "user", "add", "--data", data, "--party", "un", "--role", "reporter", "un-reporter")
	token, _, _ := strings.Cut(run(nil, "token", "issue", "--data", data, "--user", "un-reporter"), "\n")
	serve := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0")
	logs, err := serve.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	serve.Stdout = serve.Stderr
	if err := serve.Start(); err != nil {
		t.Fatalf("truce serve: %v", err)
	}
	t.Cleanup(func() {
		serve.Process.Signal(syscall.SIGTERM)
		serve.Wait()
	})
	// The node logs the URL it serves at once it listens.
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "msg=serving url="); ok {
				u, _, _ := strings.Cut(rest, " ")
				urls <- u
				break
			}
		}
		for sc.Scan() { // keep draining, so the node never blocks on its log
		}
	}()
	select {
	case u := <-urls:
		return node{url: u, token: strings.TrimSpace(token)}
	case <-time.After(60 * time.Second):
		t.Fatal("truce serve did not log the URL it serves within 60 s")
	}
	return node{}
}

// client returns a generated client of n that sends n's token.
func (n node) client(t *testing.T) *ClientWithResponses {
	t.Helper()
	c, err := NewClientWithResponses(n.url, WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+n.token)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestClientTalksToARealNode drives a real node with the generated client
// alone: it waits until the node is ready, reports three incidents, reads
// one back, pages through the listing two at a time following next, and
// reads an unknown incident as a typed RFC 9457 problem.
func TestClientTalksToARealNode(t *testing.T) {
	n := startNode(t)
	c := n.client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	waitReady(ctx, t, c)

	created := map[string]bool{}
	for i := range 3 {
		in := incident(fmt.Sprintf("client-%d", i), 37.1+float64(i)/10)
		res, err := c.CreateIncidentWithResponse(ctx, in)
		if err != nil {
			t.Fatalf("createIncident: %v", err)
		}
		if res.StatusCode() != 201 || res.JSON201 == nil || res.JSON201.Id == "" {
			t.Fatalf("createIncident: %d %s", res.StatusCode(), res.Body)
		}
		if loc := res.HTTPResponse.Header.Get("Location"); loc != "/api/v1/incidents/"+res.JSON201.Id {
			t.Errorf("createIncident: Location %q", loc)
		}
		created[res.JSON201.Id] = true
	}
	for id := range created {
		got, err := c.GetIncidentWithResponse(ctx, id)
		if err != nil || got.JSON200 == nil || got.JSON200.Id != id {
			t.Fatalf("getIncident %s: %v %d %s", id, err, got.StatusCode(), got.Body)
		}
		if loc := got.JSON200.Location; len(loc.Coordinates) != 2 {
			t.Fatalf("getIncident %s: location %+v", id, loc)
		}
		break
	}

	seen := map[string]bool{}
	limit, cursor, pages := 2, "", 0
	for {
		params := &ListIncidentsParams{Limit: &limit}
		if cursor != "" {
			params.Cursor = &cursor
		}
		page, err := c.ListIncidentsWithResponse(ctx, params)
		if err != nil || page.JSON200 == nil || page.JSON200.Items == nil {
			t.Fatalf("listIncidents (cursor %q): %v %d %s", cursor, err, page.StatusCode(), page.Body)
		}
		pages++
		for _, it := range *page.JSON200.Items {
			seen[it.Id] = true
		}
		if page.JSON200.Next == nil || *page.JSON200.Next == "" {
			break
		}
		if cursor = *page.JSON200.Next; pages > 3 {
			t.Fatalf("listIncidents: more than 3 pages of 2 for 3 incidents")
		}
	}
	if pages != 2 || len(seen) != 3 {
		t.Errorf("listIncidents: %d pages, %d incidents; want 2 pages with the 3 created", pages, len(seen))
	}
	for id := range created {
		if !seen[id] {
			t.Errorf("listIncidents: %s missing", id)
		}
	}

	missing, err := c.GetIncidentWithResponse(ctx, "inc_00000000000000000000")
	if err != nil {
		t.Fatal(err)
	}
	if p := missing.ApplicationproblemJSON404; p == nil || p.Status != 404 {
		t.Errorf("getIncident of an unknown id: %d %s, want a 404 problem", missing.StatusCode(), missing.Body)
	}
}

// waitReady waits until GET /readyz answers 200 or ctx ends.
func waitReady(ctx context.Context, t *testing.T, c *ClientWithResponses) {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		res, err := c.GetReadinessWithResponse(ctx)
		if err == nil && res.StatusCode() == 200 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the node never became ready: %v", err)
		case <-tick.C:
		}
	}
}

// incident is a report of shelling at lon 36.1 N as CreateIncidentInput.
func incident(ext string, lon float64) CreateIncidentInput {
	s := func(v string) *string { return &v }
	start, _ := time.Parse(time.RFC3339, "2016-07-10T08:00:00Z")
	in := CreateIncidentInput{Category: s("shelling_missile"), ExternalId: s(ext), LocationPrecision: s("1km"),
		Narrative: s("Shelling reported near the market " + ext), Releasability: &Releasability{Tlp: ReleasabilityTlpGREEN}}
	in.Time = &struct {
		Precision *string    `json:"precision,omitempty"`
		Start     *time.Time `json:"start,omitempty"`
	}{Precision: s("hour"), Start: &start}
	coords := []float64{lon, 36.1}
	in.Location = &struct {
		Coordinates *[]float64 `json:"coordinates,omitempty"`
		Type        *string    `json:"type,omitempty"`
	}{Coordinates: &coords, Type: s("Point")}
	in.Perpetrator = &struct {
		Group *string `json:"group,omitempty"`
		Kind  *string `json:"kind,omitempty"`
	}{Group: s("Armed group A"), Kind: s("group")}
	return in
}
