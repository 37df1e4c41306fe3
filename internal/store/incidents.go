package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/txn"
)

// Incidents returns the incidents.Store over d.
func (d *DB) Incidents() incidents.Store { return incidentsStore{d} }

type incidentsStore struct{ d *DB }

func (s incidentsStore) q(q txn.Querier) txn.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

func (s incidentsStore) CoChairs(ctx context.Context, q txn.Querier) ([]string, error) {
	return coChairs(ctx, s.q(q))
}

func (s incidentsStore) History(ctx context.Context, subject string) ([]*ledger.Entry, error) {
	return s.d.history(ctx, subject)
}

const incidentCols = `i.n, i.id, i.party, i.author, i.reported_at, i.status, i.round, i.t0, i.t1, i.killed, i.injured,
	i.tlp, i.audience, i.duplicate_of, i.report, i.seq`

func scanIncident(sc interface{ Scan(...any) error }) (*incidents.Incident, error) {
	var in incidents.Incident
	var tlp, aud, report string
	if err := sc.Scan(&in.N, &in.ID, &in.Party, &in.Author, &in.ReportedAt, &in.Status, &in.Round, &in.T0, &in.T1,
		&in.Killed, &in.Injured, &tlp, &aud, &in.DuplicateOf, &report, &in.Seq); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(report), &in.Report); err != nil {
		return nil, fmt.Errorf("incident %s: report: %w", in.ID, err)
	}
	in.Release = decodeRelease(tlp, aud)
	return &in, nil
}

func (s incidentsStore) Incident(ctx context.Context, q txn.Querier, id string) (*incidents.Incident, error) {
	q = s.q(q)
	in, err := scanIncident(q.QueryRowContext(ctx, `SELECT `+incidentCols+` FROM incidents i WHERE i.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("incident %s: %w", id, access.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: incident %s: %w", id, err)
	}
	if err := s.details(ctx, q, []*incidents.Incident{in}); err != nil {
		return nil, err
	}
	return in, nil
}

// details fills the current round's assessments and the zones of ins.
func (s incidentsStore) details(ctx context.Context, q txn.Querier, ins []*incidents.Incident) error {
	if len(ins) == 0 {
		return nil
	}
	byID := make(map[string]*incidents.Incident, len(ins))
	args := make([]any, len(ins))
	ph := make([]string, len(ins))
	for k, in := range ins {
		byID[in.ID] = in
		in.Zones = []string{}
		in.Assessments = []incidents.Assessment{}
		args[k] = in.ID
		ph[k] = "$" + strconv.Itoa(k+1)
	}
	list := strings.Join(ph, ", ")
	rows, err := q.QueryContext(ctx, `SELECT a.incident_id, a.round, a.party, a.verdict, a.reasoning, a.author, a.time
		FROM incident_assessments a WHERE a.incident_id IN (`+list+`) ORDER BY a.incident_id, a.party`, args...)
	if err != nil {
		return fmt.Errorf("store: assessments: %w", err)
	}
	for rows.Next() {
		var id string
		var round int
		var a incidents.Assessment
		if err := rows.Scan(&id, &round, &a.Party, &a.Verdict, &a.Reasoning, &a.Author, &a.Time); err != nil {
			rows.Close()
			return err
		}
		if in := byID[id]; in != nil && in.Round == round {
			in.Assessments = append(in.Assessments, a)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	zrows, err := q.QueryContext(ctx, `SELECT incident_id, zone_id FROM incident_zones WHERE incident_id IN (`+list+`) ORDER BY incident_id, zone_id`, args...)
	if err != nil {
		return fmt.Errorf("store: incident zones: %w", err)
	}
	defer zrows.Close()
	for zrows.Next() {
		var id, z string
		if err := zrows.Scan(&id, &z); err != nil {
			return err
		}
		if in := byID[id]; in != nil {
			in.Zones = append(in.Zones, z)
		}
	}
	return zrows.Err()
}

func (s incidentsStore) ExistingKeys(ctx context.Context, q txn.Querier, keys []string) (map[string]string, error) {
	out := map[string]string{}
	q = s.q(q)
	const chunk = 500
	for off := 0; off < len(keys); off += chunk {
		part := keys[off:min(off+chunk, len(keys))]
		args := make([]any, len(part))
		ph := make([]string, len(part))
		for k, key := range part {
			args[k] = key
			ph[k] = "$" + strconv.Itoa(k+1)
		}
		rows, err := q.QueryContext(ctx, `SELECT ikey, id FROM incidents WHERE ikey IN (`+strings.Join(ph, ", ")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: incident keys: %w", err)
		}
		for rows.Next() {
			var k, id string
			if err := rows.Scan(&k, &id); err != nil {
				rows.Close()
				return nil, err
			}
			out[k] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s incidentsStore) Comments(ctx context.Context, id string) ([]incidents.Comment, error) {
	return queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*incidents.Comment, error) {
		var c incidents.Comment
		err := sc.Scan(&c.Seq, &c.Party, &c.Author, &c.Time, &c.Text)
		return &c, err
	}, `SELECT seq, party, author, time, body FROM incident_comments WHERE incident_id = $1 ORDER BY seq`, id)
}

// where builds the filter's conditions on incidents i (text and search
// indexes included), appending their arguments to args.
func where(f *incidents.Filter, args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + strconv.Itoa(len(*args))
	}
	conds := []string{"1 = 1"}
	if c := spatialClause(f, arg); c != "" {
		conds = append(conds, c)
	}
	if b := f.BBox; b != nil {
		conds = append(conds, "i.max_lon >= "+arg(b.Min[0]), "i.min_lon <= "+arg(b.Max[0]),
			"i.max_lat >= "+arg(b.Min[1]), "i.min_lat <= "+arg(b.Max[1]))
	}
	if f.From != nil {
		conds = append(conds, "i.t1 >= "+arg(f.From.Unix()))
	}
	if f.To != nil {
		conds = append(conds, "i.t0 <= "+arg(f.To.Unix()))
	}
	if f.Zone != "" {
		conds = append(conds, "i.id IN (SELECT incident_id FROM incident_zones WHERE zone_id = "+arg(f.Zone)+")")
	}
	if len(f.Categories) > 0 {
		ph := make([]string, len(f.Categories))
		for k, c := range f.Categories {
			ph[k] = arg(string(c))
		}
		conds = append(conds, "i.category IN ("+strings.Join(ph, ", ")+")")
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		for k, st := range f.Statuses {
			ph[k] = arg(string(st))
		}
		conds = append(conds, "i.status IN ("+strings.Join(ph, ", ")+")")
	}
	if f.Perpetrator != "" {
		conds = append(conds, "i.perpetrator = "+arg(f.Perpetrator))
	}
	if f.Party != "" {
		conds = append(conds, "i.party = "+arg(f.Party))
	}
	if c := textClause(f.Text, arg); c != "" {
		conds = append(conds, c)
	} else if strings.TrimSpace(f.Text) != "" {
		conds = append(conds, "1 = 0") // only punctuation: matches nothing
	}
	if c := f.After; c != nil {
		t := arg(c.T0)
		conds = append(conds, "(i.t0 < "+t+" OR (i.t0 = "+t+" AND i.n < "+arg(c.N)+"))")
	}
	return strings.Join(conds, " AND ")
}

// visibleTo pre-filters rows by the viewer's party, mirroring
// access.Releasability.VisibleTo so that pages are full; the service checks
// every row again with package access.
func visibleTo(party string, args *[]any) string {
	if party == "" {
		return "i.tlp = 'CLEAR'"
	}
	*args = append(*args, "%,"+party+",%")
	return "(i.tlp IN ('CLEAR', 'GREEN') OR (i.tlp IN ('AMBER', 'AMBER+STRICT', 'RED') AND i.audience LIKE $" + strconv.Itoa(len(*args)) + "))"
}

func (s incidentsStore) Search(ctx context.Context, f *incidents.Filter, viewer string) ([]incidents.Incident, error) {
	var args []any
	cond := where(f, &args) + " AND " + visibleTo(viewer, &args)
	args = append(args, f.Limit)
	// The unary + keeps SQLite from walking the time index when a search
	// index has already narrowed the rows.
	order := "i.t0 DESC, i.n DESC"
	if f.BBox != nil || f.From != nil || f.To != nil || f.Text != "" || f.Zone != "" {
		order = "+i.t0 DESC, +i.n DESC"
	}
	rows, err := s.d.SQL.QueryContext(ctx, `SELECT `+incidentCols+` FROM incidents i WHERE `+cond+
		` ORDER BY `+order+` LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("store: search incidents: %w", err)
	}
	var out []incidents.Incident
	for rows.Next() {
		in, err := scanIncident(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, *in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ptrs := make([]*incidents.Incident, len(out))
	for k := range out {
		ptrs[k] = &out[k]
	}
	if err := s.details(ctx, s.d.SQL, ptrs); err != nil {
		return nil, err
	}
	return out, nil
}

func (s incidentsStore) Counts(ctx context.Context, f *incidents.Filter) ([]incidents.CountBucket, error) {
	var args []any
	return queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*incidents.CountBucket, error) {
		var b incidents.CountBucket
		var tlp, aud string
		err := sc.Scan(&tlp, &aud, &b.Status, &b.Category, &b.N)
		b.Release = decodeRelease(tlp, aud)
		return &b, err
	}, `SELECT i.tlp, i.audience, i.status, i.category, count(*) FROM incidents i WHERE `+where(f, &args)+`
		GROUP BY i.tlp, i.audience, i.status, i.category`, args...)
}

func (s incidentsStore) Aggregate(ctx context.Context, f *incidents.Filter) ([]incidents.AggregateBucket, error) {
	var args []any
	join := `LEFT JOIN incident_zones z ON z.incident_id = i.id`
	cond := where(f, &args)
	if f.Zone != "" {
		args = append(args, f.Zone)
		join = `JOIN incident_zones z ON z.incident_id = i.id AND z.zone_id = $` + strconv.Itoa(len(args))
	}
	return queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*incidents.AggregateBucket, error) {
		var b incidents.AggregateBucket
		var day int64
		var zone sql.NullString
		var tlp, aud string
		err := sc.Scan(&day, &zone, &b.Category, &tlp, &aud, &b.N, &b.Killed, &b.Injured)
		b.Day = time.Unix(day*86400, 0).UTC().Format("2006-01-02")
		b.Zone = zone.String
		b.Release = decodeRelease(tlp, aud)
		return &b, err
	}, `SELECT (i.t0 - ((i.t0 % 86400) + 86400) % 86400) / 86400, z.zone_id, i.category, i.tlp, i.audience,
		count(*), sum(i.killed), sum(i.injured) FROM incidents i `+join+` WHERE `+cond+`
		GROUP BY 1, 2, 3, 4, 5`, args...)
}
