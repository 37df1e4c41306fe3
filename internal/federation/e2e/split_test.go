package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/api"
	"truce/internal/app"
	"truce/internal/demo"
	"truce/internal/federation/split"
	"truce/internal/federation/split/splittest"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/testwait"
)

// TestSplitNodesServe splits the single-node demo with truce federation
// split (writing the roster), starts us's and ru's new nodes as truce
// serve processes, and checks that ru's node shows a us incident of the
// hosted period released to ru, once its mirror of us holds it, and never
// one that is not released to ru.
func TestSplitNodesServe(t *testing.T) {
	bin := buildTruce(t)
	hosted, withheld := splittest.HostedDemo(t)
	released := usIncidentsReleasedToRu(t, hosted)

	out := filepath.Join(t.TempDir(), "nodes")
	args := []string{"federation", "split", "--data", hosted, "--out", out, "--name", "split test", "--quorum", "1"}
	nodes := map[string]*node{}
	for _, p := range []string{"us", "ru", "un", "ngo"} {
		n := &node{party: p, data: filepath.Join(out, p), fedAddr: freePort(t)}
		nodes[p] = n
		args = append(args, "--party", p+"=split.test/"+p, "--url", p+"=https://"+n.fedAddr)
	}
	summary := run(t, bin, []string{"TRUCE_ADMIN_PASSWORD=" + password}, args...)
	if !strings.Contains(summary, "roster hash") {
		t.Fatalf("split printed no roster hash:\n%s", summary)
	}
	us, ru := nodes["us"], nodes["ru"]
	for _, n := range []*node{us, ru} {
		n.token = strings.TrimSpace(run(t, bin, nil, "token", "issue", "--data", n.data, "--user", n.party+"-admin"))
		n.start(t, bin)
	}
	// us's node serves its own incidents of the hosted period.
	for _, id := range append(append([]string{}, released...), withheld...) {
		if code, b := us.call("GET", "/api/v1/incidents/"+id, us.token, nil); code != http.StatusOK {
			t.Fatalf("us's node: GET incident %s: %d %s", id, code, b)
		}
	}
	// ru's node shows what is released to ru once its mirror of us has
	// caught up with us's log.
	// Each mirrors the other's new log, whose entries cite the hosted
	// log: every citation checks against the archive, nothing halts.
	caughtUp(t, ru, "us", logSize(t, us))
	caughtUp(t, us, "ru", logSize(t, ru))
	for _, id := range released {
		if code, b := ru.call("GET", "/api/v1/incidents/"+id, ru.token, nil); code != http.StatusOK {
			t.Errorf("ru's node: GET us incident %s released to ru: %d %s", id, code, b)
		}
	}
	for _, id := range withheld {
		if code, _ := ru.call("GET", "/api/v1/incidents/"+id, ru.token, nil); code != http.StatusNotFound {
			t.Errorf("ru's node: GET us incident %s not released to ru: %d, want 404", id, code)
		}
	}
	checkHostedEntries(t, hosted, out, ru, released, withheld)
}

// checkHostedEntries checks the hosted log as ru's node serves it: the
// hosted report of a us incident released to ru with its inclusion proof
// against the hosted checkpoint and the hosted key; those of the others
// 404, as if ru's node did not hold them.
func checkHostedEntries(t *testing.T, hosted, out string, ru *node, released, withheld []string) {
	t.Helper()
	index := reportIndexes(t, hosted)
	key, err := os.ReadFile(filepath.Join(out, split.HostedKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(strings.TrimSpace(string(key)))
	if err != nil {
		t.Fatal(err)
	}
	path := func(id string) string {
		return fmt.Sprintf("/api/v1/federation/entries/%d?origin=%s", index[id], url.QueryEscape(demo.Origin))
	}
	code, b := ru.call("GET", path(released[0]), ru.token, nil)
	if code != http.StatusOK {
		t.Fatalf("ru's node: GET %s: %d %s", path(released[0]), code, b)
	}
	var got api.MirroredEntryResponse
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.LogKey != strings.TrimSpace(string(key)) || got.Origin != demo.Origin || got.Proof == nil {
		t.Fatalf("ru's node serves hosted entry %d with key %q origin %q proof %v", index[released[0]], got.LogKey, got.Origin, got.Proof)
	}
	n, err := note.Open([]byte(got.Proof.Checkpoint), note.VerifierList(v))
	if err != nil {
		t.Fatalf("the hosted checkpoint served does not verify with the hosted key: %v", err)
	}
	cp, err := ledger.ParseCheckpoint(n.Text)
	if err != nil {
		t.Fatal(err)
	}
	canonical, _ := base64.StdEncoding.DecodeString(got.Canonical)
	var proof tlog.RecordProof
	for _, h := range got.Proof.Hashes {
		raw, _ := base64.StdEncoding.DecodeString(h)
		proof = append(proof, tlog.Hash(raw))
	}
	if err := tlog.CheckRecord(proof, cp.N, cp.Hash, index[released[0]], ledger.LeafHash(ledger.Commitment(canonical))); err != nil {
		t.Errorf("hosted entry %d is not in the hosted checkpoint: %v", index[released[0]], err)
	}
	for _, id := range withheld {
		if code, _ := ru.call("GET", path(id), ru.token, nil); code != http.StatusNotFound {
			t.Errorf("ru's node: GET %s (a us incident not released to ru): %d, want 404", path(id), code)
		}
	}
}

// reportIndexes returns the hosted index of each incident's report.
func reportIndexes(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]int64{}
	err = db.EntriesOfKind(ctx, "incident.reported", 0, func(e *ledger.Entry) error {
		out[strings.TrimPrefix(e.Subject, "incident:")] = e.Seq
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// usIncidentsReleasedToRu returns the ids of us's incidents in the hosted
// log released to ru, failing if there is none.
func usIncidentsReleasedToRu(t *testing.T, dir string) (released []string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.EntriesOfKind(ctx, "incident.reported", 0, func(e *ledger.Entry) error {
		if e.Party == "us" && e.Release.ReleasableToParty("ru") {
			released = append(released, strings.TrimPrefix(e.Subject, "incident:"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(released) == 0 {
		t.Fatal("the demo has no us incident released to ru")
	}
	return released
}

// caughtUp waits until n's mirror of peer holds size entries, failing if
// it halts on evidence.
func caughtUp(t *testing.T, n *node, peer string, size int64) {
	t.Helper()
	testwait.For(t, 120*time.Second, n.party+"'s mirror of "+peer+"'s log to catch up", func() bool {
		st, ok := n.status()
		if !ok {
			return false
		}
		for _, p := range st.Peers {
			if p.Party == peer && p.Halted {
				t.Fatalf("%s's mirror of %s halted on evidence %s", n.party, peer, p.Evidence)
			}
			if p.Party == peer && p.AcceptedSize >= size {
				return true
			}
		}
		return false
	})
}

// logSize returns the size of n's signed log.
func logSize(t *testing.T, n *node) int64 {
	t.Helper()
	var size int64
	testwait.For(t, 60*time.Second, n.party+"'s first checkpoint", func() bool {
		cp := n.checkpoint()
		if cp == nil {
			return false
		}
		body, _, _ := strings.Cut(string(cp), "\n\n")
		c, err := ledger.ParseCheckpoint(body + "\n")
		if err != nil {
			return false
		}
		size = c.N
		return size > 0
	})
	return size
}
