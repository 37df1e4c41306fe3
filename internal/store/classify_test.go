package store

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"truce/internal/fault"
)

// TestClassify checks that each engine's way of reporting a failure of the
// database itself, however deeply wrapped, is marked with its fault kind
// (and still matches what it matched), and that other errors pass
// unchanged.
func TestClassify(t *testing.T) {
	other := errors.New("some other failure")
	tests := []struct {
		name string
		err  error
		kind error // nil: returned unchanged
	}{
		{"nil", nil, nil},
		{"other", fmt.Errorf("op: %w", other), nil},
		{"not found", fmt.Errorf("store: %w", fault.ErrNotFound), nil},
		{"tampered row", fmt.Errorf("store: entry 3: %w", &TamperError{Seq: 3, Reason: "commitment"}), fault.ErrIntegrity},
		{"ENOSPC", fmt.Errorf("evidence: %w", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}), fault.ErrStorageFull},
		{"PostgreSQL disk_full", &pgconn.PgError{Code: "53100"}, fault.ErrStorageFull},
		{"store sentinel full", fmt.Errorf("op: %w", ErrStorageFull), fault.ErrStorageFull},
		{"PostgreSQL admin shutdown", fmt.Errorf("commit: %w", &pgconn.PgError{Code: "57P01"}), fault.ErrUnavailable},
		{"connection refused", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), fault.ErrUnavailable},
		{"already marked", fmt.Errorf("%w: %w", fault.ErrUnavailable, ErrUnavailable), fault.ErrUnavailable},
	}
	var d *DB // Classify does not use its receiver
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := d.Classify(tc.err)
			if tc.kind == nil {
				if got != tc.err {
					t.Fatalf("Classify(%v) = %v, want it unchanged", tc.err, got)
				}
				return
			}
			if !errors.Is(got, tc.kind) {
				t.Fatalf("Classify(%v) = %v, does not match %v", tc.err, got, tc.kind)
			}
			if !errors.Is(got, tc.err) {
				t.Errorf("Classify(%v) = %v lost the original error", tc.err, got)
			}
		})
	}
}
