package store

import (
	"context"
	"fmt"

	"truce/internal/ledger"
)

// The local timeline: this node's own log and the peers' entries its
// mirrors applied, in the order it applied them (mirror_apply.go). Each
// item has an id on it: an own entry its sequence number, a mirrored entry
// its position (MirrorBase + k). A mirrored entry applied when the own log
// held `after` entries comes after own entry after-1 and before own entry
// after; mirrored entries among themselves come in position order. The
// stream's Last-Event-ID and webhook cursors are such ids, so a client
// that reconnects resumes both its own and its mirrored events.

// MirroredID reports whether id, a timeline id, is a mirrored entry's.
func (d *DB) MirroredID(id int64) bool { return id >= MirrorBase }

// ReplayTimeline calls fn with every timeline entry after the one whose id
// is after (-1: from the start), in timeline order, stopping at fn's first
// error. fn gets the entry's id on the timeline (its sequence number for
// an own entry, its position ≥ MirrorBase for a mirrored one), the origin
// of a mirrored entry ("" for an own one) and the entry (a mirrored
// entry's Seq is its index in its origin's log). It reads a page at a time, holding no transaction while fn runs.
// An id the timeline never held resumes as its place implies: an own
// sequence number resumes after that own entry, a mirrored position after
// the mirrored entries up to it.
func (d *DB) ReplayTimeline(ctx context.Context, after int64, fn func(id int64, origin string, e *ledger.Entry) error) error {
	ownFrom, mir := after+1, &mirrorReplay{q: d.SQL, next: MirrorBase}
	if after >= MirrorBase {
		var ownSize int64
		err := d.SQL.QueryRowContext(ctx, `SELECT COALESCE(MAX(after), 0) FROM local_mirror_applied WHERE pos <= $1`, after).Scan(&ownSize)
		if err != nil {
			return fmt.Errorf("store: timeline after %d: %w", after, err)
		}
		ownFrom, mir.next = ownSize, after+1
	} else {
		// The mirrored entries after own entry `after`: applied when the
		// own log held more than after entries.
		err := d.SQL.QueryRowContext(ctx, `SELECT COALESCE(MIN(pos), $1) FROM local_mirror_applied WHERE after > $2`, int64(1)<<62, after).Scan(&mir.next)
		if err != nil {
			return fmt.Errorf("store: timeline after %d: %w", after, err)
		}
	}
	var own []*ledger.Entry
	ownDone := false
	for {
		if len(own) == 0 && !ownDone {
			if err := d.scanEntries(ctx, d.SQL, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT 512`, []any{ownFrom},
				func(se ledger.StoredEntry) error { own = append(own, se.Entry); return nil }); err != nil {
				return err
			}
			ownDone = len(own) < 512
			if len(own) > 0 {
				ownFrom = own[len(own)-1].Seq + 1
			}
		}
		if len(mir.page) == 0 && !mir.done {
			if err := mir.read(ctx); err != nil {
				return fmt.Errorf("store: timeline: %w", err)
			}
		}
		var id int64
		var origin string
		var e *ledger.Entry
		switch {
		case len(mir.page) > 0 && (len(own) == 0 || mir.page[0].after <= own[0].Seq):
			a := mir.page[0]
			mir.page = mir.page[1:]
			var err error
			if e, err = ledger.DecodeEntry(a.canonical); err != nil {
				return fmt.Errorf("store: timeline: mirrored entry at %d of %s: %w", a.pos, a.origin, err)
			}
			id, origin = a.pos, a.origin
		case len(own) > 0:
			id, e = own[0].Seq, own[0]
			own = own[1:]
		default:
			return nil
		}
		if err := fn(id, origin, e); err != nil {
			return err
		}
	}
}
