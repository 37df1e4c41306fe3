package store

// sqlite only: the R*Tree (bbox × time) and FTS5 (text) indexes of
// incidents, created by migrations/0005_incidents_sqlite.sql. A PostgreSQL
// engine provides the same three functions over a GiST index and a
// tsvector column.

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"truce/internal/incidents"
	"truce/internal/ledger"
)

// indexIncident adds incident n to the search indexes.
func indexIncident(ctx context.Context, q ledger.Querier, n int64, r *incidents.Report, minLon, maxLon, minLat, maxLat float64, t0, t1 int64) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO incidents_rtree (id, min_lon, max_lon, min_lat, max_lat, t0, t1) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		n, minLon, maxLon, minLat, maxLat, t0, t1); err != nil {
		return fmt.Errorf("rtree: %w", err)
	}
	var src strings.Builder
	for _, s := range r.Sources {
		src.WriteString(s.Name)
		src.WriteString(" ")
		src.WriteString(s.Note)
		src.WriteString(" ")
	}
	for _, c := range r.Casualties {
		src.WriteString(c.Source)
		src.WriteString(" ")
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO incidents_fts (rowid, narrative, place, sources) VALUES ($1, $2, $3, $4)`,
		n, r.Narrative, r.PlaceName, src.String()); err != nil {
		return fmt.Errorf("fts: %w", err)
	}
	return nil
}

// spatialClause returns a condition on incidents i that narrows to rows
// whose (bbox, span) box meets the filter's, through the R*Tree; the exact
// tests on i's columns are added by the caller. It returns "" when the
// filter has neither a bbox nor a time window.
func spatialClause(f *incidents.Filter, arg func(any) string) string {
	if f.BBox == nil && f.From == nil && f.To == nil {
		return ""
	}
	var conds []string
	if b := f.BBox; b != nil {
		conds = append(conds, "max_lon >= "+arg(b.Min[0]), "min_lon <= "+arg(b.Max[0]),
			"max_lat >= "+arg(b.Min[1]), "min_lat <= "+arg(b.Max[1]))
	}
	if f.From != nil {
		conds = append(conds, "t1 >= "+arg(f.From.Unix()))
	}
	if f.To != nil {
		conds = append(conds, "t0 <= "+arg(f.To.Unix()))
	}
	return "i.n IN (SELECT id FROM incidents_rtree WHERE " + strings.Join(conds, " AND ") + ")"
}

// textClause returns a condition on incidents i matching every word of
// text through FTS5, or "" if text has no words. Words are quoted, so FTS5
// query syntax in text is matched literally, never interpreted.
func textClause(text string, arg func(any) string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) == 0 {
		return ""
	}
	if len(words) > 20 {
		words = words[:20]
	}
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	return "i.n IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH " + arg(strings.Join(words, " ")) + ")"
}
