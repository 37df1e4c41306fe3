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
	"truce/internal/flights"
	"truce/internal/ledger"
)

// Flights returns the flights.Store over d.
func (d *DB) Flights() flights.Store { return flightStore{d} }

type flightStore struct{ d *DB }

func (s flightStore) q(q ledger.Querier) ledger.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

// one reads the doc of row id of table into a T.
func flightDoc[T any](ctx context.Context, q ledger.Querier, table, id string) (*T, error) {
	var doc string
	err := q.QueryRowContext(ctx, `SELECT doc FROM `+table+` WHERE id = $1`, id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s %s: %w", table, id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s %s: %w", table, id, err)
	}
	var v T
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return nil, fmt.Errorf("store: %s %s: %w", table, id, err)
	}
	return &v, nil
}

// flightDocs reads the docs a query returns.
func flightDocs[T any](ctx context.Context, q ledger.Querier, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		var v T
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s flightStore) Plan(ctx context.Context, q ledger.Querier, id string) (*flights.Plan, error) {
	return flightDoc[flights.Plan](ctx, s.q(q), "flight_plans", id)
}

func (s flightStore) Plans(ctx context.Context) ([]flights.Plan, error) {
	return flightDocs[flights.Plan](ctx, s.d.SQL, `SELECT doc FROM flight_plans ORDER BY first_seq DESC`)
}

// PlansByID implements flights.PlanPager: up to limit plans (cancelled
// ones included) with an id after after ("" for the first), in id order.
func (s flightStore) PlansByID(ctx context.Context, after string, limit int) ([]flights.Plan, error) {
	if limit <= 0 {
		limit = 1000
	}
	return flightDocs[flights.Plan](ctx, s.d.SQL, fmt.Sprintf(`SELECT doc FROM flight_plans WHERE id > $1 ORDER BY id LIMIT %d`, limit), after)
}

func (s flightStore) Reservation(ctx context.Context, q ledger.Querier, id string) (*flights.Reservation, error) {
	return flightDoc[flights.Reservation](ctx, s.q(q), "flight_reservations", id)
}

func (s flightStore) Reservations(ctx context.Context) ([]flights.Reservation, error) {
	return flightDocs[flights.Reservation](ctx, s.d.SQL, `SELECT doc FROM flight_reservations ORDER BY first_seq DESC`)
}

// ReservationsBefore implements flights.ReservationPager: a keyset page,
// newest first by (first_seq, id) descending.
func (s flightStore) ReservationsBefore(ctx context.Context, after *flights.Cursor, limit int) ([]flights.ReservationAt, error) {
	conds, args := keysetBefore(nil, nil, "first_seq", after)
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + conds[0]
	}
	if limit <= 0 {
		limit = flights.MaxLimit
	}
	return queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*flights.ReservationAt, error) {
		var r flights.ReservationAt
		var doc string
		if err := sc.Scan(&doc, &r.At.Seq, &r.At.ID); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &r.Reservation); err != nil {
			return nil, fmt.Errorf("reservation %s: %w", r.At.ID, err)
		}
		return &r, nil
	}, `SELECT doc, first_seq, id FROM flight_reservations`+where+fmt.Sprintf(` ORDER BY first_seq DESC, id DESC LIMIT %d`, limit), args...)
}

func (s flightStore) Conflict(ctx context.Context, q ledger.Querier, id string) (*flights.Conflict, error) {
	return flightDoc[flights.Conflict](ctx, s.q(q), "flight_conflicts", id)
}

func (s flightStore) Conflicts(ctx context.Context, since time.Time) ([]flights.Conflict, error) {
	return flightDocs[flights.Conflict](ctx, s.d.SQL, `SELECT doc FROM flight_conflicts
		WHERE status = 'open' OR cleared_unix >= $1 ORDER BY seq DESC`, since.Unix())
}

// ConflictsByID implements flights.ConflictPager: a range scan of the
// primary key over the open and recently cleared conflicts.
func (s flightStore) ConflictsByID(ctx context.Context, since time.Time, f flights.ConflictFilter, after string, limit int) ([]flights.Conflict, error) {
	where := []string{`(status = 'open' OR cleared_unix >= $1)`, `id > $2`}
	args := []any{since.Unix(), after}
	if f.Kind != "" {
		args = append(args, f.Kind)
		where = append(where, fmt.Sprintf(`kind = $%d`, len(args)))
	}
	if f.Status != "" {
		args = append(args, f.Status)
		where = append(where, fmt.Sprintf(`status = $%d`, len(args)))
	}
	if limit <= 0 {
		limit = flights.MaxLimit
	}
	return flightDocs[flights.Conflict](ctx, s.d.SQL, `SELECT doc FROM flight_conflicts WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY id LIMIT %d`, limit), args...)
}
