package e2e

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"truce/internal/app"
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
	size := usLogSize(t, us)
	testwait.For(t, 120*time.Second, "ru's mirror of us's log to catch up", func() bool {
		st, ok := ru.status()
		if !ok {
			return false
		}
		for _, p := range st.Peers {
			if p.Party == "us" && p.AcceptedSize >= size {
				return true
			}
		}
		return false
	})
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

// usLogSize returns the size of n's signed log.
func usLogSize(t *testing.T, n *node) int64 {
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
