package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/config"
	"truce/internal/verify"
)

// TestPublicLogInDelayedBatches checks that the public (no login) is shown
// the log only as of the last checkpoint signed before the current batch
// began: a CLEAR entry written within the batch, its checkpoint, its tile,
// its proof and its place in the entry list stay hidden from the public
// until the next batch, while members see them at once.
func TestPublicLogInDelayedBatches(t *testing.T) {
	batch := time.Now().UTC().Truncate(time.Hour)
	n := newTestNodeConfig(t, &config.Server{Data: t.TempDir(), Quorum: 0, PublicLogBatch: time.Hour})
	code, body, _ := n.do("POST", "/api/v1/incidents", "us-liaison", incidentBody("public-1", 37.1, 36.2, "CLEAR"))
	if code != 201 {
		t.Fatalf("incident: %d %s", code, body)
	}
	seq := n.app.Hashes.Size() - 1
	if code, body, _ := n.do("POST", "/api/v1/log/checkpoint", "us-liaison", nil); code != 200 {
		t.Fatalf("sign: %d %s", code, body)
	}
	entry := fmt.Sprint("/api/v1/log/entries/", seq)
	tile := fmt.Sprintf("/log/tile/entries/%03d.p/%d", seq/256, seq%256+1) // C2SP tile path, N in 3-digit groups
	for _, c := range []struct {
		path           string
		member, public int
	}{
		{"/log/checkpoint", 200, 503}, // no checkpoint was signed before this batch began
		{entry, 200, 404},
		{entry + "/proof", 200, 404},
		{tile, 200, 404},
		{"/log/tile/0/000.p/1", 200, 404},
	} {
		if code, body, _ := n.do("GET", c.path, "ru-observer", nil); code != c.member {
			t.Errorf("member GET %s: %d %s, want %d", c.path, code, body, c.member)
		}
		if code, body, _ := n.do("GET", c.path, "", nil); code != c.public {
			t.Errorf("public GET %s: %d %s, want %d", c.path, code, body, c.public)
		}
	}
	// The public is told why there is no checkpoint for it, and when to
	// come back.
	code, body, h := n.do("GET", "/log/checkpoint", "", nil)
	var problem struct{ Type, Detail string }
	json.Unmarshal(body, &problem)
	if code != 503 || !strings.HasSuffix(problem.Type, "/public-batch-pending") || !strings.Contains(problem.Detail, "batches of 1h0m0s") ||
		!strings.Contains(problem.Detail, batch.Add(time.Hour).Format(time.RFC3339)) || h.Get("Retry-After") == "" {
		t.Errorf("public GET /log/checkpoint: %d %s (Retry-After %q), want 503 public-batch-pending naming the next batch", code, body, h.Get("Retry-After"))
	}
	_, body, _ = n.do("GET", "/api/v1/log/entries", "", nil)
	var list struct{ Items []struct{ Seq int64 } }
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatalf("public entries: %v %s", err, body)
	}
	if len(list.Items) != 0 {
		t.Errorf("the public lists entries of this batch: %s", body)
	}
	_, body, _ = n.do("GET", "/api/v1/log/entries", "ru-observer", nil)
	if !strings.Contains(string(body), fmt.Sprintf(`"seq":%d`, seq)) {
		t.Errorf("a member does not list entry %d: %s", seq, body)
	}
	// truce verify with a member's token checks the entry against the live
	// tree; without one it is shown no checkpoint yet.
	key, err := note.NewVerifier(n.app.Keys.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	opts := verify.RemoteOptions{URL: n.srv.URL, LogKey: key, Entries: []int64{seq}, Token: n.tokens["ru-observer"]}
	if _, err := verify.Remote(context.Background(), opts); err != nil {
		t.Errorf("verify as a member: %v", err)
	}
	opts.Token = ""
	if _, err := verify.Remote(context.Background(), opts); err == nil {
		t.Errorf("verify as the public checked an entry of this batch")
	}
	if time.Now().UTC().Truncate(time.Hour) != batch {
		t.Skip("a batch boundary passed during the test; its assertions may not hold")
	}
}
