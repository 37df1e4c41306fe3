package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/monitoring"
)

// Monitoring returns the monitoring.Store over d.
func (d *DB) Monitoring() monitoring.Store { return monitoringStore{d} }

type monitoringStore struct{ d *DB }

const patrolCols = `party, author, release_json, filed, doc, seq`

func scanPatrol(sc interface{ Scan(...any) error }) (*monitoring.Patrol, error) {
	var p monitoring.Patrol
	var rel, doc string
	if err := sc.Scan(&p.Party, &p.Author, &rel, &p.Filed, &doc, &p.Seq); err != nil {
		return nil, err
	}
	if err := errors.Join(json.Unmarshal([]byte(doc), &p.PatrolFiled), json.Unmarshal([]byte(rel), &p.Release)); err != nil {
		return nil, fmt.Errorf("patrol: %w", err)
	}
	return &p, nil
}

// Patrol implements monitoring.Store.
func (s monitoringStore) Patrol(ctx context.Context, q ledger.Querier, id string) (*monitoring.Patrol, error) {
	if q == nil {
		q = s.d.SQL
	}
	p, err := scanPatrol(q.QueryRowContext(ctx, `SELECT `+patrolCols+` FROM monitoring_patrols WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("patrol %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: patrol %s: %w", id, err)
	}
	return p, nil
}

// PatrolsIn implements monitoring.Store, in the order they were filed.
func (s monitoringStore) PatrolsIn(ctx context.Context, viewer string, from, to time.Time) ([]monitoring.Patrol, error) {
	var args []any
	where := visibleClause(viewer, &args)
	args = append(args, to.Unix(), from.Unix())
	rows, err := s.d.SQL.QueryContext(ctx, fmt.Sprintf(`SELECT `+patrolCols+` FROM monitoring_patrols
		WHERE %s AND start_unix <= $%d AND end_unix >= $%d ORDER BY seq`, where, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("store: patrols: %w", err)
	}
	defer rows.Close()
	var out []monitoring.Patrol
	for rows.Next() {
		p, err := scanPatrol(rows)
		if err != nil {
			return nil, fmt.Errorf("store: patrols: %w", err)
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// RestrictionsFor implements monitoring.Store, in the order they were
// recorded.
func (s monitoringStore) RestrictionsFor(ctx context.Context, viewer string, ids []string, from, to time.Time) ([]monitoring.Restriction, error) {
	var args []any
	where := visibleClause(viewer, &args)
	args = append(args, from.Unix(), to.Unix())
	sel := fmt.Sprintf(`(patrol_id = '' AND at_unix >= $%d AND at_unix <= $%d)`, len(args)-1, len(args))
	if len(ids) > 0 {
		marks := make([]string, len(ids))
		for i, id := range ids {
			args = append(args, id)
			marks[i] = fmt.Sprintf("$%d", len(args))
		}
		sel = "(" + sel + " OR patrol_id IN (" + strings.Join(marks, ", ") + "))"
	}
	rows, err := s.d.SQL.QueryContext(ctx, `SELECT party, author, release_json, recorded, doc, seq FROM monitoring_restrictions
		WHERE `+where+` AND `+sel+` ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: restrictions: %w", err)
	}
	defer rows.Close()
	var out []monitoring.Restriction
	for rows.Next() {
		var r monitoring.Restriction
		var rel, doc string
		if err := rows.Scan(&r.Party, &r.Author, &rel, &r.Recorded, &doc, &r.Seq); err != nil {
			return nil, fmt.Errorf("store: restrictions: %w", err)
		}
		if err := errors.Join(json.Unmarshal([]byte(doc), &r.RestrictionRecorded), json.Unmarshal([]byte(rel), &r.Release)); err != nil {
			return nil, fmt.Errorf("store: restriction: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
