package store

import (
	"context"
	"encoding/json"
	"fmt"

	"truce/internal/incidents"
	"truce/internal/ledger"
)

// IncidentRow is one incident as the projection stores it (incidents,
// incident_reports and, through their trigger, the search indexes).
// insertIncident writes it; tests and benchmarks use it to fill a store
// directly.
type IncidentRow struct {
	N          int64
	Report     *incidents.Report
	Party      string
	Author     string
	ReportedAt string
	TLP        string
	Audience   []string
	Seq        int64
	// Origin is the origin whose log reported the incident, "" for this
	// node's own log.
	Origin string
	// Status is the incident's status, StatusReported when empty (as
	// projected from incident.reported; fixtures set others).
	Status incidents.Status
}

// incidentColumns lists the columns of incidents that incidentValues
// fills, and reportColumns those of incident_reports.
const (
	incidentColumns = `n, id, ikey, external_id, party, author, reported_at, category, status, round,
		t0, t1, time_end, time_prec, min_lon, min_lat, max_lon, max_lat, location, location_precision, place_name, place_id,
		perpetrator, killed, injured, tlp, audience, duplicate_of, seq, origin`
	reportColumns = `n, report, words`
)

// incidentValues returns r's rows of incidents and incident_reports, in
// the order of incidentColumns and reportColumns, and its start (Unix
// seconds).
func incidentValues(r *IncidentRow) (inc, rep []any, t0 int64, err error) {
	p := r.Report
	loc, err := incidents.DecodeLocation(p.Location)
	if err != nil {
		return nil, nil, 0, err
	}
	b := loc.Bound()
	t0, t1 := incidents.Span(p.Time)
	killed, injured := incidents.Conservative(p.Casualties)
	body, err := json.Marshal(p)
	if err != nil {
		return nil, nil, 0, err
	}
	status := r.Status
	if status == "" {
		status = incidents.StatusReported
	}
	inc = []any{r.N, p.ID, p.Key, p.ExternalID, r.Party, r.Author, r.ReportedAt, string(p.Category), string(status), 0,
		t0, t1, p.Time.End, p.Time.Precision, b.Min[0], b.Min[1], b.Max[0], b.Max[1], string(p.Location), p.LocationPrecision, p.PlaceName, p.PlaceID,
		p.Perpetrator.Key(), killed, injured, r.TLP, encodeAudience(r.Audience), "", r.Seq, r.Origin}
	return inc, []any{r.N, string(body), searchWords(p)}, t0, nil
}

// insertIncident writes r into incidents and incident_reports; the
// engine's trigger (migrations 0005_*) adds it to the search indexes. It
// returns the incident's start, Unix seconds.
func insertIncident(ctx context.Context, q ledger.Querier, r *IncidentRow) (int64, error) {
	inc, rep, t0, err := incidentValues(r)
	if err != nil {
		return 0, fmt.Errorf("incident %s: %w", r.Report.ID, err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO incidents (`+incidentColumns+`) VALUES (`+placeholders(len(inc))+`)`, inc...); err != nil {
		return 0, fmt.Errorf("incident %s: %w", r.Report.ID, err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO incident_reports (`+reportColumns+`) VALUES (`+placeholders(len(rep))+`)`, rep...); err != nil {
		return 0, fmt.Errorf("incident %s: report: %w", r.Report.ID, err)
	}
	return t0, nil
}

func projectIncidentReported(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[incidents.Reported](e)
	if err != nil {
		return err
	}
	r := &p.Incident
	t0, err := insertIncident(ctx, q, &IncidentRow{N: e.Seq, Report: r, Party: e.Party, Author: e.Author, ReportedAt: e.Time,
		TLP: string(e.Release.TLP), Audience: e.Release.Audience, Seq: e.Seq, Origin: originOf(ctx)})
	if err != nil {
		return err
	}
	loc, err := incidents.DecodeLocation(r.Location)
	if err != nil {
		return err
	}
	return attributeIncident(ctx, q, r.ID, loc, t0)
}

func projectIncidentAssessed(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[incidents.Assessed](e)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM incident_assessments WHERE incident_id = $1 AND round = $2 AND party = $3`,
		p.IncidentID, p.Round, p.Party); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO incident_assessments (incident_id, round, party, verdict, reasoning, author, time, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.IncidentID, p.Round, p.Party, string(p.Verdict), p.Reasoning, e.Author, e.Time, e.Seq); err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE incidents SET status = $2, seq = $3 WHERE id = $1`, p.IncidentID, string(p.Status), e.Seq)
}

func projectIncidentReopened(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[incidents.Reopened](e)
	if err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE incidents SET status = $2, round = $3, seq = $4 WHERE id = $1`, p.IncidentID, string(p.Status), p.Round, e.Seq)
}

func projectIncidentDuplicate(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[incidents.DuplicateMarked](e)
	if err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE incidents SET duplicate_of = $2, seq = $3 WHERE id = $1`, p.IncidentID, p.DuplicateOf, e.Seq)
}

func projectIncidentComment(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[incidents.Commented](e)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO incident_comments (seq, incident_id, party, author, time, body) VALUES ($1, $2, $3, $4, $5, $6)`,
		e.Seq, p.IncidentID, e.Party, e.Author, e.Time, p.Text)
	return err
}
