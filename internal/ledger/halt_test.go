package ledger_test

import (
	"context"
	"errors"
	"testing"

	"truce/internal/ledger"
)

// TestSequencerHalt checks that a halted sequencer refuses every Append
// with a *HaltedError carrying the cause, writing nothing, except those
// whose every change the allow function accepts, and that the first Halt
// wins.
func TestSequencerHalt(t *testing.T) {
	ctx := context.Background()
	l := openSQLiteLog(t, ledger.SequencerOptions{})
	if _, err := l.seq.Append(ctx, event("before")); err != nil {
		t.Fatal(err)
	}
	if err := l.seq.Halted(); err != nil {
		t.Fatalf("Halted before Halt = %v", err)
	}
	cause := errors.New("entry 0 was altered")
	allow := func(d *ledger.Draft) bool { return d.Subject == "the-alert" }
	l.seq.Halt(cause, allow)
	l.seq.Halt(errors.New("a later cause"), nil)
	size := l.hashes.Size()
	cases := []struct {
		name    string
		changes []ledger.Change
		refused bool
	}{
		{"other write", []ledger.Change{event("after")}, true},
		{"allowed with another", []ledger.Change{event("the-alert"), event("after")}, true},
		{"allowed", []ledger.Change{event("the-alert")}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := l.seq.Append(ctx, tc.changes...)
			if !tc.refused {
				if err != nil {
					t.Fatalf("allowed append refused: %v", err)
				}
				return
			}
			var he *ledger.HaltedError
			if !errors.Is(err, ledger.ErrHalted) || !errors.As(err, &he) || !errors.Is(he, cause) {
				t.Fatalf("append after Halt: err = %v, want a HaltedError with the first cause", err)
			}
		})
	}
	if got := l.hashes.Size(); got != size+1 {
		t.Fatalf("tree grew from %d to %d entries, want only the allowed one", size, got)
	}
	if !errors.Is(l.seq.Halted(), cause) {
		t.Fatalf("Halted = %v, want the first cause", l.seq.Halted())
	}
}
