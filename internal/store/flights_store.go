package store

import (
	"context"
	"encoding/json"
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

// flightDoc reads the doc of row id of table into a T, labelled with its
// origin by label when label is non-nil (see flightDocs).
func flightDoc[T any](ctx context.Context, d *DB, q ledger.Querier, table, id string, label func(*T, string)) (*T, error) {
	vs, err := flightDocs(ctx, d, q, label, `SELECT doc, `+flightOrigin(table, label != nil)+` FROM `+table+` WHERE id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("store: %s %s: %w", table, id, err)
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("%s %s: %w", table, id, fault.ErrNotFound)
	}
	return &vs[0], nil
}

// flightOrigin returns the origin label column of a row of table: its
// creating entry's origin when labelled, else the empty string.
func flightOrigin(table string, labelled bool) string {
	if !labelled {
		return `''`
	}
	return originAt(table + `.first_seq`)
}

// flightDocs reads the rows (doc, origin) a query returns; label, when
// non-nil, sets each doc's origin label (this node's own for the empty string).
func flightDocs[T any](ctx context.Context, d *DB, q ledger.Querier, label func(*T, string), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var doc, origin string
		if err := rows.Scan(&doc, &origin); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		var v T
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		if label != nil {
			label(&v, d.label(origin))
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// labelPlan and labelReservation set a flight record's origin label.
func labelPlan(p *flights.Plan, o string)               { p.Origin = o }
func labelReservation(r *flights.Reservation, o string) { r.Origin = o }

// planCols and reservationCols are the columns flightDocs reads.
var (
	planCols        = `doc, ` + flightOrigin(`flight_plans`, true)
	reservationCols = `doc, ` + flightOrigin(`flight_reservations`, true)
)

func (s flightStore) Plan(ctx context.Context, q ledger.Querier, id string) (*flights.Plan, error) {
	return flightDoc(ctx, s.d, s.q(q), "flight_plans", id, labelPlan)
}

func (s flightStore) Plans(ctx context.Context) ([]flights.Plan, error) {
	return flightDocs(ctx, s.d, s.d.SQL, labelPlan, `SELECT `+planCols+` FROM flight_plans ORDER BY first_seq DESC`)
}

// PlansByID implements flights.PlanPager: up to limit plans (cancelled
// ones included) with an id after after ("" for the first), in id order.
func (s flightStore) PlansByID(ctx context.Context, after string, limit int) ([]flights.Plan, error) {
	if limit <= 0 {
		limit = 1000
	}
	return flightDocs(ctx, s.d, s.d.SQL, labelPlan, `SELECT `+planCols+fmt.Sprintf(` FROM flight_plans WHERE id > $1 ORDER BY id LIMIT %d`, limit), after)
}

func (s flightStore) Reservation(ctx context.Context, q ledger.Querier, id string) (*flights.Reservation, error) {
	return flightDoc(ctx, s.d, s.q(q), "flight_reservations", id, labelReservation)
}

func (s flightStore) Reservations(ctx context.Context) ([]flights.Reservation, error) {
	return flightDocs(ctx, s.d, s.d.SQL, labelReservation, `SELECT `+reservationCols+` FROM flight_reservations ORDER BY first_seq DESC`)
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
		var origin string
		if err := sc.Scan(&doc, &origin, &r.At.Seq, &r.At.ID); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &r.Reservation); err != nil {
			return nil, fmt.Errorf("reservation %s: %w", r.At.ID, err)
		}
		r.Reservation.Origin = s.d.label(origin)
		return &r, nil
	}, `SELECT `+reservationCols+`, first_seq, id FROM flight_reservations`+where+fmt.Sprintf(` ORDER BY first_seq DESC, id DESC LIMIT %d`, limit), args...)
}

func (s flightStore) Conflict(ctx context.Context, q ledger.Querier, id string) (*flights.Conflict, error) {
	return flightDoc[flights.Conflict](ctx, s.d, s.q(q), "flight_conflicts", id, nil)
}

func (s flightStore) Conflicts(ctx context.Context, since time.Time) ([]flights.Conflict, error) {
	return flightDocs[flights.Conflict](ctx, s.d, s.d.SQL, nil, `SELECT doc, '' FROM flight_conflicts
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
	return flightDocs[flights.Conflict](ctx, s.d, s.d.SQL, nil, `SELECT doc, '' FROM flight_conflicts WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY id LIMIT %d`, limit), args...)
}
