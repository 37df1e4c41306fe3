package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"truce/internal/ledger"
	"truce/internal/notify"
)

// projectPositions projects a movement.positions entry: one row per
// position, each with the entry's releasability.
func projectPositions(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[notify.PositionsReported](e)
	if err != nil {
		return err
	}
	rel, err := json.Marshal(e.Release)
	if err != nil {
		return err
	}
	for i, pos := range p.Positions {
		at, err := time.Parse(time.RFC3339Nano, pos.Time)
		if err != nil {
			return fmt.Errorf("position %d: time %q: %w", i, pos.Time, err)
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO notify_positions (notice_id, seq, idx, at, at_unix, lat, lon, reported, party, author, release_json)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			p.ID, e.Seq, i, pos.Time, at.UnixMilli(), pos.Lat, pos.Lon, e.Time, e.Party, e.Author, string(rel)); err != nil {
			return err
		}
	}
	return nil
}

const positionCols = `p.notice_id, p.seq, p.idx, p.at, p.lat, p.lon, p.reported, p.party, p.author, p.release_json`

// scanPositions reads rows of positionCols, plus valid_until when until
// is set.
func scanPositions(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
}, until bool) ([]notify.Position, error) {
	out := []notify.Position{}
	for rows.Next() {
		var p notify.Position
		var rel string
		dest := []any{&p.Movement, &p.Seq, &p.Index, &p.Time, &p.Lat, &p.Lon, &p.Reported, &p.Party, &p.Author, &rel}
		if until {
			dest = append(dest, &p.Until)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(rel), &p.Release); err != nil {
			return nil, fmt.Errorf("position %d.%d releasability: %w", p.Seq, p.Index, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MovementPositions implements notify.Store.
func (s notifyStore) MovementPositions(ctx context.Context, id string, after *notify.Cursor, n int) ([]notify.Position, error) {
	query, args := `SELECT `+positionCols+` FROM notify_positions p WHERE p.notice_id = $1`, []any{id}
	if after != nil {
		idx, err := strconv.Atoi(after.ID)
		if err != nil {
			return nil, fmt.Errorf("store: positions of %s: cursor index %q: %w", id, after.ID, err)
		}
		query += ` AND (p.seq < $2 OR (p.seq = $2 AND p.idx < $3))`
		args = append(args, after.Seq, idx)
	}
	query += fmt.Sprintf(` ORDER BY p.seq DESC, p.idx DESC LIMIT %d`, n)
	rows, err := s.d.SQL.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: positions of %s: %w", id, err)
	}
	defer rows.Close()
	out, err := scanPositions(rows, false)
	if err != nil {
		return nil, fmt.Errorf("store: positions of %s: %w", id, err)
	}
	return out, nil
}

// LatestPositions implements notify.Store: for each active movement, the
// position no other of its positions follows in time (nor, at the same
// time, in the log).
func (s notifyStore) LatestPositions(ctx context.Context, after *notify.Cursor, n int) ([]notify.Position, error) {
	query := `SELECT ` + positionCols + `, m.valid_until FROM notify_positions p JOIN notify_notices m ON m.id = p.notice_id
		WHERE m.status = 'active' AND NOT EXISTS (SELECT 1 FROM notify_positions o WHERE o.notice_id = p.notice_id
			AND (o.at_unix > p.at_unix OR (o.at_unix = p.at_unix AND (o.seq > p.seq OR (o.seq = p.seq AND o.idx > p.idx)))))`
	var args []any
	if after != nil {
		query += ` AND (p.seq < $1 OR (p.seq = $1 AND p.notice_id < $2))`
		args = append(args, after.Seq, after.ID)
	}
	query += fmt.Sprintf(` ORDER BY p.seq DESC, p.notice_id DESC LIMIT %d`, n)
	rows, err := s.d.SQL.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: latest positions: %w", err)
	}
	defer rows.Close()
	out, err := scanPositions(rows, true)
	if err != nil {
		return nil, fmt.Errorf("store: latest positions: %w", err)
	}
	return out, nil
}
