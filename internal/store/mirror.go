package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/mirror"
	"truce/internal/ledger"
)

// Mirrors returns the mirror.Store over d: the local_mirror_ tables and
// local_federation_evidence. A chunk's contents are applied to the
// projections in the transaction that stores them (see mirror_apply.go).
func (d *DB) Mirrors() mirror.Store { return mirrorStore{d: d} }

// MirrorsPublishing is Mirrors, calling applied after each committed chunk
// with the entries it applied to the projections (none if it applied
// nothing), so that they reach the node's stream like its own. applied
// MUST NOT block long: the mirror waits for it.
func (d *DB) MirrorsPublishing(applied func(Applied)) mirror.Store {
	return mirrorStore{d: d, applied: applied}
}

type mirrorStore struct {
	d       *DB
	applied func(Applied)
}

// MirrorState implements mirror.Store.
func (s mirrorStore) MirrorState(ctx context.Context, origin string) (mirror.State, error) {
	var st mirror.State
	var accepted string
	err := s.d.SQL.QueryRowContext(ctx, `SELECT note, accepted_at, target FROM local_mirror_checkpoints WHERE origin = $1`, origin).
		Scan(&st.Accepted, &accepted, &st.Target)
	if err != nil && err != sql.ErrNoRows {
		return st, fmt.Errorf("store: mirror %s: checkpoint: %w", origin, err)
	}
	if accepted != "" {
		st.AcceptedAt, _ = time.Parse(time.RFC3339Nano, accepted)
	}
	rows, err := s.d.SQL.QueryContext(ctx, `SELECT seq, commitment FROM local_mirror_entries WHERE origin = $1 ORDER BY seq`, origin)
	if err != nil {
		return st, fmt.Errorf("store: mirror %s: commitments: %w", origin, err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var c []byte
		if err := rows.Scan(&seq, &c); err != nil {
			return st, fmt.Errorf("store: mirror %s: commitments: %w", origin, err)
		}
		if seq != int64(len(st.Commitments)) || len(c) != tlog.HashSize {
			return st, fmt.Errorf("store: mirror %s: commitment row %d is missing or malformed", origin, len(st.Commitments))
		}
		st.Commitments = append(st.Commitments, tlog.Hash(c))
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("store: mirror %s: commitments: %w", origin, err)
	}
	err = s.d.SQL.QueryRowContext(ctx, `SELECT id FROM local_federation_evidence WHERE origin = $1 AND cleared IS NULL ORDER BY time, id LIMIT 1`, origin).Scan(&st.HaltedBy)
	if err != nil && err != sql.ErrNoRows {
		return st, fmt.Errorf("store: mirror %s: evidence: %w", origin, err)
	}
	return st, nil
}

// ApplyMirrorChunk implements mirror.Store: one transaction that checks
// the chunk starts where the stored commitments end, inserts them with
// their contents, and records the checkpoint (accepted when c.Complete,
// else as the target of the catch-up).
func (s mirrorStore) ApplyMirrorChunk(ctx context.Context, c mirror.Chunk) error {
	tx, err := s.d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: mirror %s: begin: %w", c.Origin, err)
	}
	defer tx.Rollback()
	if d := s.d; d.Engine == Postgres {
		// One mirror transaction at a time: each numbers the entries it
		// applies from the timeline's end (on SQLite the write lock does).
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, d.lockKey^0x3c3c); err != nil {
			return fmt.Errorf("store: mirror %s: timeline lock: %w", c.Origin, err)
		}
	}
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq) + 1, 0) FROM local_mirror_entries WHERE origin = $1`, c.Origin).Scan(&next); err != nil {
		return fmt.Errorf("store: mirror %s: stored size: %w", c.Origin, err)
	}
	if next != c.Start {
		return fmt.Errorf("store: mirror %s: chunk starts at %d, %d commitments stored", c.Origin, c.Start, next)
	}
	if err := insertMirrorEntries(ctx, tx, s.d.Engine != Postgres, c); err != nil {
		return err
	}
	applied, changed, err := applyMirrored(ctx, tx, c)
	if err != nil {
		return err
	}
	now := c.Time.UTC().Format(time.RFC3339Nano)
	if c.Complete {
		_, err = tx.ExecContext(ctx, `INSERT INTO local_mirror_checkpoints (origin, note, size, root, accepted_at, target)
			VALUES ($1, $2, $3, $4, $5, NULL)
			ON CONFLICT (origin) DO UPDATE SET note = excluded.note, size = excluded.size, root = excluded.root,
				accepted_at = excluded.accepted_at, target = NULL`, c.Origin, c.Checkpoint, c.Size, c.Root[:], now)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO local_mirror_checkpoints (origin, note, size, root, accepted_at, target)
			VALUES ($1, NULL, 0, NULL, $2, $3)
			ON CONFLICT (origin) DO UPDATE SET target = excluded.target`, c.Origin, now, c.Checkpoint)
	}
	if err != nil {
		return fmt.Errorf("store: mirror %s: checkpoint %d: %w", c.Origin, c.Size, err)
	}
	if err := recordCosignatures(ctx, tx, c.Origin, c.Size, c.Checkpoint, c.Cosignatures); err != nil {
		return err
	}
	if len(applied.Entries) > 0 {
		s.d.noteMirrored() // before the commit: an own statement after it cites
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: mirror %s: commit [%d, %d): %w", c.Origin, c.Start, c.Start+int64(len(c.Commitments)), err)
	}
	s.d.reads.forgetMirrored(applied.Entries)
	if err := s.d.incidentIdx.refreshIncidents(ctx, s.d, changed); err != nil {
		// Committed: the index is behind until its next load; window queries
		// meanwhile miss these incidents, so say so.
		slog.WarnContext(ctx, "incident index not refreshed after a mirror chunk", "origin", c.Origin, "err", err)
	}
	if s.applied != nil && len(applied.Entries) > 0 {
		s.applied(applied)
	}
	return nil
}

// insertMirrorEntries inserts c's commitments, with their contents, in
// multi-row statements of at most mirrorRowsPer rows, each prepared once
// per chunk.
func insertMirrorEntries(ctx context.Context, tx *sql.Tx, positional bool, c mirror.Chunk) error {
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	ci := 0
	for off := 0; off < len(c.Commitments); off += mirrorRowsPer {
		part := c.Commitments[off:min(off+mirrorRowsPer, len(c.Commitments))]
		st := stmts[len(part)]
		if st == nil {
			var err error
			if st, err = tx.PrepareContext(ctx, insertMirrorSQL(len(part), positional)); err != nil {
				return fmt.Errorf("store: mirror %s: prepare insert: %w", c.Origin, err)
			}
			stmts[len(part)] = st
		}
		args := make([]any, 0, 4*len(part))
		for i, h := range part {
			seq := c.Start + int64(off+i)
			var content []byte
			if ci < len(c.Contents) && c.Contents[ci].Seq == seq {
				content = c.Contents[ci].Canonical
				ci++
			}
			args = append(args, c.Origin, seq, h[:], content)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("store: mirror %s: insert at %d: %w", c.Origin, c.Start+int64(off), err)
		}
	}
	if ci != len(c.Contents) {
		return fmt.Errorf("store: mirror %s: %d contents outside or out of order in [%d, %d)", c.Origin, len(c.Contents)-ci, c.Start, c.Start+int64(len(c.Commitments)))
	}
	return nil
}

// mirrorRowsPer is the most rows one INSERT of mirrored entries holds
// (4 parameters each: well under both engines' limits).
const mirrorRowsPer = 250

// insertMirrorSQL returns the INSERT of n mirrored entries, with "?"
// parameters on SQLite (where "$N" ones are looked up by name, a linear
// search per argument) and "$N" on PostgreSQL.
func insertMirrorSQL(n int, positional bool) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO local_mirror_entries (origin, seq, commitment, content) VALUES ")
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		if positional {
			sb.WriteString("(?, ?, ?, ?)")
			continue
		}
		k := 4 * i
		sb.WriteString("($" + strconv.Itoa(k+1) + ", $" + strconv.Itoa(k+2) + ", $" + strconv.Itoa(k+3) + ", $" + strconv.Itoa(k+4) + ")")
	}
	return sb.String()
}

// AcceptedCheckpoints implements mirror.Store.
func (s mirrorStore) AcceptedCheckpoints(ctx context.Context) ([][]byte, error) {
	rows, err := s.d.SQL.QueryContext(ctx, `SELECT note FROM local_mirror_checkpoints WHERE note IS NOT NULL ORDER BY origin`)
	if err != nil {
		return nil, fmt.Errorf("store: accepted checkpoints: %w", err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var n []byte
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("store: accepted checkpoints: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// EntryRange calls fn with every stored entry of seq in [start, end), in
// order, each checked first (as ScanEntries); it stops at fn's first
// error or at a row that fails its check, and returns it.
func (d *DB) EntryRange(ctx context.Context, start, end int64, fn func(e *ledger.Entry, canonical []byte) error) error {
	return d.scanEntries(ctx, d.SQL, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq`, []any{start, end},
		func(se ledger.StoredEntry) error { return fn(se.Entry, se.Canonical) })
}
