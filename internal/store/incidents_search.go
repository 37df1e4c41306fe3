package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"truce/internal/incidents"
)

// Incident search on both engines. A filter becomes one SQL query: the
// engine's search index (R*Tree and FTS5 on SQLite, GiST and GIN on
// PostgreSQL; see incidents_search_sqlite.go and incidents_search_postgres.go)
// narrows the rows when the filter has a bbox, a time window or text, and
// exact conditions on the columns of incidents i decide. Listings read only
// the narrow incidents rows; reports are decoded for the returned page only,
// and not at all for brief listings.

// searchQuery is a filter as SQL over incidents i: from is the FROM clause
// (with the search index joined when it helps), where the conditions,
// args their arguments, indexed whether a search index drives the query.
type searchQuery struct {
	from, where string
	args        []any
	indexed     bool
}

// arg appends v to q's arguments and returns its placeholder.
func (q *searchQuery) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

// buildSearch turns f into SQL for engine e.
func buildSearch(e Engine, f *incidents.Filter) *searchQuery {
	q := &searchQuery{from: "incidents i"}
	conds := []string{"1 = 1"}
	terms := searchTerms(f.Text)
	if e == Postgres {
		conds = append(conds, postgresIndexClauses(q, f, terms)...)
	} else {
		conds = append(conds, sqliteIndexClauses(q, f, terms)...)
	}
	if strings.TrimSpace(f.Text) != "" && len(terms) == 0 {
		conds = append(conds, "1 = 0") // only punctuation: matches nothing
	}
	if b := f.BBox; b != nil {
		conds = append(conds, "i.max_lon >= "+q.arg(b.Min[0]), "i.min_lon <= "+q.arg(b.Max[0]),
			"i.max_lat >= "+q.arg(b.Min[1]), "i.min_lat <= "+q.arg(b.Max[1]))
	}
	if f.From != nil {
		conds = append(conds, "i.t1 >= "+q.arg(f.From.Unix()))
	}
	if f.To != nil {
		conds = append(conds, "i.t0 <= "+q.arg(f.To.Unix()))
	}
	if f.Zone != "" {
		q.indexed = true
		conds = append(conds, "i.id IN (SELECT incident_id FROM incident_zones WHERE zone_id = "+q.arg(f.Zone)+")")
	}
	if len(f.Categories) > 0 {
		ph := make([]string, len(f.Categories))
		for k, c := range f.Categories {
			ph[k] = q.arg(string(c))
		}
		conds = append(conds, "i.category IN ("+strings.Join(ph, ", ")+")")
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		for k, st := range f.Statuses {
			ph[k] = q.arg(string(st))
		}
		conds = append(conds, "i.status IN ("+strings.Join(ph, ", ")+")")
	}
	if f.Perpetrator != "" {
		conds = append(conds, "i.perpetrator = "+q.arg(f.Perpetrator))
	}
	if f.Party != "" {
		conds = append(conds, "i.party = "+q.arg(f.Party))
	}
	if c := f.After; c != nil {
		// A row value, so that both engines range-scan the (…, t0, n) indexes.
		conds = append(conds, "(i.t0, i.n) < ("+q.arg(c.T0)+", "+q.arg(c.N)+")")
	}
	q.where = strings.Join(conds, " AND ")
	return q
}

// visibleTo pre-filters rows by the viewer's party, mirroring
// access.Releasability.VisibleTo so that pages are full; the service checks
// every row again with package access.
func (q *searchQuery) visibleTo(party string) string {
	if party == "" {
		return "i.tlp = 'CLEAR'"
	}
	return "(i.tlp IN ('CLEAR', 'GREEN') OR (i.tlp IN ('AMBER', 'AMBER+STRICT', 'RED') AND i.audience LIKE " + q.arg("%,"+party+",%") + "))"
}

// searchTerms returns the words text search matches in text: runs of
// letters and digits, lowercased, at most 20. searchWords stores the same
// words of each incident, so that both engines tokenise alike.
func searchTerms(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) > 20 {
		words = words[:20]
	}
	return words
}

// searchWords returns what text search matches in r: the words of its
// narrative, place name and sources (names and notes, and the sources of
// casualty figures), lowercased and separated by spaces.
func searchWords(r *incidents.Report) string {
	var b strings.Builder
	add := func(s string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
	add(r.Narrative)
	add(r.PlaceName)
	for _, s := range r.Sources {
		add(s.Name)
		add(s.Note)
	}
	for _, c := range r.Casualties {
		add(c.Source)
	}
	return b.String()
}

func (s incidentsStore) Search(ctx context.Context, f *incidents.Filter, viewer string) ([]incidents.Incident, error) {
	// Window queries (brief, bbox and/or time) come from the in-memory
	// index once it is loaded (incidents_index*.go).
	if out, ok, err := s.d.searchIndexed(ctx, f, viewer); ok || err != nil {
		return out, err
	}
	return s.searchSQL(ctx, f, viewer)
}

// searchSQL is Search by one SQL query; a full listing is searchFull.
func (s incidentsStore) searchSQL(ctx context.Context, f *incidents.Filter, viewer string) ([]incidents.Incident, error) {
	if !f.Brief {
		return s.searchFull(ctx, f, viewer)
	}
	q := buildSearch(s.d.Engine, f)
	rows, err := s.d.SQL.QueryContext(ctx, q.sql(s.d.Engine, incidentCols, f.Limit, viewer), q.args...)
	if err != nil {
		return nil, fmt.Errorf("store: search incidents: %w", err)
	}
	out := make([]incidents.Incident, 0, min(f.Limit, 128))
	for rows.Next() {
		out = append(out, incidents.Incident{})
		if err := scanListed(rows, &out[len(out)-1]); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: search incidents: %w", err)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search incidents: %w", err)
	}
	return out, nil
}

// sql returns q as a SELECT of cols of the rows viewer may see, newest
// first, at most limit of them; it adds its own arguments to q.
func (q *searchQuery) sql(e Engine, cols string, limit int, viewer string) string {
	cond := q.where + " AND " + q.visibleTo(viewer)
	lim := q.arg(limit)
	// On SQLite the unary + keeps the planner from walking the time index
	// when a search index has already narrowed the rows.
	order := "i.t0 DESC, i.n DESC"
	if q.indexed && e != Postgres {
		order = "+i.t0 DESC, +i.n DESC"
	}
	return `SELECT ` + cols + ` FROM ` + q.from + ` WHERE ` + cond + ` ORDER BY ` + order + ` LIMIT ` + lim
}

func (s incidentsStore) Counts(ctx context.Context, f *incidents.Filter) ([]incidents.CountBucket, error) {
	q := buildSearch(s.d.Engine, f)
	return queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*incidents.CountBucket, error) {
		var b incidents.CountBucket
		var tlp, aud string
		err := sc.Scan(&tlp, &aud, &b.Status, &b.Category, &b.N)
		b.Release = decodeRelease(tlp, aud)
		return &b, err
	}, `SELECT i.tlp, i.audience, i.status, i.category, count(*) FROM `+q.from+` WHERE `+q.where+`
		GROUP BY i.tlp, i.audience, i.status, i.category`, q.args...)
}

func (s incidentsStore) Aggregate(ctx context.Context, f *incidents.Filter, visible []string) ([]incidents.AggregateBucket, error) {
	q := buildSearch(s.d.Engine, f)
	// Each matching incident once per zone of visible it is in, and once
	// under "" if it is in none of them: the two halves of a UNION ALL
	// over the same filter (its parameters shared by number).
	cols := `(i.t0 - ((i.t0 % 86400) + 86400) % 86400) / 86400 AS day, i.category, i.tlp, i.audience, i.killed, i.injured`
	var parts []string
	if len(visible) > 0 {
		ph := make([]string, len(visible))
		for k, z := range visible {
			ph[k] = q.arg(z)
		}
		in := strings.Join(ph, ", ")
		parts = append(parts,
			`SELECT `+cols+`, z.zone_id AS zone FROM `+q.from+` JOIN incident_zones z ON z.incident_id = i.id AND z.zone_id IN (`+in+`) WHERE `+q.where,
			`SELECT `+cols+`, '' AS zone FROM `+q.from+` WHERE `+q.where+`
				AND NOT EXISTS (SELECT 1 FROM incident_zones z WHERE z.incident_id = i.id AND z.zone_id IN (`+in+`))`)
	} else {
		parts = append(parts, `SELECT `+cols+`, '' AS zone FROM `+q.from+` WHERE `+q.where)
	}
	return queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*incidents.AggregateBucket, error) {
		var b incidents.AggregateBucket
		var day int64
		var tlp, aud string
		err := sc.Scan(&day, &b.Zone, &b.Category, &tlp, &aud, &b.N, &b.Killed, &b.Injured)
		b.Day = time.Unix(day*86400, 0).UTC().Format("2006-01-02")
		b.Release = decodeRelease(tlp, aud)
		return &b, err
	}, `SELECT day, zone, category, tlp, audience, count(*), sum(killed), sum(injured)
		FROM (`+strings.Join(parts, " UNION ALL ")+`) a GROUP BY day, zone, category, tlp, audience`, q.args...)
}
