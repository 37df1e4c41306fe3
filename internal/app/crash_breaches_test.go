package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"truce/internal/agreements"
	"truce/internal/app"
	"truce/internal/bench"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/testseed"
	"truce/internal/testwait"
)

// TestBreachesSurviveKill9 runs a real `truce serve` process with an
// agreement in force whose obligation every incident below breaks, and
// over several rounds reports incidents and kills the process with
// SIGKILL right after a seeded number of them were acknowledged: between
// an incident's write and its breach's record, as the recorder writes the
// breach after the incident commits. After each kill it counts, in the
// store, the incidents left without their breach; after the last restart
// every incident in the log, acknowledged or not, must have its breach
// recorded exactly once (the catch-up from the recorder's watermark).
func TestBreachesSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills node processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	rng := rand.New(rand.NewPCG(testseed.Seed(t), 0x6b696c6c))
	dir := filepath.Join(t.TempDir(), "node")
	tokens, err := bench.SetupNode(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	start := func() *bench.NodeProcess {
		t.Helper()
		n, err := bench.StartNode(ctx, nodeCommand(bench.ServeArgs(dir)...), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(n.Kill)
		return n
	}
	n := start()
	c := &killClient{t: t, tokens: tokens}
	c.base = n.Base
	zone := c.post(201, "/api/v1/zones", "us-liaison", map[string]any{"kind": "ceasefire_area", "name": "Kill area",
		"name_ru": "Зона", "name_ar": "منطقة", "effective_from": "2016-07-01T00:00:00Z",
		"geometry": json.RawMessage(`{"type":"Polygon","coordinates":[[[37.0,36.0],[37.3,36.0],[37.3,36.3],[37.0,36.3],[37.0,36.0]]]}`)})
	c.post(201, "/api/v1/zones/"+zone+"/versions/1/agreements", "ru-liaison", nil)
	agr := c.post(201, "/api/v1/agreements", "us-liaison", map[string]any{"title": "Cessation", "parties": []string{"us", "ru"},
		"effective_from": "2016-07-01T00:00:00Z", "releasability": map[string]any{"tlp": "CLEAR"},
		"obligations": []map[string]any{{"key": "no-artillery", "title": "No artillery in the area",
			"rule": map[string]any{"kind": "no_weapons_in_zone", "zone_id": zone, "from": "2016-07-05T00:00:00Z", "classes": []string{"shelling_missile"}}}}})
	c.post(201, "/api/v1/agreements/"+agr+"/versions/1/agreements", "ru-liaison", nil)

	const rounds = 4
	acked, gaps := 0, 0
	for round := range rounds {
		if round > 0 {
			n = start()
			c.base = n.Base
		}
		k := 1 + rng.IntN(6)
		for i := range k {
			c.post(201, "/api/v1/incidents", "us-reporter", killIncident(fmt.Sprintf("kill-%d-%d", round, i)))
			acked++
		}
		n.Kill() // SIGKILL at once: the last incidents' breaches are most likely not written yet
		incs, breaches := logged(t, dir, agr)
		left := 0
		for _, id := range incs {
			if breaches[id] == 0 {
				left++
			}
		}
		gaps += left
		t.Logf("round %d: %d incidents acknowledged, killed; %d incidents in the log, %d without their breach", round, k, len(incs), left)
	}
	if gaps == 0 {
		t.Errorf("no kill fell between an incident's write and its breach's record in %d rounds: the test did not exercise the catch-up", rounds)
	}

	n = start()
	c.base = n.Base
	var incs []string
	testwait.For(t, 2*time.Minute, "every incident's breach recorded after the last restart", func() bool {
		got := c.evidence(agr)
		incs = c.incidents()
		return len(incs) >= acked && got >= len(incs)
	})
	n.Kill()
	all, breaches := logged(t, dir, agr)
	if len(all) != len(incs) {
		t.Fatalf("%d incidents in the log, %d listed", len(all), len(incs))
	}
	for _, id := range all {
		if breaches[id] != 1 {
			t.Errorf("incident %s: %d breaches recorded; want exactly 1", id, breaches[id])
		}
	}
	t.Logf("%d rounds, %d incidents acknowledged, %d in the log, %d found without their breach after the kills (summed over rounds), each recorded exactly once at the end", rounds, acked, len(all), gaps)
}

// killIncident is an incident by ru with artillery inside the kill area.
func killIncident(ext string) map[string]any {
	return map[string]any{"external_id": ext, "category": "shelling_missile",
		"time":     map[string]any{"start": "2016-07-10T08:00:00Z", "precision": "hour"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.1}}, "location_precision": "1km",
		"perpetrator": map[string]any{"kind": "party", "party": "ru"}, "narrative": "Shelling " + ext,
		"releasability": map[string]any{"tlp": "CLEAR"},
		"sources":       []map[string]any{{"name": "Local council", "reliability": "C", "credibility": 3}}}
}

// logged opens the stopped node's store and returns the incidents in its
// log and how many breaches of agreement agr each has.
func logged(t *testing.T, dir, agr string) ([]string, map[string]int) {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var incs []string
	err = db.EntriesOfKind(ctx, incidents.KindReported, 0, func(e *ledger.Entry) error {
		if id, ok := incidents.ParseSubject(e.Subject); ok {
			incs = append(incs, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	breaches := map[string]int{}
	err = db.EntriesOfKind(ctx, agreements.KindBreachRecorded, 0, func(e *ledger.Entry) error {
		var b agreements.BreachRecorded
		if err := json.Unmarshal(e.Payload, &b); err != nil {
			return err
		}
		if b.AgreementID == agr {
			breaches[b.EventID]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return incs, breaches
}

// killClient talks to the node process as the users of tokens.
type killClient struct {
	t      *testing.T
	base   string
	tokens map[string]string
}

func (c *killClient) do(method, path, user string, body any) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.tokens[user])
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, out
}

// post posts body as user, requires status want and returns the new id.
func (c *killClient) post(want int, path, user string, body any) string {
	c.t.Helper()
	code, out := c.do("POST", path, user, body)
	if code != want {
		c.t.Fatalf("POST %s as %s: %d %s", path, user, code, out)
	}
	var v struct {
		ID string `json:"id"`
	}
	json.Unmarshal(out, &v)
	return v.ID
}

// evidence returns how many events the compliance of agr shows against ru.
func (c *killClient) evidence(agr string) int {
	c.t.Helper()
	code, out := c.do("GET", "/api/v1/agreements/"+agr+"/compliance", "us-liaison", nil)
	if code != 200 {
		c.t.Fatalf("compliance: %d %s", code, out)
	}
	var v struct {
		Obligations []struct {
			Parties []struct {
				Party    string
				Evidence []json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(out, &v); err != nil {
		c.t.Fatal(err)
	}
	n := 0
	for _, o := range v.Obligations {
		for _, p := range o.Parties {
			if p.Party == "ru" {
				n += len(p.Evidence)
			}
		}
	}
	return n
}

// incidents returns the ids of the incidents the node lists.
func (c *killClient) incidents() []string {
	c.t.Helper()
	code, out := c.do("GET", "/api/v1/incidents?limit=1000", "us-liaison", nil)
	if code != 200 {
		c.t.Fatalf("incidents: %d %s", code, out)
	}
	var v struct {
		Items []struct{ ID string }
	}
	if err := json.Unmarshal(out, &v); err != nil {
		c.t.Fatal(err)
	}
	var ids []string
	for _, in := range v.Items {
		ids = append(ids, in.ID)
	}
	return ids
}
