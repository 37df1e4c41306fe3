package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// ErrTampered is matched (errors.Is) by every error that reports a stored
// entry row that does not match its commitment: its canonical bytes, its
// commitment column, or a column copied from the entry was altered.
var ErrTampered = errors.New("store: stored entry does not match its commitment")

// TamperError names the log_entries row that failed its check and why. It
// matches ErrTampered.
type TamperError struct {
	Seq    int64
	Reason string
}

func (e *TamperError) Error() string {
	return fmt.Sprintf("store: log entry %d was altered: %s", e.Seq, e.Reason)
}

// Is reports whether target is ErrTampered.
func (e *TamperError) Is(target error) bool { return target == ErrTampered }

// Leaves is the tree a read entry is checked against: the commitments that
// the node recomputed its tree from and checked against its signed
// checkpoint at start. *ledger.HashStore implements it.
type Leaves interface {
	// Commitments returns the leaves [start, start+n) of the published tree.
	Commitments(start, n int64) ([]tlog.Hash, error)
	// Size returns the number of published leaves.
	Size() int64
}

// entryGuard is what CheckReadsAgainst installs.
type entryGuard struct {
	leaves   Leaves
	tampered func(*TamperError)
}

// guardSlot holds a DB's entryGuard; the zero value checks entries only
// against their own commitment column.
type guardSlot struct{ p atomic.Pointer[entryGuard] }

// CheckReadsAgainst makes every later entry read of d (Entry,
// EntriesBySubject, ScanEntries, Replay, EntriesOfKind, copies) also check
// each entry's commitment against leaves, for entries the tree already
// covers, and call tampered (if not nil) with every row that fails a check,
// before the read returns its error. A node calls it once, after its tree
// was checked against its signed checkpoint and before it serves anything.
// Without it, reads check each row against its own commitment column only.
func (d *DB) CheckReadsAgainst(leaves Leaves, tampered func(*TamperError)) {
	d.guard.p.Store(&entryGuard{leaves: leaves, tampered: tampered})
}

// entryColumns are the columns of log_entries every entry read selects, in
// the order entryRow.scan expects: the canonical bytes, the commitment and
// every column copied from the entry.
const entryColumns = `seq, canonical, commitment, kind, subject, party, tlp, audience, time`

// entryRow is one log_entries row as read.
type entryRow struct {
	seq                                  int64
	canonical, commitment                []byte
	kind, subject, party, tlp, aud, time string
}

func (r *entryRow) scan(s interface{ Scan(...any) error }) error {
	return s.Scan(&r.seq, &r.canonical, &r.commitment, &r.kind, &r.subject, &r.party, &r.tlp, &r.aud, &r.time)
}

// verify returns the row as a ledger.StoredEntry with its decoded entry, or a
// *TamperError unless: its canonical bytes hash to its commitment column;
// that commitment equals leaves' leaf seq when leaves covers seq; the bytes
// decode (in canonical form, if strict); and every copied column (seq, kind,
// subject, party, tlp, audience, time) equals the decoded entry's value.
func (r *entryRow) verify(leaves Leaves, strict bool) (ledger.StoredEntry, error) {
	se := ledger.StoredEntry{Seq: r.seq, Canonical: r.canonical}
	bad := func(format string, args ...any) (ledger.StoredEntry, error) {
		return se, &TamperError{Seq: r.seq, Reason: fmt.Sprintf(format, args...)}
	}
	if len(r.commitment) != tlog.HashSize {
		return bad("its commitment column holds %d bytes, not 32", len(r.commitment))
	}
	se.Commitment = tlog.Hash(r.commitment)
	if sha256.Sum256(r.canonical) != se.Commitment {
		return bad("its canonical bytes do not hash to its commitment")
	}
	if leaves != nil && r.seq >= 0 && r.seq < leaves.Size() {
		leaf, err := leaves.Commitments(r.seq, 1)
		if err != nil {
			return se, fmt.Errorf("store: leaf of entry %d: %w", r.seq, err)
		}
		if leaf[0] != se.Commitment {
			return bad("its commitment differs from the leaf of the signed tree")
		}
	}
	decode := ledger.DecodeStored
	if strict {
		decode = ledger.DecodeEntry
	}
	e, err := decode(r.canonical)
	if err != nil {
		return bad("%v", err)
	}
	aud := ""
	if len(e.Release.Audience) > 0 {
		aud = "," + strings.Join(e.Release.Audience, ",") + ","
	}
	for _, c := range []struct{ col, row, entry string }{
		{"kind", r.kind, e.Kind}, {"subject", r.subject, e.Subject}, {"party", r.party, e.Party},
		{"tlp", r.tlp, string(e.Release.TLP)}, {"audience", r.aud, aud}, {"time", r.time, e.Time},
	} {
		if c.row != c.entry {
			return bad("its %s column is %q but the entry says %q", c.col, c.row, c.entry)
		}
	}
	if e.Seq != r.seq {
		return bad("its seq column is %d but the entry says %d", r.seq, e.Seq)
	}
	se.Entry = e
	return se, nil
}

// WalkEntries checks every entry row from seq from on, in log order, in
// pages of batch rows (one short query each, so that no read holds the
// database for long), against leaves if not nil, strictly: besides what
// every read checks, the canonical bytes must be in canonical form. It calls
// fn with each row and, if the row failed its check, the *TamperError that
// names it (se then holds what could be read; se.Entry is nil). Unlike the
// serving reads it does not stop at a failed row nor call the tamper hook:
// it is for verifiers, which report every problem. It stops at fn's first
// error and returns it; a read failure is returned wrapped.
func (d *DB) WalkEntries(ctx context.Context, from int64, batch int, leaves Leaves, fn func(se ledger.StoredEntry, problem *TamperError) error) error {
	if batch <= 0 {
		batch = 1000
	}
	for {
		rows, err := d.SQL.QueryContext(ctx, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`, from, batch)
		if err != nil {
			return fmt.Errorf("store: walk entries from %d: %w", from, err)
		}
		page := make([]entryRow, 0, batch)
		for rows.Next() {
			var r entryRow
			if err := r.scan(rows); err != nil {
				rows.Close()
				return fmt.Errorf("store: walk entries from %d: %w", from, err)
			}
			page = append(page, r)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("store: walk entries from %d: %w", from, err)
		}
		for i := range page {
			se, err := page[i].verify(leaves, true)
			var te *TamperError
			if err != nil && !errors.As(err, &te) {
				return fmt.Errorf("store: walk entries: %w", err)
			}
			if err := fn(se, te); err != nil {
				return err
			}
		}
		if len(page) < batch {
			return nil
		}
		from = page[len(page)-1].seq + 1
	}
}
