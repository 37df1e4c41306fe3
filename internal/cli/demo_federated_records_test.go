package cli

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/demo"
	"truce/internal/ledger"
	"truce/internal/store"
)

// recordKinds are the entry kinds that create one of the scenario's
// records: each must be on the node of the party that made it.
var recordKinds = []string{"zone.proposed", "incident.reported", "site.notified", "movement.notified", "flightplan.filed"}

// stepKinds are the kinds of the scenario's steps on a record after it is
// made, among them those in which one party acts on another party's record
// (a co-chair's agreement to the other's zone, acknowledgements of the
// agency's notifications, assessments, reopenings, comments and duplicate
// marks on other parties' reports): the federated demo takes each, once
// the acting node's mirrors hold the record, as often as the single-node
// demo does.
// Reopenings are left out (demo.ReopenLeftOut).
var stepKinds = []string{"zone.agreed", "site.acknowledged", "movement.acknowledged", "incident.assessed",
	"incident.commented", "incident.duplicate_marked"}

// stepsTaken counts the entries of each of stepKinds in kinds.
func stepsTaken(kinds map[string]int) map[string]int {
	out := map[string]int{}
	for _, k := range stepKinds {
		out[k] = kinds[k]
	}
	return out
}

// logEntries calls fn with every entry of the log in db.
func logEntries(t *testing.T, db *store.DB, fn func(e *ledger.Entry)) {
	t.Helper()
	ctx := context.Background()
	c, _, err := db.LoadTree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.EntryRange(ctx, 0, int64(len(c)), func(e *ledger.Entry, _ []byte) error {
		fn(e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// recordKey names a record-creating entry by kind, party and releasability.
func recordKey(e *ledger.Entry) string {
	return fmt.Sprintf("%s by %s, %s %v", e.Kind, e.Party, e.Release.TLP, e.Release.Audience)
}

// hostedScenario seeds the single-node demo (what truce demo runs) and
// counts its record-creating entries and the steps across parties.
func hostedScenario(t *testing.T) (records, steps map[string]int) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if err := demo.Init(ctx, dir); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := demo.Seed(ctx, a, dir); err != nil {
		t.Fatal(err)
	}
	records = map[string]int{}
	kinds := map[string]int{}
	logEntries(t, a.DB, func(e *ledger.Entry) {
		if slices.Contains(recordKinds, e.Kind) {
			records[recordKey(e)]++
		}
		kinds[e.Kind]++
	})
	return records, stepsTaken(kinds)
}

// checkDemoRecords checks the stopped federated demo in dir: each node's
// own log holds only its own party's statements, the scenario's records
// are all there across the nodes, each on the node of the party that made
// it with the releasability the single-node demo gives it, and so are the
// steps on them, those across parties too.
func checkDemoRecords(t *testing.T, dir string) {
	t.Helper()
	want, wantSteps := hostedScenario(t)
	if len(want) == 0 || wantSteps["site.acknowledged"] == 0 || wantSteps["incident.assessed"] == 0 {
		t.Fatalf("the single-node scenario has %d records and steps %v", len(want), wantSteps)
	}
	got, kinds := map[string]int{}, map[string]int{}
	for _, p := range demo.Parties {
		db, err := store.OpenSQLite(context.Background(), filepath.Join(dir, p.ID, "truce.db"))
		if err != nil {
			t.Fatal(err)
		}
		var others, n int
		logEntries(t, db, func(e *ledger.Entry) {
			n++
			if e.Party != p.ID {
				others++
				t.Errorf("%s's node logs entry %d (%s) in %s's name", p.ID, e.Seq, e.Kind, e.Party)
			}
			if slices.Contains(recordKinds, e.Kind) {
				got[recordKey(e)]++
			}
			kinds[e.Kind]++
		})
		db.Close()
		t.Logf("%s's node: %d entries, %d in another party's name", p.ID, n, others)
	}
	if got := stepsTaken(kinds); !maps.Equal(got, wantSteps) {
		t.Errorf("steps across the nodes %v, the single-node demo takes %v", got, wantSteps)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%d × %s across the nodes, the single-node demo has %d", got[k], k, w)
		}
	}
	for k, g := range got {
		if want[k] == 0 {
			t.Errorf("%d × %s across the nodes, none in the single-node demo", g, k)
		}
	}
}
