package store

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/testseed"
	"truce/internal/testwait"
)

// reopen opens a second handle on d's database, closed at cleanup.
func reopen(t testing.TB, d *DB) *DB {
	t.Helper()
	var e *DB
	var err error
	if d.Engine == Postgres {
		e, err = OpenPostgres(context.Background(), d.dsn)
	} else {
		e, err = OpenSQLite(context.Background(), d.Path)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, done := closedDBs.LoadOrStore(e, true); !done {
			e.Close()
		}
	})
	return e
}

// closedDBs holds the handles closeDB closed, which cleanup leaves alone.
var closedDBs sync.Map

// closeDB closes e now (reopen's cleanup then does not).
func closeDB(t testing.TB, e *DB) {
	t.Helper()
	closedDBs.Store(e, true)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
}

// startWithSnapshot opens a handle on d's database that keeps its index's
// snapshot at path, starts its index and waits until it is ready.
func startWithSnapshot(t testing.TB, d *DB, path string) *DB {
	t.Helper()
	e := reopen(t, d)
	e.SetIncidentIndexSnapshot(path, nil)
	e.StartIncidentIndex()
	testwait.For(t, 2*time.Minute, "the incident index", func() bool { return e.IncidentIndexStats().Ready })
	return e
}

// waitSnapshotWritten waits until the snapshot at path covers d's index.
func waitSnapshotWritten(t testing.TB, d *DB, path string) {
	t.Helper()
	testwait.For(t, 2*time.Minute, "the snapshot written", func() bool {
		if _, err := os.Stat(path); err != nil {
			return false
		}
		d.incidentIdx.sync.Lock()
		defer d.incidentIdx.sync.Unlock()
		return d.incidentIdx.snapAt[0] == d.IncidentIndexStats().Head
	})
}

// sameWindows checks, on random windows and every test viewer (members of
// the audiences, a party in none and the public), that d's index answers
// as the SQL path and, if rebuilt is not nil, as rebuilt's index (built
// from the table) does.
func sameWindows(t *testing.T, d, rebuilt *DB, seed uint64) {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 31))
	answered := 0
	for k := range 60 {
		f := indexFilter(rng)
		f.Limit = 1 + rng.IntN(400)
		for _, v := range indexViewers {
			got, ok, err := d.searchIndexed(ctx, &f, v)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue // too wide for the grid: SQL answers it
			}
			answered++
			want, err := incidentsStore{d}.searchSQL(ctx, &f, v)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("window %d, viewer %q: index %d rows, SQL %d", k, v, len(got), len(want))
			}
			for _, in := range got {
				if !in.Release.VisibleTo(v) {
					t.Fatalf("window %d: %s listed to %q, outside its releasability", k, in.ID, v)
				}
			}
			if rebuilt != nil {
				again, ok, err := rebuilt.searchIndexed(ctx, &f, v)
				if err != nil || !ok || !reflect.DeepEqual(got, again) {
					t.Fatalf("window %d, viewer %q: from the snapshot %d rows, rebuilt %d (%v, %v)", k, v, len(got), len(again), ok, err)
				}
			}
		}
	}
}

// padLog appends n entries that project nothing, so that incidents
// reported next (numbered by their sequence number) come after a fixture
// of n.
func padLog(t testing.TB, seq *ledger.Sequencer, n int) {
	t.Helper()
	for n > 0 {
		batch := make([]ledger.Change, min(n, 500))
		for k := range batch {
			batch[k] = ledger.Change{Draft: ledger.Draft{Party: "us", Kind: "test.event", Subject: "pad",
				Release: access.Releasability{TLP: access.TLPClear}, Payload: map[string]string{}}}
		}
		if _, err := seq.Append(context.Background(), batch...); err != nil {
			t.Fatal(err)
		}
		n -= len(batch)
	}
}

// writeSinceSnapshot appends, through the log, new incidents near and
// away from the fixture's and state changes of incidents the snapshot
// holds (the fixture's, which the tables alone hold, among them).
func writeSinceSnapshot(t testing.TB, seq *ledger.Sequencer, rng *rand.Rand, prefix string, n int) {
	t.Helper()
	ctx := context.Background()
	rels := []access.Releasability{{TLP: access.TLPClear}, {TLP: access.TLPAmber}, {TLP: access.TLPRed, Audience: []string{"un"}}}
	for k := range n {
		id := fmt.Sprintf("%s_%03d", prefix, k)
		at := orb.Point{36 + rng.Float64()*4, 33 + rng.Float64()*4}
		start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(360*24)) * time.Hour)
		if _, err := seq.Append(ctx, reportedChange(id, at, start, "us", rels[k%len(rels)])); err != nil {
			t.Fatal(err)
		}
		if k%3 == 0 {
			if _, err := seq.Append(ctx, incidentChange(incidents.KindAssessed, id, "ru", rels[k%len(rels)].Normalize("us"),
				incidents.Assessed{IncidentID: id, Party: "ru", Verdict: incidents.VerdictRejected, Status: incidents.StatusDisputed})); err != nil {
				t.Fatal(err)
			}
		}
	}
	for k := range n {
		id := fmt.Sprintf("inc_%07d", 1+rng.IntN(300))
		if _, err := seq.Append(ctx, incidentChange(incidents.KindReopened, id, "un", access.Releasability{TLP: access.TLPClear},
			incidents.Reopened{IncidentID: id, Round: 2 + k, Status: incidents.StatusUnderReview})); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIncidentIndexSnapshotStart starts an index from its snapshot after
// writes that came after it, and compares its windows with SQL and with an
// index built from the table; then again from the snapshot written at
// close.
func TestIncidentIndexSnapshotStart(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		seed := testseed.Seed(t)
		rng := rand.New(rand.NewPCG(seed, 5))
		d := open(t)
		fillIndexFixture(t, d, 2000, seed)
		_, seq := openSequencer(t, d)
		padLog(t, seq, 2001)
		writeSinceSnapshot(t, seq, rng, "before", 10)
		path := filepath.Join(t.TempDir(), "incident-index.snapshot")

		first := startWithSnapshot(t, d, path)
		if first.IncidentIndexStats().Snapshot {
			t.Fatal("the first start read a snapshot that did not exist")
		}
		waitSnapshotWritten(t, first, path)
		written := first.incidentIdx.snapAt

		writeSinceSnapshot(t, seq, rng, "after", 15)
		second := startWithSnapshot(t, d, path)
		st := second.IncidentIndexStats()
		if !st.Snapshot || second.incidentIdx.snapAt != written {
			t.Fatalf("second start: %+v, snapshot at %v, want read from the one at %v", st, second.incidentIdx.snapAt, written)
		}
		rebuilt := reopen(t, d)
		if err := rebuilt.LoadIncidentIndex(context.Background()); err != nil {
			t.Fatal(err)
		}
		if st.Head != rebuilt.IncidentIndexStats().Head || st.Incidents != rebuilt.IncidentIndexStats().Incidents {
			t.Fatalf("from the snapshot %+v, rebuilt %+v", st, rebuilt.IncidentIndexStats())
		}
		sameWindows(t, second, rebuilt, seed)

		// Closing writes the snapshot again, now covering the later writes.
		closeDB(t, second)
		writeSinceSnapshot(t, seq, rng, "later", 5)
		third := startWithSnapshot(t, d, path)
		if !third.IncidentIndexStats().Snapshot || third.incidentIdx.snapAt[0] != st.Head {
			t.Fatalf("third start: snapshot at %v, want the one written at close (head %d)", third.incidentIdx.snapAt, st.Head)
		}
		sameWindows(t, third, nil, seed+1)
	})
}

// logLines captures the default logger's output for the test.
type logLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func captureLog(t *testing.T) *logLines {
	l := &logLines{}
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(l, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	return l
}

// TestIncidentIndexSnapshotIgnored checks that a snapshot that does not
// check out is ignored with a log line saying why, the index built from
// the table (and answering as SQL does), and the snapshot written again.
func TestIncidentIndexSnapshotIgnored(t *testing.T) {
	seed := testseed.Seed(t)
	// A database with a log, and its snapshot.
	d := openTemp(t)
	fillIndexFixture(t, d, 1000, seed)
	_, seq := openSequencer(t, d)
	padLog(t, seq, 1001)
	writeSinceSnapshot(t, seq, rand.New(rand.NewPCG(seed, 6)), "a", 8)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.snapshot")
	waitSnapshotWritten(t, startWithSnapshot(t, d, good), good)
	valid, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	// Another database: the same fixture, another log of the same length
	// (other content), and one with a shorter log.
	other := openTemp(t)
	fillIndexFixture(t, other, 1000, seed)
	_, otherSeq := openSequencer(t, other)
	padLog(t, otherSeq, 1001)
	writeSinceSnapshot(t, otherSeq, rand.New(rand.NewPCG(seed, 7)), "a", 8)
	shorter := openTemp(t)
	fillIndexFixture(t, shorter, 1000, seed)
	_, shorterSeq := openSequencer(t, shorter)
	padLog(t, shorterSeq, 1001)
	writeSinceSnapshot(t, shorterSeq, rand.New(rand.NewPCG(seed, 6)), "a", 2)

	flip := func(at int) []byte {
		b := bytes.Clone(valid)
		b[at] ^= 0x40
		return b
	}
	cases := []struct {
		name    string
		db      *DB
		content []byte
		setup   func(t *testing.T)
		why     string
	}{
		{"truncated", d, valid[:len(valid)/2], nil, "cut short"},
		{"empty", d, []byte{}, nil, "not a snapshot"},
		{"wrong checksum", d, flip(len(valid) - 100), nil, "checksum"},
		{"damaged metadata", d, flip(snapshotHeader + 10), nil, "snapshot"},
		{"other database", other, valid, nil, "is not the one it covers"},
		{"newer than the log", shorter, valid, nil, "the log holds"},
		{"rows without a log entry", d, valid, func(t *testing.T) {
			// Written straight into the table, as a fixture or a restore
			// without the log would.
			if _, err := insertIncident(context.Background(), d.SQL, &IncidentRow{N: 99_000_001, Report: &incidents.Report{ID: "unlogged",
				Key: "u", Category: incidents.Categories[0], Time: incidents.TimeSpan{Start: "2016-05-01T00:00:00Z", Precision: "day"},
				Location: []byte(`{"type":"Point","coordinates":[37,34]}`), LocationPrecision: "exact", Perpetrator: incidents.Perpetrator{Kind: "unknown"}},
				Party: "un", Author: "un-monitor", ReportedAt: "2016-05-02T00:00:00Z", TLP: "CLEAR", Seq: 99_000_001}); err != nil {
				t.Fatal(err)
			}
		}, "the table"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "incident-index.snapshot")
			if err := os.WriteFile(path, c.content, 0o600); err != nil {
				t.Fatal(err)
			}
			if c.setup != nil {
				c.setup(t)
			}
			logged := captureLog(t)
			e := startWithSnapshot(t, c.db, path)
			if e.IncidentIndexStats().Snapshot {
				t.Fatal("the snapshot was used")
			}
			if s := logged.String(); !strings.Contains(s, "snapshot ignored") || !strings.Contains(s, c.why) {
				t.Fatalf("log does not say the snapshot was ignored because %q:\n%s", c.why, s)
			}
			sameWindows(t, e, nil, seed)
			// Written again from the table: the next start reads it.
			waitSnapshotWritten(t, e, path)
			if !startWithSnapshot(t, c.db, path).IncidentIndexStats().Snapshot {
				t.Fatal("the snapshot written after the build was not used")
			}
		})
	}
}

// snapshotWriterEnv names, for TestIncidentIndexSnapshotWriterChild, the
// database and the snapshot it writes ("db|snapshot").
const snapshotWriterEnv = "TRUCE_TEST_SNAPSHOT_WRITER"

// TestIncidentIndexSnapshotWriterChild is the process that
// TestIncidentIndexSnapshotKilledDuringWrite kills: it loads the index of
// the database it is given and writes its snapshot over and over.
func TestIncidentIndexSnapshotWriterChild(t *testing.T) {
	arg := os.Getenv(snapshotWriterEnv)
	if arg == "" {
		t.Skip("run by TestIncidentIndexSnapshotKilledDuringWrite")
	}
	db, path, _ := strings.Cut(arg, "|")
	d, err := OpenSQLite(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.LoadIncidentIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	for {
		d.incidentIdx.sync.Lock()
		err := d.incidentIdx.writeSnapshot(context.Background(), d, path, true)
		d.incidentIdx.sync.Unlock()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestIncidentIndexSnapshotKilledDuringWrite kills (SIGKILL) a process
// while it writes the snapshot, over an older snapshot that the log has
// since outgrown: the next start answers every window as SQL and a full
// rebuild do, and removes what the killed write left.
func TestIncidentIndexSnapshotKilledDuringWrite(t *testing.T) {
	seed := testseed.Seed(t)
	rng := rand.New(rand.NewPCG(seed, 8))
	d := openTemp(t)
	fillIndexFixture(t, d, 3000, seed)
	_, seq := openSequencer(t, d)
	padLog(t, seq, 3001)
	writeSinceSnapshot(t, seq, rng, "old", 5)
	path := filepath.Join(t.TempDir(), "incident-index.snapshot")
	waitSnapshotWritten(t, startWithSnapshot(t, d, path), path)
	writeSinceSnapshot(t, seq, rng, "new", 10)

	temps := func() []string {
		entries, _ := os.ReadDir(filepath.Dir(path))
		var out []string
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), snapshotTempPrefix(path)) {
				out = append(out, e.Name())
			}
		}
		return out
	}
	killedMidWrite := false
	for attempt := 0; attempt < 10 && !killedMidWrite; attempt++ {
		child := exec.Command(os.Args[0], "-test.run=^TestIncidentIndexSnapshotWriterChild$")
		child.Env = append(os.Environ(), snapshotWriterEnv+"="+d.Path+"|"+path)
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		testwait.For(t, 2*time.Minute, "the child writing a snapshot", func() bool { return len(temps()) > 0 })
		if err := child.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		child.Wait()
		killedMidWrite = len(temps()) > 0 // else the write finished between the look and the kill
	}
	if !killedMidWrite {
		t.Fatal("no kill landed during a write in 10 attempts")
	}
	e := startWithSnapshot(t, d, path)
	if left := temps(); len(left) > 0 {
		t.Fatalf("the killed write's files are still there: %v", left)
	}
	rebuilt := reopen(t, d)
	if err := rebuilt.LoadIncidentIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	sameWindows(t, e, rebuilt, seed)
}
