package store

import (
	"context"
	"errors"
	"fmt"

	"truce/internal/fault"
)

// Classify returns err marked with the fault kind of a failure of the
// database itself, so that a caller that knows only package fault (the API)
// can answer it: fault.ErrIntegrity when err matches ErrTampered (a stored
// entry row that failed its check), fault.ErrStorageFull when
// IsStorageFull(err), fault.ErrUnavailable when IsUnavailable(err). The
// marked error still matches everything err matched. Any other err,
// including nil, is returned unchanged. It does not use d and may be called
// on a nil or zero DB.
func (d *DB) Classify(err error) error {
	var kind error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrTampered):
		kind = fault.ErrIntegrity
	case IsStorageFull(err):
		kind = fault.ErrStorageFull
	case IsUnavailable(err):
		kind = fault.ErrUnavailable
	default:
		return err
	}
	if errors.Is(err, kind) {
		return err
	}
	return fmt.Errorf("%w: %w", kind, err)
}

// Ping reports whether the database answers: nil, or the driver's error.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.SQL.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}
