package store

import (
	"context"
	"encoding/json"

	"truce/internal/incidents"
	"truce/internal/ledger"
)

func init() {
	register([]string{"incidents", "incident_assessments", "incident_zones", "incident_comments"}, map[string]projector{
		incidents.KindReported:        projectIncidentReported,
		incidents.KindAssessed:        projectIncidentAssessed,
		incidents.KindReopened:        projectIncidentReopened,
		incidents.KindDuplicateMarked: projectIncidentDuplicate,
		incidents.KindCommented:       projectIncidentComment,
		// incident.duplicate_linked is kept in the log only: it shows the
		// link in the original's history.
	})
}

// IncidentRow is one row of the incidents projection, with what the search
// indexes hold. insertIncident writes it; benchmarks use it to fill a store
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
}

func insertIncident(ctx context.Context, q ledger.Querier, r *IncidentRow) (int64, error) {
	loc, err := incidents.DecodeLocation(r.Report.Location)
	if err != nil {
		return 0, err
	}
	b := loc.Bound()
	t0, t1 := incidents.Span(r.Report.Time)
	killed, injured := incidents.Conservative(r.Report.Casualties)
	body, err := json.Marshal(r.Report)
	if err != nil {
		return 0, err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO incidents (n, id, ikey, party, author, reported_at, category, status, round, t0, t1,
		min_lon, min_lat, max_lon, max_lat, location, perpetrator, killed, injured, tlp, audience, duplicate_of, report, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, '', $21, $22)`,
		r.N, r.Report.ID, r.Report.Key, r.Party, r.Author, r.ReportedAt, string(r.Report.Category), string(incidents.StatusReported),
		t0, t1, b.Min[0], b.Min[1], b.Max[0], b.Max[1], string(r.Report.Location), r.Report.Perpetrator.Key(),
		killed, injured, r.TLP, encodeAudience(r.Audience), string(body), r.Seq)
	if err != nil {
		return 0, err
	}
	if err := indexIncident(ctx, q, r.N, r.Report, b.Min[0], b.Max[0], b.Min[1], b.Max[1], t0, t1); err != nil {
		return 0, err
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
		TLP: string(e.Release.TLP), Audience: e.Release.Audience, Seq: e.Seq})
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
