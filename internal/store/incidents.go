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

	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// Incidents returns the incidents.Store over d.
func (d *DB) Incidents() incidents.Store { return incidentsStore{d} }

type incidentsStore struct{ d *DB }

func (s incidentsStore) q(q ledger.Querier) ledger.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

func (s incidentsStore) CoChairs(ctx context.Context, q ledger.Querier) ([]string, error) {
	return coChairs(ctx, s.q(q))
}

func (s incidentsStore) History(ctx context.Context, subject string) ([]*ledger.Entry, error) {
	return s.d.history(ctx, subject)
}

// incidentCols are the columns of a listing row (scanListed reads them).
const incidentCols = `i.n, i.id, i.ikey, i.external_id, i.party, i.author, i.reported_at, i.category, i.status, i.round,
	i.t0, i.t1, i.time_end, i.time_prec, i.location, i.location_precision, i.place_name, i.place_id,
	i.perpetrator, i.killed, i.injured, i.tlp, i.audience, i.duplicate_of, i.seq, i.origin`

// scanListed reads one row of incidentCols: the incident without its
// report's content (see incidents.Filter.Brief). It decodes no JSON.
func scanListed(sc interface{ Scan(...any) error }, in *incidents.Incident) error {
	var tlp, aud, perp string
	var loc []byte
	if err := sc.Scan(&in.N, &in.ID, &in.Key, &in.ExternalID, &in.Party, &in.Author, &in.ReportedAt, &in.Category, &in.Status, &in.Round,
		&in.T0, &in.T1, &in.Time.End, &in.Time.Precision, &loc, &in.LocationPrecision, &in.PlaceName, &in.PlaceID,
		&perp, &in.Killed, &in.Injured, &tlp, &aud, &in.DuplicateOf, &in.Seq, &in.Origin); err != nil {
		return err
	}
	in.Time.Start = time.Unix(in.T0, 0).UTC().Format(time.RFC3339)
	in.Location = loc
	in.Perpetrator = parsePerpetrator(perp)
	in.Release = decodeRelease(tlp, aud)
	return nil
}

// parsePerpetrator inverts incidents.Perpetrator.Key.
func parsePerpetrator(key string) incidents.Perpetrator {
	kind, name, _ := strings.Cut(key, ":")
	switch kind {
	case "party":
		return incidents.Perpetrator{Kind: kind, Party: name}
	case "group":
		return incidents.Perpetrator{Kind: kind, Group: name}
	}
	return incidents.Perpetrator{Kind: "unknown"}
}

// Incident reads incident id in full. Outside a transaction (q nil) it
// answers from the read cache (read_cache.go) when it can.
func (s incidentsStore) Incident(ctx context.Context, q ledger.Querier, id string) (*incidents.Incident, error) {
	if q != nil {
		return s.incidentSQL(ctx, q, id)
	}
	gen, err := s.d.reads.fresh(ctx, s.d)
	if err != nil {
		return nil, err
	}
	if in := s.d.reads.incident(id); in != nil {
		return in, nil
	}
	in, err := s.incidentSQL(ctx, s.d.SQL, id)
	if err != nil {
		return nil, err
	}
	s.d.reads.putIncidents(gen, in)
	return in, nil
}

// incidentSQL reads incident id in full through q.
func (s incidentsStore) incidentSQL(ctx context.Context, q ledger.Querier, id string) (*incidents.Incident, error) {
	var in incidents.Incident
	err := scanListed(q.QueryRowContext(ctx, `SELECT `+incidentCols+` FROM incidents i WHERE i.id = $1`, id), &in)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("incident %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: incident %s: %w", id, err)
	}
	if err := s.full(ctx, q, []*incidents.Incident{&in}); err != nil {
		return nil, err
	}
	if in.N >= MirrorBase {
		var idx int64
		if err := q.QueryRowContext(ctx, `SELECT seq FROM local_mirror_applied WHERE pos = $1`, in.N).Scan(&idx); err != nil {
			return nil, fmt.Errorf("store: incident %s: its index in %s: %w", id, in.Origin, err)
		}
		in.OriginIndex = &idx
	}
	return &in, nil
}

// full completes listed incidents with their reports (decoded from
// incident_reports), current assessments and zones.
func (s incidentsStore) full(ctx context.Context, q ledger.Querier, ins []*incidents.Incident) error {
	if len(ins) == 0 {
		return nil
	}
	byN := make(map[int64]*incidents.Incident, len(ins))
	args := make([]any, len(ins))
	for k, in := range ins {
		byN[in.N] = in
		args[k] = in.N
	}
	rows, err := q.QueryContext(ctx, `SELECT n, report FROM incident_reports WHERE n IN (`+listOf(s.d.Engine, len(ins))+`)`, args...)
	if err != nil {
		return fmt.Errorf("store: incident reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var body []byte
		if err := rows.Scan(&n, &body); err != nil {
			return fmt.Errorf("store: incident reports: %w", err)
		}
		in := byN[n]
		if in == nil {
			continue
		}
		var r incidents.Report
		if err := json.Unmarshal(body, &r); err != nil {
			return fmt.Errorf("store: incident %s: report: %w", in.ID, err)
		}
		in.Report = r
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: incident reports: %w", err)
	}
	rows.Close()
	return s.details(ctx, q, ins)
}

// placeholders returns "$1, $2, …, $n"; listOf returns the same for
// PostgreSQL and "?, ?, …" (n times) for SQLite, whose lookup of numbered
// parameters takes time quadratic in their number. Only a statement with
// no other parameter may use listOf.
func placeholders(n int) string { return placeholdersFrom(1, n) }

func listOf(e Engine, n int) string {
	if e == Postgres {
		return placeholders(n)
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// placeholdersFrom returns n numbered parameters from $first:
// "$first, …, $(first+n-1)", for a list that follows first-1 others.
func placeholdersFrom(first, n int) string {
	var b strings.Builder
	for k := range n {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$")
		b.WriteString(strconv.Itoa(first + k))
	}
	return b.String()
}

// details fills the current round's assessments and the zones of ins.
func (s incidentsStore) details(ctx context.Context, q ledger.Querier, ins []*incidents.Incident) error {
	if len(ins) == 0 {
		return nil
	}
	byID := make(map[string]*incidents.Incident, len(ins))
	args := make([]any, len(ins))
	for k, in := range ins {
		byID[in.ID] = in
		in.Zones = []string{}
		in.Assessments = []incidents.Assessment{}
		args[k] = in.ID
	}
	list := listOf(s.d.Engine, len(ins))
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

func (s incidentsStore) ExistingKeys(ctx context.Context, q ledger.Querier, keys []string) (map[string]string, error) {
	out := map[string]string{}
	q = s.q(q)
	const chunk = 500
	for off := 0; off < len(keys); off += chunk {
		part := keys[off:min(off+chunk, len(keys))]
		args := make([]any, len(part))
		for k, key := range part {
			args[k] = key
		}
		rows, err := q.QueryContext(ctx, `SELECT ikey, id FROM incidents WHERE ikey IN (`+listOf(s.d.Engine, len(part))+`)`, args...)
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

// Attachments implements incidents.Store.
func (s incidentsStore) Attachments(ctx context.Context, id string) ([]incidents.Attachment, error) {
	return queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*incidents.Attachment, error) {
		var a incidents.Attachment
		var doc, rel string
		if err := sc.Scan(&a.Seq, &a.Party, &a.Author, &a.Time, &a.DraftID, &doc, &rel); err != nil {
			return nil, err
		}
		var d attachmentDoc
		if err := json.Unmarshal([]byte(doc), &d); err != nil {
			return nil, fmt.Errorf("attachment %d: %w", a.Seq, err)
		}
		if err := json.Unmarshal([]byte(rel), &a.Release); err != nil {
			return nil, fmt.Errorf("attachment %d: %w", a.Seq, err)
		}
		a.Source, a.Evidence = d.Source, d.Evidence
		return &a, nil
	}, `SELECT seq, party, author, time, draft_id, doc, release_json FROM incident_attachments WHERE incident_id = $1 ORDER BY seq`, id)
}

// attachmentDoc is the doc column of incident_attachments.
type attachmentDoc struct {
	Source   incidents.Source      `json:"source"`
	Evidence incidents.EvidenceRef `json:"evidence"`
}

func (s incidentsStore) Comments(ctx context.Context, id string) ([]incidents.Comment, error) {
	return queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*incidents.Comment, error) {
		var c incidents.Comment
		err := sc.Scan(&c.Seq, &c.Party, &c.Author, &c.Time, &c.Text)
		return &c, err
	}, `SELECT seq, party, author, time, body FROM incident_comments WHERE incident_id = $1 ORDER BY seq`, id)
}
