package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"slices"

	"truce/internal/federation/mirror"
	"truce/internal/incidents"
	"truce/internal/incidents/window"
	"truce/internal/ledger"
)

// How mirrored entries reach the projections.
//
// A mirrored entry with content (one releasable to this node's party) is
// applied to the same projections as an own entry, in the transaction that
// stores it, so that users of this node see a peer's records beside its
// own. The projections key on the entry's sequence number; a mirrored
// entry's index in its origin's log would collide with the own log's, so
// each applied entry gets a local timeline position instead: MirrorBase +
// k, k counting the mirrored entries applied, in the order applied. The
// projections hold that position where they hold an own entry's sequence
// number (row ids, ETags); the record keeps its origin, and the entry its
// index in the origin's log, in local_mirror_applied, for verification
// against the origin's accepted checkpoint.
//
// local_mirror_applied also records the own log's size when each entry was
// applied, so that replay (Rebuild, the integrity check, backup verify)
// applies own and mirrored entries in the order this node did and rebuilds
// identical tables. A mirrored entry whose projection fails (an assessment
// of an incident this node was never shown, say) is kept in the mirror and
// on the timeline but changes no table; replay fails it the same way.

// MirrorBase is the first local timeline position of a mirrored entry: far
// beyond any own log's size, and below 2^53 so that browsers read it
// exactly.
const MirrorBase int64 = 1 << 50

// mirrorOwnDomains are the domains whose entries are never applied from a
// peer: who the node's users, tokens and parties are (accounts), which
// parties the node admits (membership), and its own work queue of
// open-source drafts (sources) are each node's own business. A peer's
// user.created must never create a user here.
var mirrorOwnDomains = []string{"accounts", "membership", "sources"}

// mirrorApplies reports whether a mirrored entry of kind is applied to the
// projections.
var mirrorApplies = func() map[string]bool {
	out := map[string]bool{}
	for _, d := range projections {
		if slices.Contains(mirrorOwnDomains, d.domain) {
			continue
		}
		for _, r := range d.kinds {
			if r.apply != nil {
				out[r.kind] = true
			}
		}
	}
	return out
}()

type originKey struct{}

// withOrigin returns ctx carrying the origin of the entry being projected;
// originOf returns it ("" for an own entry).
func withOrigin(ctx context.Context, origin string) context.Context {
	return context.WithValue(ctx, originKey{}, origin)
}

func originOf(ctx context.Context) string {
	o, _ := ctx.Value(originKey{}).(string)
	return o
}

// Applied is what one mirror transaction applied: the entries of Origin,
// each with its index in Origin's log as Seq, in order.
type Applied struct {
	Origin  string
	Entries []*ledger.Entry
	// Positions are the entries' positions on this node's local timeline
	// (MirrorBase + k), one per entry: their ids in the stream and for
	// webhooks (ReplayTimeline).
	Positions []int64
}

// applyMirrored applies the contents of c to the projections inside tx,
// recording each on the local timeline. It returns the entries whose
// projection succeeded and the incidents they changed.
func applyMirrored(ctx context.Context, tx *sql.Tx, c mirror.Chunk) (Applied, []string, error) {
	if len(c.Contents) == 0 {
		return Applied{Origin: c.Origin}, nil, nil
	}
	var after, next int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq) + 1, 0) FROM log_entries`).Scan(&after); err != nil {
		return Applied{}, nil, fmt.Errorf("store: mirror %s: own log size: %w", c.Origin, err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(pos) + 1, $1) FROM local_mirror_applied`, MirrorBase).Scan(&next); err != nil {
		return Applied{}, nil, fmt.Errorf("store: mirror %s: timeline position: %w", c.Origin, err)
	}
	applied := Applied{Origin: c.Origin}
	var changed []string
	for _, ct := range c.Contents {
		e, err := ledger.DecodeEntry(ct.Canonical)
		if err != nil {
			// The mirror verified the canonical form before storing: only
			// content stored by other means (tests of the mirror tables)
			// gets here. It is kept, and not applied.
			slog.WarnContext(ctx, "mirrored content is not an entry; not applied", "origin", c.Origin, "seq", ct.Seq, "err", err)
			continue
		}
		if err := noteMirroredSubject(ctx, tx, c.Origin, ct.Seq, e.Subject); err != nil { // mirror_cite.go
			return Applied{}, nil, err
		}
		if !mirrorApplies[e.Kind] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO local_mirror_applied (pos, origin, seq, after, subject) VALUES ($1, $2, $3, $4, $5)`,
			next, c.Origin, ct.Seq, after, e.Subject); err != nil {
			return Applied{}, nil, fmt.Errorf("store: mirror %s: timeline %d: %w", c.Origin, ct.Seq, err)
		}
		ok, err := projectMirrored(ctx, tx, c.Origin, next, e)
		if err != nil {
			return Applied{}, nil, err
		}
		next++
		if !ok {
			continue
		}
		applied.Entries = append(applied.Entries, e)
		applied.Positions = append(applied.Positions, next-1)
		if id, isInc := incidents.ParseSubject(e.Subject); isInc && slices.Contains(indexChangingKinds, e.Kind) {
			changed = append(changed, id)
		}
	}
	return applied, changed, nil
}

// projectMirrored projects e, an entry of origin, at local position pos,
// under a savepoint: a projection that fails is rolled back alone and
// reported as ok false (the error is logged, not returned); an error is
// returned only when the savepoint itself fails.
func projectMirrored(ctx context.Context, q ledger.Querier, origin string, pos int64, e *ledger.Entry) (ok bool, err error) {
	local := *e
	local.Seq = pos
	if _, err := q.ExecContext(ctx, `SAVEPOINT mirror_apply`); err != nil {
		return false, fmt.Errorf("store: mirror %s: savepoint: %w", origin, err)
	}
	perr := project(withOrigin(ctx, origin), q, &local)
	if perr != nil {
		if _, err := q.ExecContext(ctx, `ROLLBACK TO SAVEPOINT mirror_apply`); err != nil {
			return false, fmt.Errorf("store: mirror %s: rollback to savepoint: %w", origin, err)
		}
		slog.DebugContext(ctx, "mirrored entry not applied", "origin", origin, "seq", e.Seq, "kind", e.Kind, "err", perr)
	}
	if _, err := q.ExecContext(ctx, `RELEASE SAVEPOINT mirror_apply`); err != nil {
		return false, fmt.Errorf("store: mirror %s: release savepoint: %w", origin, err)
	}
	return perr == nil, nil
}

// refreshIncidents reads the listing rows of ids into the incident index
// after a mirror transaction committed them (the index follows the own log,
// which a mirrored entry does not change). An index not loaded yet reads
// them when it loads.
func (ix *incidentIndex) refreshIncidents(ctx context.Context, d *DB, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	ix.sync.Lock()
	defer ix.sync.Unlock()
	ix.mu.RLock()
	ready := ix.grid != nil
	ix.mu.RUnlock()
	if !ready {
		return nil
	}
	g := window.New(len(ids)) // scratch: rows read before taking the write lock
	if err := readIncidents(ctx, d, ids, g); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.grid.PutAll(g)
	return nil
}

// mirrorReplay reads src's applied mirrored entries in timeline order, a
// page at a time, for rebuild.
type mirrorReplay struct {
	q    ledger.Querier
	next int64 // the position of the next entry to apply
	page []mirrorApplied
	done bool // every applied entry was read
}

type mirrorApplied struct {
	pos, after int64
	origin     string
	canonical  []byte
}

// applyUpTo projects into tx every applied mirrored entry that came before
// own entry seq (after ≤ seq), as applyMirrored did.
func (m *mirrorReplay) applyUpTo(ctx context.Context, tx *sql.Tx, seq int64) error {
	for {
		if len(m.page) == 0 {
			if m.done {
				return nil
			}
			if err := m.read(ctx); err != nil {
				return err
			}
			continue
		}
		a := m.page[0]
		if a.after > seq {
			return nil
		}
		m.page = m.page[1:]
		e, err := ledger.DecodeEntry(a.canonical)
		if err != nil {
			return fmt.Errorf("mirrored entry at %d of %s: %w", a.pos, a.origin, err)
		}
		if _, err := projectMirrored(ctx, tx, a.origin, a.pos, e); err != nil {
			return err
		}
	}
}

// read reads the next page of applied entries from m.next on.
func (m *mirrorReplay) read(ctx context.Context) error {
	const pageSize = 512
	rows, err := m.q.QueryContext(ctx, `SELECT a.pos, a.after, a.origin, m.content FROM local_mirror_applied a
		JOIN local_mirror_entries m ON m.origin = a.origin AND m.seq = a.seq
		WHERE a.pos >= $1 ORDER BY a.pos LIMIT `+fmt.Sprint(pageSize), m.next)
	if err != nil {
		return fmt.Errorf("applied mirrored entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a mirrorApplied
		if err := rows.Scan(&a.pos, &a.after, &a.origin, &a.canonical); err != nil {
			return fmt.Errorf("applied mirrored entries: %w", err)
		}
		if a.canonical == nil {
			return fmt.Errorf("applied mirrored entry at %d of %s has no content", a.pos, a.origin)
		}
		m.page = append(m.page, a)
		m.next = a.pos + 1
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("applied mirrored entries: %w", err)
	}
	m.done = len(m.page) < pageSize
	return nil
}

// MirrorCursor walks the mirrored entries a DB applied, in the order it
// applied them, for a copy that replays the own log into it (backup.Copy)
// after copying its node-local tables, the mirrors among them: the copy
// applies each mirrored entry where the source did, between its own
// entries, so that its tables come out identical.
type MirrorCursor struct{ r *mirrorReplay }

// MirrorCursor returns a cursor at the first mirrored entry d applied.
func (d *DB) MirrorCursor() *MirrorCursor {
	return &MirrorCursor{r: &mirrorReplay{q: d.SQL, next: MirrorBase}}
}

// ApplyBefore projects inside tx, a batch of the cursor's DB (DB.Begin),
// every mirrored entry not yet applied that came before own entry seq
// (math.MaxInt64: every one left). It returns an error for a tx of another
// kind or when the entries cannot be read.
func (c *MirrorCursor) ApplyBefore(ctx context.Context, tx ledger.BatchTx, seq int64) error {
	b, ok := tx.(*batchTx)
	if !ok {
		return fmt.Errorf("store: mirrored entries: %T is not a batch of this store", tx)
	}
	if err := c.r.applyUpTo(ctx, b.Tx, seq); err != nil {
		return fmt.Errorf("store: mirrored entries before %d: %w", seq, err)
	}
	return nil
}
