package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"truce/internal/ledger"
)

// TestSequencerConcurrentAppends runs many concurrent appenders, some of
// whose appends fail by precondition or by projection, and checks that the
// successful ones got distinct, contiguous sequence numbers, that the failed
// ones left nothing, and that the tree matches the stored rows.
func TestSequencerConcurrentAppends(t *testing.T) {
	const seed = 1
	t.Logf("seed %d", seed)
	ctx := context.Background()
	l := openSQLiteLog(t, ledger.SequencerOptions{})
	if _, err := l.seq.Append(ctx, partyCreated("dup")); err != nil {
		t.Fatal(err)
	}
	const writers, perWriter = 32, 16
	type outcome struct {
		subjects []string
		entries  []*ledger.Entry
		err      error
	}
	results := make([][]outcome, writers)
	var wg sync.WaitGroup
	for w := range writers {
		r := rand.New(rand.NewPCG(seed, uint64(w)))
		wg.Go(func() {
			for i := range perWriter {
				var changes []ledger.Change
				var subjects []string
				for c := range 1 + r.IntN(3) {
					s := fmt.Sprintf("w%d-i%d-c%d", w, i, c)
					ch := event(s)
					switch k := r.IntN(40); {
					case k < 3:
						ch.Check = func(context.Context, ledger.Querier) error { return errRefused }
					case k < 5:
						ch = partyCreated("dup") // the projection refuses a second "dup"
					case k < 12:
						ch.Check = func(ctx context.Context, q ledger.Querier) error {
							var n int
							return q.QueryRowContext(ctx, `SELECT count(*) FROM log_entries`).Scan(&n)
						}
					}
					changes = append(changes, ch)
					subjects = append(subjects, ch.Subject)
				}
				es, err := l.seq.Append(ctx, changes...)
				results[w] = append(results[w], outcome{subjects, es, err})
			}
		})
	}
	wg.Wait()

	entries := checkStoredLog(t, l.db, l.hashes)
	stored := map[string]int{}
	for _, e := range entries {
		stored[e.Subject]++
	}
	var seqs []int64
	var failed, ok int
	for w := range results {
		for _, o := range results[w] {
			if o.err != nil {
				failed++
				if o.entries != nil {
					t.Errorf("failed append returned entries: %v", o.err)
				}
				for _, s := range o.subjects {
					if s != "party:dup" && stored[s] != 0 {
						t.Errorf("failed append (%v) left entry %s", o.err, s)
					}
				}
				continue
			}
			ok++
			if len(o.entries) != len(o.subjects) {
				t.Fatalf("append of %d changes returned %d entries", len(o.subjects), len(o.entries))
			}
			for i, e := range o.entries {
				if e.Subject != o.subjects[i] || (i > 0 && e.Seq != o.entries[i-1].Seq+1) {
					t.Fatalf("append's entries not contiguous and in order: %+v", o.entries)
				}
				seqs = append(seqs, e.Seq)
			}
		}
	}
	if failed == 0 || ok == 0 {
		t.Fatalf("%d appends failed, %d succeeded: the mix is not exercised", failed, ok)
	}
	slices.Sort(seqs)
	for i, s := range seqs {
		if s != int64(i+1) { // 0 is the first "dup" party
			t.Fatalf("sequence numbers not distinct and contiguous: position %d holds %d", i, s)
		}
	}
	if len(entries) != len(seqs)+1 {
		t.Fatalf("%d entries stored, %d returned", len(entries), len(seqs)+1)
	}
	// OnCommit saw every entry once, in log order.
	var next int64
	for _, b := range l.batches {
		for _, e := range b {
			if e.Seq != next {
				t.Fatalf("OnCommit saw entry %d where %d was next", e.Seq, next)
			}
			next++
		}
	}
	if next != int64(len(entries)) {
		t.Fatalf("OnCommit saw %d entries, %d stored", next, len(entries))
	}
	t.Logf("%d appends succeeded, %d failed; %d entries in %d batches", ok, failed, len(entries), len(l.batches))
}

// blockSequencer appends a change whose precondition blocks the sequencer
// inside its batch until release is closed; it returns once the sequencer
// is blocked, and a function that waits for that append's outcome.
func blockSequencer(t *testing.T, l *sqliteLog, subject string) (release chan struct{}, wait func() error) {
	t.Helper()
	started := make(chan struct{})
	release = make(chan struct{})
	ch := event(subject)
	ch.Check = func(context.Context, ledger.Querier) error {
		close(started)
		<-release
		return nil
	}
	done := make(chan error, 1)
	go func() {
		_, err := l.seq.Append(context.Background(), ch)
		done <- err
	}()
	<-started
	return release, func() error { return <-done }
}

// settle gives goroutines that are about to queue an append time to do so,
// so that they share the next batch. The tests' assertions hold whether or
// not they do.
func settle() { time.Sleep(50 * time.Millisecond) }

// TestSequencerFailureIsolation checks that a failing precondition or a
// failing projection aborts only its own Append, including the earlier
// changes of that Append, while the others queued in the same batch commit.
func TestSequencerFailureIsolation(t *testing.T) {
	ctx := context.Background()
	l := openSQLiteLog(t, ledger.SequencerOptions{})
	if _, err := l.seq.Append(ctx, partyCreated("us")); err != nil {
		t.Fatal(err)
	}
	release, waitA := blockSequencer(t, l, "a")

	var sawOwnEarlierChange int
	appends := map[string][]ledger.Change{
		"refused": {func() ledger.Change {
			c := event("refused")
			c.Check = func(context.Context, ledger.Querier) error { return errRefused }
			return c
		}()},
		"ok1": {event("ok1")},
		"dup": {event("dup-first"), partyCreated("us")},
		"ok2": {event("ok2-1"), event("ok2-2")},
		"second-refused": {event("sr-first"), func() ledger.Change {
			c := event("sr-second")
			c.Check = func(ctx context.Context, q ledger.Querier) error {
				// The precondition sees the earlier change of its Append.
				if err := q.QueryRowContext(ctx, `SELECT count(*) FROM log_entries WHERE subject = 'sr-first'`).Scan(&sawOwnEarlierChange); err != nil {
					return err
				}
				return fmt.Errorf("wrapped: %w", errRefused)
			}
			return c
		}()},
	}
	errs := map[string]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, changes := range appends {
		wg.Go(func() {
			_, err := l.seq.Append(ctx, changes...)
			mu.Lock()
			errs[name] = err
			mu.Unlock()
		})
	}
	settle()
	close(release)
	wg.Wait()
	if err := waitA(); err != nil {
		t.Fatalf("blocking append: %v", err)
	}

	if errs["refused"] != errRefused {
		t.Errorf("refused: %v, want the precondition's error unchanged", errs["refused"])
	}
	if !errors.Is(errs["second-refused"], errRefused) {
		t.Errorf("second-refused: %v", errs["second-refused"])
	}
	if errs["dup"] == nil {
		t.Error("second party \"us\" was accepted")
	}
	if errs["ok1"] != nil || errs["ok2"] != nil {
		t.Errorf("appends in the same batch failed: %v, %v", errs["ok1"], errs["ok2"])
	}
	if sawOwnEarlierChange != 1 {
		t.Errorf("precondition saw %d rows of its Append's earlier change, want 1", sawOwnEarlierChange)
	}
	for s, want := range map[string]int{"a": 1, "ok1": 1, "ok2-1": 1, "ok2-2": 1, "party:us": 1,
		"refused": 0, "dup-first": 0, "sr-first": 0, "sr-second": 0} {
		if got := subjectCount(t, l.db, s); got != want {
			t.Errorf("%d entries about %s, want %d", got, s, want)
		}
	}
	parties, err := l.db.Access().Parties(ctx)
	if err != nil || len(parties) != 1 {
		t.Errorf("parties after the failed duplicate: %+v, %v", parties, err)
	}
	entries := checkStoredLog(t, l.db, l.hashes)
	if len(entries) != 5 {
		t.Fatalf("%d entries stored, want 5", len(entries))
	}
	t.Logf("batches: %d (the last holds %d entries)", len(l.batches), len(l.batches[len(l.batches)-1]))

	// The sequencer goes on after failures, with no gap in the sequence.
	es, err := l.seq.Append(ctx, event("after"))
	if err != nil || es[0].Seq != 5 {
		t.Fatalf("append after failures: %+v, %v", es, err)
	}
}

// TestSequencerProjectionFailure checks that an entry its projection
// refuses (duplicate party, disabling a user who does not exist) is not
// written and changes no table.
func TestSequencerProjectionFailure(t *testing.T) {
	ctx := context.Background()
	l := openSQLiteLog(t, ledger.SequencerOptions{})
	if _, err := l.seq.Append(ctx, partyCreated("us"), partyCreated("ru")); err != nil {
		t.Fatal(err)
	}
	disable := event("user:nobody")
	disable.Kind = "user.disabled"
	disable.Payload = map[string]string{"user_id": "nobody"}
	for name, changes := range map[string][]ledger.Change{
		"duplicate party":         {partyCreated("un"), partyCreated("ru")},
		"disable unknown user":    {disable},
		"undecodable payload":     {func() ledger.Change { c := partyCreated("x"); c.Payload = []int{1}; return c }()},
		"duplicate in one append": {partyCreated("ua"), partyCreated("ua")},
	} {
		if es, err := l.seq.Append(ctx, changes...); err == nil {
			t.Errorf("%s: accepted as %+v", name, es)
		}
	}
	parties, err := l.db.Access().Parties(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(parties) != 2 || parties[0].ID != "ru" || parties[1].ID != "us" {
		t.Fatalf("parties: %+v", parties)
	}
	if n := len(checkStoredLog(t, l.db, l.hashes)); n != 2 {
		t.Fatalf("%d entries stored, want 2", n)
	}
}

// TestSequencerValidation checks that invalid drafts are refused before
// anything is queued, and that an empty Append is a no-op.
func TestSequencerValidation(t *testing.T) {
	ctx := context.Background()
	l := openSQLiteLog(t, ledger.SequencerOptions{})
	if es, err := l.seq.Append(ctx); es != nil || err != nil {
		t.Fatalf("empty append: %v, %v", es, err)
	}
	bad := event("x")
	bad.Kind = "Bad"
	if _, err := l.seq.Append(ctx, event("ok"), bad); err == nil {
		t.Fatal("invalid kind accepted")
	}
	unencodable := event("y")
	unencodable.Payload = map[string]any{"f": func() {}}
	if _, err := l.seq.Append(ctx, unencodable); err == nil {
		t.Fatal("unencodable payload accepted")
	}
	if n := len(checkStoredLog(t, l.db, l.hashes)); n != 0 {
		t.Fatalf("%d entries stored, want 0", n)
	}
}
