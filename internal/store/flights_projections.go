package store

import (
	"context"
	"encoding/json"
	"fmt"

	"truce/internal/flights"
	"truce/internal/ledger"
)

// updateDoc reads the JSON doc of row id of table, lets fn change it and
// writes it back with status and seq.
func updateDoc[T any](ctx context.Context, q ledger.Querier, table, id string, seq int64, fn func(*T) (status string)) error {
	var doc string
	if err := q.QueryRowContext(ctx, `SELECT doc FROM `+table+` WHERE id = $1`, id).Scan(&doc); err != nil {
		return fmt.Errorf("%s %s: %w", table, id, err)
	}
	var v T
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return fmt.Errorf("%s %s: %w", table, id, err)
	}
	status := fn(&v)
	b, err := json.Marshal(&v)
	if err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE `+table+` SET status = $2, doc = $3, seq = $4 WHERE id = $1`, id, status, string(b), seq)
}

func projectPlan(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[flights.PlanPayload](e)
	if err != nil {
		return err
	}
	rel, _ := json.Marshal(e.Release)
	if e.Kind == flights.EntryPlanFiled {
		doc, _ := json.Marshal(&flights.Plan{ID: p.ID, Party: e.Party, Author: e.Author, Callsign: p.Callsign, Category: p.Category,
			Status: flights.StatusFiled, Waypoints: p.Waypoints, Release: e.Release, Version: p.Version, Filed: e.Time, Updated: e.Time, Seq: e.Seq})
		_, err := q.ExecContext(ctx, `INSERT INTO flight_plans (id, party, status, version, release_json, doc, first_seq, seq)
			VALUES ($1, $2, 'filed', $3, $4, $5, $6, $6)`, p.ID, e.Party, p.Version, string(rel), string(doc), e.Seq)
		return err
	}
	if err := updateDoc(ctx, q, "flight_plans", p.ID, e.Seq, func(pl *flights.Plan) string {
		pl.Author, pl.Callsign, pl.Category, pl.Waypoints = e.Author, p.Callsign, p.Category, p.Waypoints
		pl.Release, pl.Version, pl.Updated, pl.Seq = e.Release, p.Version, e.Time, e.Seq
		return pl.Status
	}); err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE flight_plans SET version = $2, release_json = $3 WHERE id = $1`, p.ID, p.Version, string(rel))
}

func projectPlanCancelled(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[flights.CancelPayload](e)
	if err != nil {
		return err
	}
	return updateDoc(ctx, q, "flight_plans", p.ID, e.Seq, func(pl *flights.Plan) string {
		pl.Status, pl.Cancelled, pl.Reason, pl.Updated, pl.Seq = flights.StatusCancelled, e.Time, p.Reason, e.Time, e.Seq
		return flights.StatusCancelled
	})
}

func projectReservation(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[flights.ReservationPayload](e)
	if err != nil {
		return err
	}
	rel, _ := json.Marshal(e.Release)
	doc, _ := json.Marshal(&flights.Reservation{ID: p.ID, Party: e.Party, Author: e.Author, Name: p.Name, Geometry: p.Geometry,
		FloorFt: p.FloorFt, CeilingFt: p.CeilingFt, Start: p.Start, End: p.End, Status: "active", Release: e.Release, Created: e.Time, Seq: e.Seq})
	_, err = q.ExecContext(ctx, `INSERT INTO flight_reservations (id, party, status, release_json, doc, first_seq, seq)
		VALUES ($1, $2, 'active', $3, $4, $5, $5)`, p.ID, e.Party, string(rel), string(doc), e.Seq)
	return err
}

func projectReservationCancelled(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[flights.CancelPayload](e)
	if err != nil {
		return err
	}
	return updateDoc(ctx, q, "flight_reservations", p.ID, e.Seq, func(r *flights.Reservation) string {
		r.Status, r.Seq = flights.StatusCancelled, e.Seq
		return flights.StatusCancelled
	})
}

func projectConflictRaised(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	c, err := decode[flights.Conflict](e)
	if err != nil {
		return err
	}
	c.Status, c.Raised, c.Cleared, c.ClearReason = flights.ConflictOpen, e.Time, "", ""
	c.Seq, c.AlertKey = e.Seq, flights.AlertKey(c.ID, e.Seq)
	// Who may know that the record exists is the payload's releasability
	// (the parties concerned and the co-chairs); the entry itself is
	// released only to those that may know every subject. Entries written
	// before that distinction carry the same releasability in both.
	if c.Release.TLP == "" {
		c.Release = e.Release
	}
	doc, _ := json.Marshal(c)
	rel, _ := json.Marshal(c.Release)
	// A conflict found again after it cleared (the same pair and interval)
	// reopens its record.
	_, err = q.ExecContext(ctx, `INSERT INTO flight_conflicts (id, kind, status, cleared_unix, release_json, doc, seq)
		VALUES ($1, $2, 'open', 0, $3, $4, $5)
		ON CONFLICT (id) DO UPDATE SET status = 'open', cleared_unix = 0, release_json = excluded.release_json, doc = excluded.doc, seq = excluded.seq`,
		c.ID, c.Kind, string(rel), string(doc), e.Seq)
	return err
}

func projectConflictCleared(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[flights.ClearedPayload](e)
	if err != nil {
		return err
	}
	if err := updateDoc(ctx, q, "flight_conflicts", p.ID, e.Seq, func(c *flights.Conflict) string {
		c.Status, c.Cleared, c.ClearReason, c.Seq = flights.ConflictCleared, e.Time, p.Reason, e.Seq
		return flights.ConflictCleared
	}); err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE flight_conflicts SET cleared_unix = $2 WHERE id = $1`, p.ID, unixOf(e.Time))
}
