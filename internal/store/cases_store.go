package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"truce/internal/cases"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/listing"
)

// Cases returns the cases.Store over d.
func (d *DB) Cases() cases.Store { return casesStore{d} }

type casesStore struct{ d *DB }

// caseCols are the columns scanCase reads: the case's document and its
// origin label.
var caseCols = `doc, ` + originAt(`cases.first_seq`)

func scanCase(sc interface{ Scan(...any) error }) (*cases.Case, error) {
	var doc, origin string
	if err := sc.Scan(&doc, &origin); err != nil {
		return nil, err
	}
	var c cases.Case
	if err := json.Unmarshal([]byte(doc), &c); err != nil {
		return nil, fmt.Errorf("case: %w", err)
	}
	c.Origin = origin
	return &c, nil
}

// caseBy reads one case with q, by a column (id or case_key).
func (casesStore) caseBy(ctx context.Context, q ledger.Querier, col, v string) (*cases.Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE `+col+` = $1`, v))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("case %s: %w", v, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: case %s: %w", v, err)
	}
	return c, nil
}

// caseIn reads case id with q for its projection: without an origin
// label, which is never part of the stored document.
func (s casesStore) caseIn(ctx context.Context, q ledger.Querier, id string) (*cases.Case, error) {
	c, err := s.caseBy(ctx, q, "id", id)
	if err != nil {
		return nil, err
	}
	c.Origin = ""
	return c, nil
}

func (s casesStore) querier(q ledger.Querier) ledger.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

// Case implements cases.Store.
func (s casesStore) Case(ctx context.Context, q ledger.Querier, id string) (*cases.Case, error) {
	return s.labelled(s.caseBy(ctx, s.querier(q), "id", id))
}

// labelled labels c with this node's origin if c is an own case.
func (s casesStore) labelled(c *cases.Case, err error) (*cases.Case, error) {
	if err != nil {
		return nil, err
	}
	c.Origin = s.d.label(c.Origin)
	return c, nil
}

// CaseByKey implements cases.Store.
func (s casesStore) CaseByKey(ctx context.Context, q ledger.Querier, key string) (*cases.Case, error) {
	return s.labelled(s.caseBy(ctx, s.querier(q), "case_key", key))
}

func (s casesStore) list(ctx context.Context, query string, args ...any) ([]cases.Case, error) {
	rows, err := s.d.SQL.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: cases: %w", err)
	}
	defer rows.Close()
	var out []cases.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, fmt.Errorf("store: cases: %w", err)
		}
		c.Origin = s.d.label(c.Origin)
		out = append(out, *c)
	}
	return out, rows.Err()
}

// CasesBefore implements cases.Store.
func (s casesStore) CasesBefore(ctx context.Context, f cases.Filter, viewer string, after *listing.Cursor, limit int) ([]cases.Case, error) {
	var args []any
	where := visibleClause(viewer, &args)
	arg := func(v any) int { args = append(args, v); return len(args) }
	if f.Status != "" {
		where += fmt.Sprintf(" AND status = $%d", arg(f.Status))
	}
	if f.Party != "" {
		where += fmt.Sprintf(" AND parties LIKE $%d", arg("%,"+f.Party+",%"))
	}
	if after != nil {
		seq, id := arg(after.Seq), arg(after.ID)
		where += fmt.Sprintf(" AND (first_seq < $%d OR (first_seq = $%d AND id < $%d))", seq, seq, id)
	}
	args = append(args, limit)
	return s.list(ctx, fmt.Sprintf(`SELECT `+caseCols+` FROM cases WHERE %s ORDER BY first_seq DESC, id DESC LIMIT $%d`, where, len(args)), args...)
}

// Cases implements cases.Store.
func (s casesStore) Cases(ctx context.Context, status string) ([]cases.Case, error) {
	if status == "" {
		return s.list(ctx, `SELECT `+caseCols+` FROM cases ORDER BY first_seq`)
	}
	return s.list(ctx, `SELECT `+caseCols+` FROM cases WHERE status = $1 ORDER BY first_seq`, status)
}
