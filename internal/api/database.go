package api

import (
	"context"

	"truce/internal/ledger"
	"truce/internal/stream"
)

// Database is what the API needs of the node's database, and all of it:
// the API declares it and never names the store's types (as x/mod's sumdb
// server depends on its ServerOps), so that a handler can be tested over
// any implementation and a second source of entries can be served the same
// way. internal/store's *DB implements it; internal/app passes one.
//
// Every entry a method returns MUST have been checked against its
// commitment and the tree first; a row that fails its check MUST end the
// read with an error that Classify marks fault.ErrIntegrity. Nothing
// altered is ever returned.
type Database interface {
	// Replay serves the live stream's catch-up (Last-Event-ID): every
	// committed entry from sequence number from on, in log order.
	stream.Replayer
	// Entry returns the stored entry seq, or an error wrapping
	// fault.ErrNotFound if there is none.
	Entry(ctx context.Context, seq int64) (*ledger.StoredEntry, error)
	// EntriesBySubject returns the stored entries about subject, in log
	// order.
	EntriesBySubject(ctx context.Context, subject string) ([]ledger.StoredEntry, error)
	// ScanEntries calls fn for every stored entry from seq from on, in
	// order, and stops at fn's first error, which it returns.
	ScanEntries(ctx context.Context, from int64, fn func(ledger.StoredEntry) error) error
	// Ping returns nil if the database answers (GET /readyz).
	Ping(ctx context.Context) error
	// Classify returns err marked with fault.ErrUnavailable,
	// fault.ErrStorageFull or fault.ErrIntegrity when it reports that
	// failure of the database itself, else err unchanged; the API's one
	// error mapper asks it before mapping any error to a problem.
	Classify(err error) error
	// NoteUnavailable tells the database's availability watcher that a
	// request failed with fault.ErrUnavailable; it MUST NOT block.
	NoteUnavailable(err error)
}
