package store

// SQLite: the R*Tree (bbox × time) and FTS5 (text) indexes of incidents,
// created and filled by migrations/0005_incidents_sqlite.sql.

import (
	"strings"

	"truce/internal/incidents"
)

// rtreeWeek is the time unit of incidents_rtree: a week, in seconds.
const rtreeWeek = 604800.0

// sqliteIndexClauses adds the search indexes that narrow f to q: the
// R*Tree drives the query (joined first, by CROSS JOIN, which SQLite never
// reorders) when f has a bbox or a time window; text goes through FTS5. It
// returns the conditions to add; exact tests on i are added by the caller.
func sqliteIndexClauses(q *searchQuery, f *incidents.Filter, terms []string) []string {
	var conds []string
	if f.BBox != nil || f.From != nil || f.To != nil {
		q.indexed = true
		q.from = "incidents_rtree r CROSS JOIN incidents i"
		conds = append(conds, "i.n = r.id")
		if b := f.BBox; b != nil {
			conds = append(conds, "r.max_lon >= "+q.arg(b.Min[0]), "r.min_lon <= "+q.arg(b.Max[0]),
				"r.max_lat >= "+q.arg(b.Min[1]), "r.min_lat <= "+q.arg(b.Max[1]))
		}
		// Division by a positive constant is monotonic, and the R*Tree
		// rounds boxes outwards: these never exclude a match.
		if f.From != nil {
			conds = append(conds, "r.w1 >= "+q.arg(float64(f.From.Unix())/rtreeWeek))
		}
		if f.To != nil {
			conds = append(conds, "r.w0 <= "+q.arg(float64(f.To.Unix())/rtreeWeek))
		}
	}
	if len(terms) > 0 {
		q.indexed = true
		// Each word quoted: FTS5 query syntax in the text is matched
		// literally, never interpreted; words are letters and digits only.
		quoted := make([]string, len(terms))
		for k, w := range terms {
			quoted[k] = `"` + w + `"`
		}
		conds = append(conds, "i.n IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH "+q.arg(strings.Join(quoted, " "))+")")
	}
	return conds
}
