package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Alerts returns the alerts.Store over d.
func (d *DB) Alerts() alerts.Store { return alertStore{d} }

type alertStore struct{ d *DB }

func (s alertStore) q(q ledger.Querier) ledger.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

// alertCols are the columns scanAlert reads, the origin label last.
var alertCols = `id, severity, level, status, party, release_json, raised, deadline, doc, raised_seq, seq, ` + originAt(`alerts.raised_seq`)

func scanAlert(sc interface{ Scan(...any) error }) (*alerts.Alert, error) {
	var a alerts.Alert
	var rel, doc string
	if err := sc.Scan(&a.ID, &a.Severity, &a.Level, &a.Status, &a.Party, &rel, &a.Raised, &a.Deadline, &doc, &a.RaisedSeq, &a.Seq, &a.Origin); err != nil {
		return nil, err
	}
	var r alerts.Raised
	if err := json.Unmarshal([]byte(doc), &r); err != nil {
		return nil, fmt.Errorf("alert %s: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(rel), &a.Release); err != nil {
		return nil, fmt.Errorf("alert %s: %w", a.ID, err)
	}
	a.Key, a.Kind, a.Title, a.Description, a.Concerned, a.Links, a.Area, a.About = r.Key, r.Kind, r.Title, r.Description, r.Concerned, r.Links, r.Area, r.About
	a.Acks = []alerts.Ack{}
	return &a, nil
}

func (s alertStore) one(ctx context.Context, q ledger.Querier, where, arg string) (*alerts.Alert, error) {
	a, err := scanAlert(s.q(q).QueryRowContext(ctx, `SELECT `+alertCols+` FROM alerts WHERE `+where+` = $1`, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("alert %s: %w", arg, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: alert %s: %w", arg, err)
	}
	if err := fillAlertAcks(ctx, s.q(q), []*alerts.Alert{a}); err != nil {
		return nil, err
	}
	a.Origin = s.d.label(a.Origin)
	return a, nil
}

func (s alertStore) Alert(ctx context.Context, q ledger.Querier, id string) (*alerts.Alert, error) {
	return s.one(ctx, q, "id", id)
}

func (s alertStore) AlertByKey(ctx context.Context, q ledger.Querier, key string) (*alerts.Alert, error) {
	return s.one(ctx, q, "key", key)
}

// alertWhere returns the WHERE clause and arguments selecting the alerts
// matching f (f.Limit aside), pre-filtered for viewer.
func alertWhere(f alerts.Filter, viewer string) ([]string, []any) {
	var args []any
	where := []string{visibleClause(viewer, &args)}
	add := func(clause string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(clause, len(args)))
	}
	if f.Kind != "" {
		add("kind = $%d", string(f.Kind))
	}
	if f.Status != "" {
		add("status = $%d", f.Status)
	}
	if f.Severity != "" {
		add("severity = $%d", string(f.Severity))
	}
	if f.PendingFor != "" {
		add("status = 'open' AND id IN (SELECT alert_id FROM alert_acks WHERE status = 'pending' AND party = $%d)", f.PendingFor)
	}
	return where, args
}

// AlertsBefore implements alerts.Store: a keyset page, newest first by
// (raised_seq, id) descending.
func (s alertStore) AlertsBefore(ctx context.Context, f alerts.Filter, viewer string, after *alerts.Cursor, limit int) ([]alerts.Alert, error) {
	where, args := alertWhere(f, viewer)
	where, args = keysetBefore(where, args, "raised_seq", after)
	if limit <= 0 {
		limit = alerts.MaxLimit
	}
	return s.list(ctx, `SELECT `+alertCols+` FROM alerts WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY raised_seq DESC, id DESC LIMIT %d`, limit), args...)
}

// AlertCounts implements alerts.Store: one row per releasability, status,
// severity and pending flag, over every alert (the service decides which
// groups the caller may see).
func (s alertStore) AlertCounts(ctx context.Context, party string) ([]alerts.CountBucket, error) {
	bs, err := queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*alerts.CountBucket, error) {
		var b alerts.CountBucket
		var tlp, aud string
		var pending int
		err := sc.Scan(&tlp, &aud, &b.Status, &b.Severity, &pending, &b.N)
		b.Release, b.Pending = decodeRelease(tlp, aud), pending == 1
		return &b, err
	}, `SELECT tlp, audience, status, severity, pending, count(*) FROM (
		SELECT a.tlp, a.audience, a.status, a.severity,
			CASE WHEN a.status = 'open' AND EXISTS (SELECT 1 FROM alert_acks k WHERE k.alert_id = a.id AND k.party = $1 AND k.status = 'pending')
				THEN 1 ELSE 0 END AS pending
		FROM alerts a) c GROUP BY tlp, audience, status, severity, pending`, party)
	if err != nil {
		return nil, fmt.Errorf("store: count alerts: %w", err)
	}
	return bs, nil
}

// AlertsByID implements alerts.Pager: up to f.Limit (default 1,000)
// alerts matching f with an id after after ("" for the first), in id
// order, pre-filtered for viewer.
func (s alertStore) AlertsByID(ctx context.Context, f alerts.Filter, viewer, after string) ([]alerts.Alert, error) {
	where, args := alertWhere(f, viewer)
	if after != "" {
		args = append(args, after)
		where = append(where, fmt.Sprintf("id > $%d", len(args)))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	return s.list(ctx, `SELECT `+alertCols+` FROM alerts WHERE `+strings.Join(where, " AND ")+fmt.Sprintf(` ORDER BY id LIMIT %d`, limit), args...)
}

func (s alertStore) Overdue(ctx context.Context, t time.Time) ([]alerts.Alert, error) {
	return s.list(ctx, `SELECT `+alertCols+` FROM alerts WHERE status = 'open' AND severity <> 'extreme' AND deadline_unix < $1 ORDER BY raised_seq`, t.Unix())
}

func (s alertStore) list(ctx context.Context, query string, args ...any) ([]alerts.Alert, error) {
	as, err := queryAll(ctx, s.d.SQL, scanAlert, query, args...)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*alerts.Alert, len(as))
	for i := range as {
		as[i].Origin = s.d.label(as[i].Origin)
		ptrs[i] = &as[i]
	}
	return as, fillAlertAcks(ctx, s.d.SQL, ptrs)
}

func fillAlertAcks(ctx context.Context, q ledger.Querier, as []*alerts.Alert) error {
	return fillChildren(ctx, q, as, func(a *alerts.Alert) string { return a.ID },
		`SELECT alert_id, party, status, time, author, note, seq FROM alert_acks WHERE alert_id`, `ORDER BY alert_id, party`,
		func(id *string, k *alerts.Ack) []any {
			return []any{id, &k.Party, &k.Status, &k.Time, &k.Author, &k.Note, &k.Seq}
		},
		func(a *alerts.Alert, k alerts.Ack) { a.Acks = append(a.Acks, k) })
}
