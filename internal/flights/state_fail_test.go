package flights

import (
	"context"
	"errors"
	"log/slog"
	"testing"

	"truce/internal/accounts"
)

// failingParties answers every read of the parties with an error, as a
// database that went away does.
type failingParties struct{ err error }

func (f failingParties) Parties(context.Context) ([]accounts.Party, error) { return nil, f.err }

// TestWriteReportsAFailedStart: when a write cannot even begin (reading the
// co-chairs fails), the caller gets that error and the operation never
// runs. It used to dereference the missing write set and bring the node's
// flights ticker down with a panic.
func TestWriteReportsAFailedStart(t *testing.T) {
	gone := errors.New("database unreachable")
	s := &Service{deps: Deps{Parties: failingParties{gone}, Logger: slog.Default()}}
	err := s.write(context.Background(), func(*writeSet) error {
		t.Fatal("the operation ran without a write set")
		return nil
	})
	if !errors.Is(err, gone) {
		t.Fatalf("write: %v, want the parties' error", err)
	}
}
