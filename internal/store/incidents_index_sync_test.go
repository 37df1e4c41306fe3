package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/pgtest"
)

func incidentChange(kind, id, party string, rel access.Releasability, payload any) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-analyst", Kind: kind, Subject: incidents.Subject(id),
		Release: rel, Payload: payload}}
}

func reportedChange(id string, p orb.Point, start time.Time, party string, rel access.Releasability) ledger.Change {
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": p})
	r := incidents.Report{ID: id, Key: "key-" + id, Category: incidents.Categories[0],
		Time:     incidents.TimeSpan{Start: start.Format(time.RFC3339), Precision: incidents.TimeDay},
		Location: loc, LocationPrecision: "exact", Narrative: "seen from the road", Perpetrator: incidents.Perpetrator{Kind: "unknown"}}
	return incidentChange(incidents.KindReported, id, party, rel.Normalize(party), incidents.Reported{Incident: r})
}

// sameAsSQL checks that the index answers f for every test viewer exactly
// as the SQL path does, and returns what it gave viewer.
func sameAsSQL(t *testing.T, d *DB, f incidents.Filter, viewer string) []incidents.Incident {
	t.Helper()
	ctx := context.Background()
	var mine []incidents.Incident
	for _, v := range indexViewers {
		got, ok, err := d.searchIndexed(ctx, &f, v)
		if err != nil || !ok {
			t.Fatalf("index did not answer: %v, %v", ok, err)
		}
		want, err := incidentsStore{d}.searchSQL(ctx, &f, v)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("viewer %q: index %v\nSQL   %v", v, got, want)
		}
		if v == viewer {
			mine = got
		}
	}
	return mine
}

func find(rows []incidents.Incident, id string) *incidents.Incident {
	for k := range rows {
		if rows[k].ID == id {
			return &rows[k]
		}
	}
	return nil
}

// TestIncidentIndexFollowsLog appends incidents and state changes through
// the sequencer: the index shows none of them before its batch commits and
// each of them once it has, as the SQL path does.
func TestIncidentIndexFollowsLog(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		d := open(t)
		ctx := context.Background()
		fillIncidents(t, d, 300, 4)
		if err := d.LoadIncidentIndex(ctx); err != nil {
			t.Fatal(err)
		}
		_, seq := openSequencer(t, d)
		at := orb.Point{37.2, 34.1}
		start := time.Date(2016, 7, 20, 10, 0, 0, 0, time.UTC)
		from, to := start.Add(-72*time.Hour), start.Add(72*time.Hour)
		f := incidents.Filter{BBox: &orb.Bound{Min: orb.Point{37, 34}, Max: orb.Point{37.5, 34.4}}, From: &from, To: &to, Brief: true, Limit: 100}
		amber := access.Releasability{TLP: access.TLPAmber}

		// Inside the batch, after the report's projection: not visible yet.
		var during []incidents.Incident
		probe := ledger.Change{Draft: ledger.Draft{Party: "us", Kind: "test.event", Subject: "probe", Release: amber.Normalize("us"), Payload: map[string]string{}},
			Check: func(ctx context.Context, q ledger.Querier) error {
				rows, ok, err := d.searchIndexed(ctx, &f, "us")
				if err != nil || !ok {
					return fmt.Errorf("index inside the batch: %v, %v", ok, err)
				}
				during = rows
				return nil
			}}
		if _, err := seq.Append(ctx, reportedChange("inc_new", at, start, "us", amber), probe); err != nil {
			t.Fatal(err)
		}
		if find(during, "inc_new") != nil {
			t.Fatal("the index showed an incident before its batch committed")
		}
		got := find(sameAsSQL(t, d, f, "us"), "inc_new")
		if got == nil || got.Status != incidents.StatusReported {
			t.Fatalf("after commit: %+v", got)
		}
		if find(sameAsSQL(t, d, f, "ru"), "inc_new") != nil || find(sameAsSQL(t, d, f, ""), "inc_new") != nil {
			t.Fatal("an AMBER incident of us listed to ru or the public")
		}

		steps := []struct {
			change ledger.Change
			check  func(in *incidents.Incident) bool
		}{
			{incidentChange(incidents.KindAssessed, "inc_new", "us", amber.Normalize("us"), incidents.Assessed{IncidentID: "inc_new", Party: "us",
				Verdict: incidents.VerdictConfirmed, Status: incidents.StatusUnderReview}),
				func(in *incidents.Incident) bool { return in.Status == incidents.StatusUnderReview }},
			{incidentChange(incidents.KindAssessed, "inc_new", "ru", amber.Normalize("us"), incidents.Assessed{IncidentID: "inc_new", Party: "ru",
				Verdict: incidents.VerdictRejected, Status: incidents.StatusDisputed}),
				func(in *incidents.Incident) bool { return in.Status == incidents.StatusDisputed }},
			{incidentChange(incidents.KindReopened, "inc_new", "us", amber.Normalize("us"), incidents.Reopened{IncidentID: "inc_new", Round: 1,
				Status: incidents.StatusUnderReview}),
				func(in *incidents.Incident) bool { return in.Round == 1 && in.Status == incidents.StatusUnderReview }},
			{incidentChange(incidents.KindDuplicateMarked, "inc_new", "us", amber.Normalize("us"), incidents.DuplicateMarked{IncidentID: "inc_new",
				DuplicateOf: "inc_0000001"}),
				func(in *incidents.Incident) bool { return in.DuplicateOf == "inc_0000001" }},
		}
		for k, st := range steps {
			es, err := seq.Append(ctx, st.change)
			if err != nil {
				t.Fatal(err)
			}
			got := find(sameAsSQL(t, d, f, "us"), "inc_new")
			if got == nil || !st.check(got) || got.Seq != es[0].Seq {
				t.Fatalf("step %d (%s): listed %+v", k, st.change.Kind, got)
			}
		}
		// A status filter sees the new status, not the old one.
		f.Statuses = []incidents.Status{incidents.StatusReported}
		if find(sameAsSQL(t, d, f, "us"), "inc_new") != nil {
			t.Fatal("listed under its old status")
		}
		if st := d.IncidentIndexStats(); st.Incidents != 301 || st.Head == 0 {
			t.Fatalf("index stats %+v", st)
		}
	})
}

// TestIncidentIndexRebuiltOnRestart reopens a store: the index is loaded
// again in the background on the first window query (answered by SQL
// meanwhile) and then answers as before.
func TestIncidentIndexRebuiltOnRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	d, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	fillIndexFixture(t, d, 500, 9)
	from := time.Date(2016, 4, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(30 * 24 * time.Hour)
	f := incidents.Filter{BBox: &orb.Bound{Min: orb.Point{36, 33}, Max: orb.Point{39, 36}}, From: &from, To: &to, Brief: true, Limit: 1000}
	if err := d.LoadIncidentIndex(ctx); err != nil {
		t.Fatal(err)
	}
	before := sameAsSQL(t, d, f, "us")
	if len(before) == 0 {
		t.Fatal("empty window")
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	d, err = OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.IncidentIndexStats().Ready {
		t.Fatal("index ready before any query")
	}
	first, err := d.Incidents().Search(ctx, &f, "us") // SQL, and starts the load
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first, before) {
		t.Fatal("the first query after restart differs")
	}
	for deadline := time.Now().Add(20 * time.Second); !d.IncidentIndexStats().Ready; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("index not loaded after 20 s")
		}
	}
	if after := sameAsSQL(t, d, f, "us"); !reflect.DeepEqual(after, before) {
		t.Fatalf("after restart %v\nbefore %v", ids(after), ids(before))
	}
	if st := d.IncidentIndexStats(); st.Incidents != 540 {
		t.Fatalf("index stats %+v", st)
	}
}

// TestIncidentIndexAcrossProcesses has two processes (each with its own
// connection pool and index) share one PostgreSQL log, taking turns to
// append: each process's index shows the incidents and changes the other
// committed. (Concurrent appenders are package follow's tests.)
func TestIncidentIndexAcrossProcesses(t *testing.T) {
	dsn := pgtest.Schema(t)
	ctx := context.Background()
	var a, b *DB
	for _, p := range []**DB{&a, &b} {
		db, err := OpenPostgres(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.LoadIncidentIndex(ctx); err != nil {
			t.Fatal(err)
		}
		*p = db
	}
	start := time.Date(2016, 7, 20, 10, 0, 0, 0, time.UTC)
	from, to := start.Add(-24*time.Hour), start.Add(24*time.Hour)
	f := incidents.Filter{BBox: &orb.Bound{Min: orb.Point{37, 34}, Max: orb.Point{37.5, 34.4}}, From: &from, To: &to, Brief: true, Limit: 100}
	green := access.Releasability{TLP: access.TLPGreen}
	_, seqA := openSequencer(t, a)
	if _, err := seqA.Append(ctx, reportedChange("inc_a", orb.Point{37.1, 34.1}, start, "us", green)); err != nil {
		t.Fatal(err)
	}
	seqA.Close() // a's turn is over: b's tree, loaded now, holds a's entry
	if in := find(sameAsSQL(t, b, f, "ru"), "inc_a"); in == nil {
		t.Fatal("process b does not list a's incident")
	}
	_, seqB := openSequencer(t, b)
	if _, err := seqB.Append(ctx, incidentChange(incidents.KindAssessed, "inc_a", "ru", green, incidents.Assessed{IncidentID: "inc_a",
		Party: "ru", Verdict: incidents.VerdictRejected, Status: incidents.StatusUnderReview})); err != nil {
		t.Fatal(err)
	}
	if in := find(sameAsSQL(t, a, f, "us"), "inc_a"); in == nil || in.Status != incidents.StatusUnderReview {
		t.Fatalf("process a lists %+v", in)
	}
}

// TestIncidentIndexConcurrent reports and assesses incidents while other
// goroutines run window queries (run it with -race): no query fails, and
// at the end the index answers as SQL does.
func TestIncidentIndexConcurrent(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	if err := d.LoadIncidentIndex(ctx); err != nil { // empty: everything comes through the log
		t.Fatal(err)
	}
	_, seq := openSequencer(t, d)
	start := time.Date(2016, 7, 20, 10, 0, 0, 0, time.UTC)
	from, to := start.Add(-96*time.Hour), start.Add(96*time.Hour)
	f := incidents.Filter{BBox: &orb.Bound{Min: orb.Point{36, 33}, Max: orb.Point{40.5, 37.5}}, From: &from, To: &to, Brief: true, Limit: 1000}
	green := access.Releasability{TLP: access.TLPGreen}
	stop := make(chan struct{})
	errs := make(chan error, 4)
	for range 3 {
		go func() {
			for {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				g := f
				if _, err := d.Incidents().Search(ctx, &g, "us"); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for k := range 15 {
		id := fmt.Sprintf("inc_c%02d", k)
		if _, err := seq.Append(ctx, reportedChange(id, orb.Point{37 + float64(k)/20, 34}, start.Add(time.Duration(k)*time.Hour), "us", green)); err != nil {
			t.Fatal(err)
		}
		if k%3 == 0 {
			if _, err := seq.Append(ctx, incidentChange(incidents.KindAssessed, id, "ru", green, incidents.Assessed{IncidentID: id,
				Party: "ru", Verdict: incidents.VerdictRejected, Status: incidents.StatusUnderReview})); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(stop)
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	rows := sameAsSQL(t, d, f, "us")
	if in := find(rows, "inc_c12"); in == nil || in.Status != incidents.StatusUnderReview {
		t.Fatalf("inc_c12 listed as %+v", in)
	}
}
