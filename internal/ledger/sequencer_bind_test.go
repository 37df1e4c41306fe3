package ledger_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"truce/internal/ledger"
)

// TestBindNamesAnEarlierEntryOfTheSameAppend checks Change.Bind: it gets
// the sequence number of its own entry, so a payload can name the entry of
// an earlier change of the same Append (seq minus its distance); its
// payload is what is logged; and an error from Bind aborts the whole
// Append, leaving nothing of it.
func TestBindNamesAnEarlierEntryOfTheSameAppend(t *testing.T) {
	ctx := context.Background()
	l := openSQLiteLog(t, ledger.SequencerOptions{})
	if _, err := l.seq.Append(ctx, event("before")); err != nil {
		t.Fatal(err)
	}
	named := func(subject string, distance int64) ledger.Change {
		c := event(subject)
		c.Bind = func(seq int64) (any, error) {
			return map[string]any{"subject": subject, "names": seq - distance}, nil
		}
		return c
	}
	es, err := l.seq.Append(ctx, event("record"), named("first", 1), named("second", 2))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es[1:] {
		var p struct{ Names int64 }
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if p.Names != es[0].Seq {
			t.Errorf("entry %d (%s) names entry %d, want %d", e.Seq, e.Subject, p.Names, es[0].Seq)
		}
	}

	refused := errors.New("refused")
	bad := event("bad")
	bad.Bind = func(int64) (any, error) { return nil, refused }
	if _, err := l.seq.Append(ctx, event("lost"), bad); !errors.Is(err, refused) {
		t.Fatalf("Append with a failing Bind: %v, want %v", err, refused)
	}
	for _, s := range []string{"lost", "bad"} {
		if n := subjectCount(t, l.db, s); n != 0 {
			t.Errorf("%d entries of %q after a failing Bind, want 0", n, s)
		}
	}
}

// TestSubmitSequencesInSubmitOrder submits writes one after another without
// waiting and checks that they are sequenced in that order, and that a
// write refused before it is queued reports its error through wait.
func TestSubmitSequencesInSubmitOrder(t *testing.T) {
	ctx := context.Background()
	l := openSQLiteLog(t, ledger.SequencerOptions{})
	const n = 200
	waits := make([]func() ([]*ledger.Entry, error), n)
	for i := range waits {
		waits[i] = l.seq.Submit(ctx, event(fmt.Sprintf("s%d", i)))
	}
	var last int64 = -1
	for i, wait := range waits {
		es, err := wait()
		if err != nil {
			t.Fatal(err)
		}
		if es[0].Seq <= last {
			t.Fatalf("write %d sequenced at %d, after %d", i, es[0].Seq, last)
		}
		last = es[0].Seq
	}
	bad := event("bad")
	bad.Kind = "Not A Kind"
	if _, err := l.seq.Submit(ctx, bad)(); err == nil {
		t.Fatal("a malformed change was accepted")
	}
}
