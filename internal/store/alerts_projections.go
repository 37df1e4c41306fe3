package store

import (
	"context"
	"encoding/json"

	"truce/internal/alerts"
	"truce/internal/ledger"
)

// projectAlertRaised adds an alert and a pending acknowledgement for each
// party concerned (alert.raised).
func projectAlertRaised(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[alerts.Raised](e)
	if err != nil {
		return err
	}
	doc, _ := json.Marshal(p)
	rel, _ := json.Marshal(e.Release)
	if _, err := q.ExecContext(ctx, `INSERT INTO alerts (id, key, kind, severity, level, status, party, tlp, audience, release_json,
		raised, deadline, deadline_unix, doc, raised_seq, seq) VALUES ($1, $2, $3, $4, 0, 'open', $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
		p.ID, p.Key, string(p.Kind), string(p.Severity), e.Party, string(e.Release.TLP), audienceColumn(e.Release), string(rel),
		e.Time, p.Deadline, unixOf(p.Deadline), string(doc), e.Seq); err != nil {
		return err
	}
	for _, party := range p.Concerned {
		if _, err := q.ExecContext(ctx, `INSERT INTO alert_acks (alert_id, party, status, time, author, note, seq) VALUES ($1, $2, 'pending', '', '', '', $3)`,
			p.ID, party, e.Seq); err != nil {
			return err
		}
	}
	return nil
}

// projectAlertAcknowledged records one party's acknowledgement; the alert is
// acknowledged once no party's is pending (alert.acknowledged).
func projectAlertAcknowledged(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[alerts.Acknowledged](e)
	if err != nil {
		return err
	}
	if err := execOne(ctx, q, `UPDATE alert_acks SET status = 'acknowledged', time = $3, author = $4, note = $5, seq = $6 WHERE alert_id = $1 AND party = $2`,
		p.ID, p.Party, e.Time, e.Author, p.Note, e.Seq); err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE alerts SET seq = $2, status = CASE WHEN EXISTS (SELECT 1 FROM alert_acks WHERE alert_id = $1 AND status = 'pending')
		THEN 'open' ELSE 'acknowledged' END WHERE id = $1`, p.ID, e.Seq)
}

// projectAlertEscalated raises an alert's level, severity and deadline
// (alert.escalated).
func projectAlertEscalated(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[alerts.Escalated](e)
	if err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE alerts SET level = $2, severity = $3, deadline = $4, deadline_unix = $5, seq = $6 WHERE id = $1`,
		p.ID, p.Level, string(p.Severity), p.Deadline, unixOf(p.Deadline), e.Seq)
}

// projectAlertCleared marks an alert cleared (alert.cleared, written through
// alerts.Service.Clear when its cause, an air conflict say, no longer
// holds); it changes only the alert's status and seq.
func projectAlertCleared(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[alerts.Cleared](e)
	if err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE alerts SET status = 'cleared', seq = $2 WHERE id = $1`, p.ID, e.Seq)
}
