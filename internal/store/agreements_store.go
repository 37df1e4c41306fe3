package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"truce/internal/agreements"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Agreements returns the agreements.Store over d.
func (d *DB) Agreements() agreements.Store { return agreementsStore{d} }

type agreementsStore struct{ d *DB }

func (s agreementsStore) q(q ledger.Querier) ledger.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

func (s agreementsStore) CoChairs(ctx context.Context, q ledger.Querier) ([]string, error) {
	return coChairs(ctx, s.q(q))
}

func (s agreementsStore) History(ctx context.Context, subject string) ([]*ledger.Entry, error) {
	return s.d.history(ctx, subject)
}

// agreementRecordCols are the columns of a record read: its document and
// its origin label.
var agreementRecordCols = `doc, ` + originOfSubject(`agreement_records.kind || ':' || agreement_records.id`)

// record reads the stored doc of record id of kind into v and returns its
// origin label.
func (s agreementsStore) record(ctx context.Context, q ledger.Querier, kind, id string, v any) (string, error) {
	var doc, origin string
	err := s.q(q).QueryRowContext(ctx, `SELECT `+agreementRecordCols+` FROM agreement_records WHERE id = $1 AND kind = $2`, id, kind).Scan(&doc, &origin)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: %s %s: %w", kind, id, fault.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("store: %s %s: %w", kind, id, err)
	}
	if err := json.Unmarshal([]byte(doc), v); err != nil {
		return "", fmt.Errorf("store: %s %s: %w", kind, id, err)
	}
	return s.d.label(origin), nil
}

// records reads every record of kind, by id, each labelled with its
// origin by label.
func records[T any](ctx context.Context, d *DB, kind string, label func(*T, string)) ([]T, error) {
	rows, err := d.SQL.QueryContext(ctx, `SELECT `+agreementRecordCols+` FROM agreement_records WHERE kind = $1 ORDER BY id`, kind)
	if err != nil {
		return nil, fmt.Errorf("store: %s records: %w", kind, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var doc, origin string
		if err := rows.Scan(&doc, &origin); err != nil {
			return nil, fmt.Errorf("store: %s records: %w", kind, err)
		}
		var v T
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			return nil, fmt.Errorf("store: %s records: %w", kind, err)
		}
		label(&v, d.label(origin))
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s agreementsStore) Agreement(ctx context.Context, q ledger.Querier, id string) (*agreements.Agreement, error) {
	var a agreements.Agreement
	origin, err := s.record(ctx, q, agreements.RecordAgreement, id, &a)
	if err != nil {
		return nil, err
	}
	a.Origin = origin
	return &a, nil
}

func (s agreementsStore) Agreements(ctx context.Context) ([]agreements.Agreement, error) {
	return records(ctx, s.d, agreements.RecordAgreement, func(a *agreements.Agreement, o string) { a.Origin = o })
}

func (s agreementsStore) Passage(ctx context.Context, q ledger.Querier, id string) (*agreements.Passage, error) {
	var p agreements.Passage
	origin, err := s.record(ctx, q, agreements.RecordPassage, id, &p)
	if err != nil {
		return nil, err
	}
	p.Origin = origin
	return &p, nil
}

func (s agreementsStore) Passages(ctx context.Context) ([]agreements.Passage, error) {
	return records(ctx, s.d, agreements.RecordPassage, func(p *agreements.Passage, o string) { p.Origin = o })
}

// projectAgreementRecord folds one agreement.* or passage.* entry into its
// record's row (agreements.Fold), creating the row with its first entry.
func projectAgreementRecord(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	kind, id, err := agreements.RecordOf(e)
	if err != nil {
		return err
	}
	var prev string
	err = q.QueryRowContext(ctx, `SELECT doc FROM agreement_records WHERE id = $1`, id).Scan(&prev)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	}
	doc, err := agreements.Fold(kind, []byte(prev), e)
	if err != nil {
		return err
	}
	if prev != "" {
		return execOne(ctx, q, `UPDATE agreement_records SET doc = $2, seq = $3 WHERE id = $1`, id, string(doc), e.Seq)
	}
	rel, _ := json.Marshal(e.Release)
	_, err = q.ExecContext(ctx, `INSERT INTO agreement_records (id, kind, party, tlp, audience, release_json, created, doc, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, kind, e.Party, string(e.Release.TLP), audienceColumn(e.Release),
		string(rel), e.Time, string(doc), e.Seq)
	return err
}
