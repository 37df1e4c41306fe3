package store

import (
	"context"
	"fmt"

	"truce/internal/ledger"
)

// Origin labels: which party node's log holds a record.
//
// A record is labelled with the origin of the entry that created it: a
// peer's origin when that entry was mirrored and applied here
// (local_mirror_applied, mirror_apply.go), this node's own origin
// otherwise. The label is computed when a record is read, never stored in
// a projection, so replay and the integrity check see the same tables as
// before and a node whose origin is set later labels old records too.

// SetOrigin sets this node's own log origin, the label of records its own
// log created. It MUST be called before the store serves reads (app.Open
// does, right after opening); until then own records are labelled "".
func (d *DB) SetOrigin(origin string) { d.origin = origin }

// Origin returns this node's own log origin as set by SetOrigin.
func (d *DB) Origin() string { return d.origin }

// label returns mirrored, the origin a query found for a record, or this
// node's own origin when mirrored is "" (an own record).
func (d *DB) label(mirrored string) string {
	if mirrored != "" {
		return mirrored
	}
	if d == nil {
		return ""
	}
	return d.origin
}

// originAt returns an SQL expression of the origin whose mirrored entry
// was applied at the local timeline position held in column seqCol (the empty string for
// an own entry's sequence number). The lookup is by local_mirror_applied's
// primary key.
func originAt(seqCol string) string {
	return `COALESCE((SELECT m.origin FROM local_mirror_applied m WHERE m.pos = ` + seqCol + `), '')`
}

// originOfSubject returns an SQL expression of the origin that holds the
// record whose log subject is the SQL expression subject, for records
// whose table keeps no creating entry: the origin of the first mirrored
// entry about it applied before any own entry about it, the empty string when an own
// entry came first (the rule refuseHeldByPeer applies to writes).
func originOfSubject(subject string) string {
	return `COALESCE((SELECT m.origin FROM local_mirror_applied m WHERE m.subject = ` + subject + `
		AND NOT EXISTS (SELECT 1 FROM log_entries l WHERE l.subject = m.subject AND l.seq < m.after)
		ORDER BY m.pos LIMIT 1), '')`
}

// Holder returns the origin that holds the record subject (see
// originOfSubject): this node's own origin unless a peer's entry about it
// was applied before any own entry. It reads through q when q is non-nil.
func (d *DB) Holder(ctx context.Context, q ledger.Querier, subject string) (string, error) {
	if q == nil {
		q = d.SQL
	}
	var o string
	if err := q.QueryRowContext(ctx, `SELECT `+originOfSubject(`$1`), subject).Scan(&o); err != nil {
		return "", fmt.Errorf("store: origin of %s: %w", subject, err)
	}
	return d.label(o), nil
}
