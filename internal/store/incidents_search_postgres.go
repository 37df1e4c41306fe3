package store

// PostgreSQL: the search index of incidents (incidents_search: a GiST index
// over the bounding box and the time span, a GIN index over a tsvector),
// created and filled by migrations_postgres/0005_incidents_postgres.sql.
// Built-in types only (box, int8range, tsvector): no extension needed.

import (
	"strings"

	"truce/internal/incidents"
)

// postgresIndexClauses joins incidents_search to q when f has a bbox, a
// time window or text, and returns the conditions on it; exact tests on i
// are added by the caller (box operators compare with a tolerance of 1e-6).
// Text is matched with plainto_tsquery('simple', …): every word, no
// stemming, query syntax never interpreted.
func postgresIndexClauses(q *searchQuery, f *incidents.Filter, terms []string) []string {
	spatial := f.BBox != nil || f.From != nil || f.To != nil
	if !spatial && len(terms) == 0 {
		return nil
	}
	q.indexed = true
	q.from = "incidents i JOIN incidents_search s ON s.id = i.n"
	var conds []string
	if b := f.BBox; b != nil {
		conds = append(conds, "s.bbox && box(point("+q.arg(b.Min[0])+", "+q.arg(b.Min[1])+"), point("+
			q.arg(b.Max[0])+", "+q.arg(b.Max[1])+"))")
	}
	if f.From != nil || f.To != nil {
		var from, to any // nil: an open end
		if f.From != nil {
			from = f.From.Unix()
		}
		if f.To != nil {
			to = f.To.Unix()
		}
		conds = append(conds, "s.span && int8range("+q.arg(from)+"::bigint, "+q.arg(to)+"::bigint, '[]')")
	}
	if len(terms) > 0 {
		conds = append(conds, "s.doc @@ plainto_tsquery('simple', "+q.arg(strings.Join(terms, " "))+")")
	}
	return conds
}
