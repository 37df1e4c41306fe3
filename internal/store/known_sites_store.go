package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"truce/internal/cases"
	"truce/internal/fault"
	"truce/internal/listing"
)

const knownSiteCols = `import_id, party, author, release_json, imported, doc, seq`

func scanKnownSite(sc interface{ Scan(...any) error }) (*cases.KnownSite, error) {
	var k cases.KnownSite
	var rel, doc string
	if err := sc.Scan(&k.ImportID, &k.Party, &k.Author, &rel, &k.Imported, &doc, &k.Seq); err != nil {
		return nil, err
	}
	if err := errors.Join(json.Unmarshal([]byte(doc), &k.Site), json.Unmarshal([]byte(rel), &k.Release)); err != nil {
		return nil, fmt.Errorf("known site: %w", err)
	}
	return &k, nil
}

// KnownSite implements cases.Store.
func (s casesStore) KnownSite(ctx context.Context, id string) (*cases.KnownSite, error) {
	k, err := scanKnownSite(s.d.SQL.QueryRowContext(ctx, `SELECT `+knownSiteCols+` FROM known_sites WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("known site %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: known site %s: %w", id, err)
	}
	return k, nil
}

func (s casesStore) knownSites(ctx context.Context, query string, args ...any) ([]cases.KnownSite, error) {
	rows, err := s.d.SQL.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: known sites: %w", err)
	}
	defer rows.Close()
	var out []cases.KnownSite
	for rows.Next() {
		k, err := scanKnownSite(rows)
		if err != nil {
			return nil, fmt.Errorf("store: known sites: %w", err)
		}
		out = append(out, *k)
	}
	return out, rows.Err()
}

// KnownSites implements cases.Store.
func (s casesStore) KnownSites(ctx context.Context) ([]cases.KnownSite, error) {
	return s.knownSites(ctx, `SELECT `+knownSiteCols+` FROM known_sites ORDER BY id`)
}

// KnownSitesBefore implements cases.Store.
func (s casesStore) KnownSitesBefore(ctx context.Context, viewer string, after *listing.Cursor, limit int) ([]cases.KnownSite, error) {
	var args []any
	where := visibleClause(viewer, &args)
	if after != nil {
		args = append(args, after.Seq, after.ID)
		where += fmt.Sprintf(" AND (seq < $%d OR (seq = $%d AND id < $%d))", len(args)-1, len(args)-1, len(args))
	}
	args = append(args, limit)
	return s.knownSites(ctx, fmt.Sprintf(`SELECT `+knownSiteCols+` FROM known_sites WHERE %s ORDER BY seq DESC, id DESC LIMIT $%d`, where, len(args)), args...)
}
