package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"truce/internal/agreements"
	"truce/internal/ledger"
)

// BreachMarks returns the agreements.Marks over d: the node-local
// local_breach_marks table (migration 0034), the own log and the mirror
// timeline.
func (d *DB) BreachMarks() agreements.Marks { return breachMarks{d} }

type breachMarks struct{ d *DB }

func (m breachMarks) Mark(ctx context.Context, timeline string) (int64, error) {
	var at int64
	err := m.d.SQL.QueryRowContext(ctx, `SELECT seq FROM local_breach_marks WHERE timeline = $1`, timeline).Scan(&at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return -1, nil
	case err != nil:
		return 0, fmt.Errorf("store: breach mark of %s: %w", timeline, err)
	}
	return at, nil
}

func (m breachMarks) SetMark(ctx context.Context, timeline string, at int64) error {
	_, err := m.d.SQL.ExecContext(ctx, `INSERT INTO local_breach_marks (timeline, seq) VALUES ($1, $2)
		ON CONFLICT (timeline) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > local_breach_marks.seq`, timeline, at)
	if err != nil {
		return fmt.Errorf("store: set the breach mark of %s to %d: %w", timeline, at, err)
	}
	return nil
}

func (m breachMarks) EntriesAfter(ctx context.Context, kinds []string, after int64, fn func(*ledger.Entry) error) error {
	for _, k := range kinds {
		if err := m.d.EntriesOfKind(ctx, k, after+1, fn); err != nil {
			return fmt.Errorf("store: %s entries after %d: %w", k, after, err)
		}
	}
	return nil
}

func (m breachMarks) MirroredAfter(ctx context.Context, after int64, fn func(pos int64, subject string) error) error {
	rows, err := m.d.SQL.QueryContext(ctx, `SELECT pos, subject FROM local_mirror_applied WHERE pos > $1 ORDER BY pos`, after)
	if err != nil {
		return fmt.Errorf("store: mirrored entries after %d: %w", after, err)
	}
	defer rows.Close()
	type row struct {
		pos     int64
		subject string
	}
	var rs []row // read in full first: fn may query the database
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.pos, &r.subject); err != nil {
			return fmt.Errorf("store: mirrored entries after %d: %w", after, err)
		}
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: mirrored entries after %d: %w", after, err)
	}
	rows.Close()
	for _, r := range rs {
		if err := fn(r.pos, r.subject); err != nil {
			return err
		}
	}
	return nil
}
