package ledger_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"truce/internal/fault"
	"truce/internal/ledger"
)

// TestSequencerRefusesOtherParties checks the one place every append
// passes through: a party node's sequencer (us, hosting ngo) refuses an
// entry in another party's name, alone or among allowed ones, with a
// forbidden refusal naming its kind and party, and writes nothing of that
// append; it appends entries of its own and its hosted party; a hosted
// node's sequencer (no parties) appends for any party.
func TestSequencerRefusesOtherParties(t *testing.T) {
	ctx := context.Background()
	as := func(party, subject string) ledger.Change {
		c := event(subject)
		c.Party = party
		return c
	}
	tests := []struct {
		name    string
		parties []string
		changes []ledger.Change
		refused string // the party named in the refusal, "" if accepted
	}{
		{"own party", []string{"us", "ngo"}, []ledger.Change{as("us", "a")}, ""},
		{"hosted party", []string{"us", "ngo"}, []ledger.Change{as("ngo", "b")}, ""},
		{"another party", []string{"us", "ngo"}, []ledger.Change{as("ru", "c")}, "ru"},
		{"another party among own", []string{"us", "ngo"}, []ledger.Change{as("us", "d"), as("ru", "e"), as("ngo", "f")}, "ru"},
		{"not the hosted one", []string{"us"}, []ledger.Change{as("ngo", "g")}, "ngo"},
		{"hosted node", nil, []ledger.Change{as("ru", "h"), as("us", "i")}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := openSQLiteLog(t, ledger.SequencerOptions{Parties: tc.parties})
			es, err := l.seq.Append(ctx, tc.changes...)
			stored := len(checkStoredLog(t, l.db, l.hashes))
			if tc.refused == "" {
				if err != nil || len(es) != len(tc.changes) || stored != len(tc.changes) {
					t.Fatalf("refused: %v (%d entries, %d stored)", err, len(es), stored)
				}
				return
			}
			if !errors.Is(err, ledger.ErrOtherParty) || !errors.Is(err, fault.ErrForbidden) {
				t.Fatalf("err = %v, want ErrOtherParty (forbidden)", err)
			}
			msg := fault.ClientMessage(err)
			if !strings.Contains(msg, `"`+tc.refused+`"`) || !strings.Contains(msg, "test.event") {
				t.Errorf("client message %q does not name the kind and the party %s", msg, tc.refused)
			}
			if es != nil || stored != 0 || l.hashes.Size() != 0 {
				t.Fatalf("refused append wrote %d entries (%d stored, tree %d)", len(es), stored, l.hashes.Size())
			}
		})
	}
}

// TestSequencerSetParties checks that a running sequencer follows a change
// of the parties it speaks for: us's node refuses ngo's entry, then, once
// it hosts ngo, appends it, and once it no longer does, refuses it again.
func TestSequencerSetParties(t *testing.T) {
	ctx := context.Background()
	l := openSQLiteLog(t, ledger.SequencerOptions{Parties: []string{"us"}})
	ngo := func(subject string) ledger.Change {
		c := event(subject)
		c.Party = "ngo"
		return c
	}
	for _, step := range []struct {
		parties []string
		refused bool
	}{
		{[]string{"us"}, true},
		{[]string{"us", "ngo"}, false},
		{[]string{"us"}, true},
	} {
		l.seq.SetParties(step.parties)
		_, err := l.seq.Append(ctx, ngo("s"))
		if refused := errors.Is(err, ledger.ErrOtherParty); refused != step.refused || (!refused && err != nil) {
			t.Fatalf("speaking for %v, ngo's entry: %v", step.parties, err)
		}
	}
	if n := len(checkStoredLog(t, l.db, l.hashes)); n != 1 {
		t.Fatalf("%d entries stored, want ngo's one", n)
	}
}
