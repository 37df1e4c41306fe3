package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/cite"
	"truce/internal/ledger"
)

// citeState is what a DB knows for citations: the origin of its own log
// (set by CiteAs) and whether any mirrored entry was ever applied (so
// that an own entry on a node that mirrors nothing costs no query).
type citeState struct {
	self     atomic.Pointer[string]
	mirrored atomic.Int32 // 0 unknown, 1 none, 2 some
}

// CiteAs tells d the origin of its own log, so that citations of own
// entries (ORIGIN#INDEX:LEAF with this origin) are checked against it.
// Before it is called, only mirrored entries can be cited.
func (d *DB) CiteAs(origin string) { d.cites.self.Store(&origin) }

func (d *DB) ownOrigin() string {
	if p := d.cites.self.Load(); p != nil {
		return *p
	}
	return ""
}

// CitedEntries returns what d holds verified, for cite.Check and
// cite.Judge: the entries of its own log (under the origin CiteAs set)
// and those its mirrors stored, each verified against its origin's
// signed tree before it was stored.
func (d *DB) CitedEntries() cite.Source { return citeSource{q: d.SQL, self: d.ownOrigin()} }

type citeSource struct {
	q    ledger.Querier
	self string
}

// Commitment implements cite.Source.
func (s citeSource) Commitment(ctx context.Context, origin string, index int64) (tlog.Hash, bool, error) {
	var c []byte
	var err error
	if s.self != "" && origin == s.self {
		err = s.q.QueryRowContext(ctx, `SELECT commitment FROM log_entries WHERE seq = $1`, index).Scan(&c)
	} else {
		err = s.q.QueryRowContext(ctx, `SELECT commitment FROM local_mirror_entries WHERE origin = $1 AND seq = $2`, origin, index).Scan(&c)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return tlog.Hash{}, false, nil
	}
	if err != nil {
		return tlog.Hash{}, false, fmt.Errorf("store: commitment of %s#%d: %w", origin, index, err)
	}
	if len(c) != tlog.HashSize {
		return tlog.Hash{}, false, fmt.Errorf("store: commitment of %s#%d is malformed", origin, index)
	}
	return tlog.Hash(c), true, nil
}

// hasMirrored reports whether any mirrored entry was applied to the
// projections (read once, then kept up to date by noteMirrored).
func (d *DB) hasMirrored(ctx context.Context, q ledger.Querier) (bool, error) {
	switch d.cites.mirrored.Load() {
	case 1:
		return false, nil
	case 2:
		return true, nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM local_mirror_applied LIMIT 1) t`).Scan(&n); err != nil {
		return false, fmt.Errorf("store: any mirrored entry: %w", err)
	}
	if n > 0 {
		d.cites.mirrored.Store(2)
	} else {
		d.cites.mirrored.CompareAndSwap(0, 1)
	}
	return n > 0, nil
}

// noteMirrored records that a mirror chunk applied entries.
func (d *DB) noteMirrored() { d.cites.mirrored.Store(2) }

// noteMirroredSubject records the subject of entry seq of origin, stored
// with content, in local_mirror_subjects (migration 0025), where
// JointHistory finds a record's entries of every log, projected or not.
func noteMirroredSubject(ctx context.Context, q ledger.Querier, origin string, seq int64, subject string) error {
	if subject == "" {
		return nil
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO local_mirror_subjects (origin, seq, subject) VALUES ($1, $2, $3)`, origin, seq, subject); err != nil {
		return fmt.Errorf("store: mirror %s: subject of %d: %w", origin, seq, err)
	}
	return nil
}
