package store

import (
	"context"
	"encoding/json"

	"truce/internal/ledger"
	"truce/internal/monitoring"
)

// projectPatrolFiled adds a patrol (monitoring.patrol_filed).
func projectPatrolFiled(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[monitoring.PatrolFiled](e)
	if err != nil {
		return err
	}
	doc, _ := json.Marshal(p)
	rel, _ := json.Marshal(e.Release)
	_, err = q.ExecContext(ctx, `INSERT INTO monitoring_patrols (id, party, author, tlp, audience, release_json, filed, start_unix, end_unix, doc, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, p.ID, e.Party, e.Author, string(e.Release.TLP), audienceColumn(e.Release),
		string(rel), e.Time, unixOf(p.Window.Start), unixOf(p.Window.End), string(doc), e.Seq)
	return err
}

// projectRestrictionRecorded adds a restriction
// (monitoring.restriction_recorded).
func projectRestrictionRecorded(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[monitoring.RestrictionRecorded](e)
	if err != nil {
		return err
	}
	doc, _ := json.Marshal(p)
	rel, _ := json.Marshal(e.Release)
	_, err = q.ExecContext(ctx, `INSERT INTO monitoring_restrictions (id, patrol_id, party, author, tlp, audience, release_json, recorded, at_unix, doc, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, p.ID, p.PatrolID, e.Party, e.Author, string(e.Release.TLP),
		audienceColumn(e.Release), string(rel), e.Time, unixOf(p.Time), string(doc), e.Seq)
	return err
}
