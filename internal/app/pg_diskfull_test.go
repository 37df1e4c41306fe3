package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"truce/internal/app"
	"truce/internal/bench"
)

func pgIncident(tag string) map[string]any {
	return map[string]any{"external_id": tag, "category": "shelling_missile",
		"time":     map[string]any{"start": "2016-07-10T08:00:00Z", "precision": "hour"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.1}}, "location_precision": "1km",
		"narrative": "Disk-full test " + tag + " " + strings.Repeat("padding ", 200), "releasability": map[string]any{"tlp": "GREEN"},
		"sources": []map[string]any{{"name": "Local council", "reliability": "C", "credibility": 3}}}
}

// TestPostgresDiskFull runs a node on a PostgreSQL server whose files are
// on the small filesystem, fills that filesystem, and checks that writes
// are refused with 507 (PostgreSQL's disk_full, SQLSTATE 53100) and resume
// once space is freed, with no acknowledged write lost.
func TestPostgresDiskFull(t *testing.T) {
	mount := os.Getenv("TRUCE_TEST_SMALLFS")
	if mount == "" || os.Getenv("TRUCE_TEST_POSTGRES") == "" {
		t.Skip("needs TRUCE_TEST_SMALLFS (a small filesystem, mounted by scripts/test) and TRUCE_TEST_POSTGRES (PostgreSQL available)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dsn, _ := ownPostgresIn(t, mount)
	dir := filepath.Join(t.TempDir(), "node")
	tokens, err := bench.SetupNode(ctx, dir, dsn)
	if err != nil {
		t.Fatal(err)
	}
	var nodeLog syncBuffer
	n, err := bench.StartNode(ctx, nodeCommand(bench.ServeArgs(dir, "--db", dsn)...), &nodeLog)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Kill()
	tok := tokens["us-reporter"]
	var acked []string
	ballast := app.FillDisk(t, mount)
	statuses := map[int]int{}
	for i := 0; i < 300 && statuses[507] < 20; i++ {
		code, out := post(t, n.Base, "/api/v1/incidents", tok, pgIncident(fmt.Sprint("full-", i)))
		statuses[code]++
		if code == 201 {
			acked = append(acked, out["id"].(string))
		}
	}
	t.Logf("PostgreSQL's disk full: %d writes acknowledged, answers %v", len(acked), statuses)
	for code := range statuses {
		if code != 201 && code != 507 {
			t.Errorf("answers on a full disk: %v, want only 507 (after at most a few 201)", statuses)
		}
	}
	if statuses[507] == 0 {
		t.Fatalf("no write refused on a full disk: %v", statuses)
	}
	os.Remove(ballast)
	waitFor(t, time.Minute, "a write to succeed once space was freed", func() bool {
		code, out := post(t, n.Base, "/api/v1/incidents", tok, pgIncident("after"))
		if code == 201 {
			acked = append(acked, out["id"].(string))
		}
		return code == 201
	})
	lost, err := bench.CheckWrites(ctx, n.Base, tokens, writesOf(acked))
	if err != nil || len(lost) > 0 {
		t.Fatalf("check: %v, lost %v", err, lost)
	}
	// The tables hold exactly the acknowledged writes: the refused ones
	// left nothing.
	req, _ := http.NewRequest("GET", n.Base+"/api/v1/incidents?limit=1000", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Items []any }
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if len(list.Items) != len(acked) {
		t.Fatalf("%d incidents listed, %d acknowledged", len(list.Items), len(acked))
	}
	if !strings.Contains(nodeLog.String(), "write refused: storage full") {
		t.Error("the node's log does not say that writes were refused for a full disk")
	}
}

func writesOf(ids []string) []bench.Write {
	ws := make([]bench.Write, len(ids))
	for i, id := range ids {
		ws[i] = bench.Write{Kind: "incident", Path: "/api/v1/incidents/" + id, User: "us-reporter"}
	}
	return ws
}
