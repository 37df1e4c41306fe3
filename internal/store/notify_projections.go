package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// audienceColumn encodes an audience for LIKE '%,party,%' matching.
func audienceColumn(r access.Releasability) string {
	if len(r.Audience) == 0 {
		return ""
	}
	return "," + strings.Join(r.Audience, ",") + ","
}

func unixOf(rfc string) int64 {
	t, err := time.Parse(time.RFC3339Nano, rfc)
	if err != nil {
		return 0
	}
	return t.Unix()
}

func projectNotified(t notify.Type) projector {
	return func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
		p, err := decode[notify.Notified](e)
		if err != nil {
			return err
		}
		var doc []byte
		var parties []string
		if t == notify.TypeSite {
			if p.Site == nil {
				return fmt.Errorf("%s without a site", e.Kind)
			}
			doc, err = json.Marshal(p.Site)
			parties = p.Site.Parties
		} else {
			if p.Movement == nil {
				return fmt.Errorf("%s without a movement", e.Kind)
			}
			doc, err = json.Marshal(p.Movement)
			parties = p.Movement.Parties
		}
		if err != nil {
			return err
		}
		rel, err := json.Marshal(e.Release)
		if err != nil {
			return err
		}
		if p.Version == 1 {
			_, err = q.ExecContext(ctx, `INSERT INTO notify_notices (id, type, party, author, version, status, tlp, audience, release_json,
				notified, updated, cancelled, cancel_reason, doc, first_seq, seq, valid_until) VALUES ($1, $2, $3, $4, 1, 'active', $5, $6, $7, $8, $8, '', '', $9, $10, $10, $11)`,
				p.ID, string(t), e.Party, e.Author, string(e.Release.TLP), audienceColumn(e.Release), string(rel), e.Time, string(doc), e.Seq, p.ValidUntil)
		} else {
			err = execOne(ctx, q, `UPDATE notify_notices SET version = $2, tlp = $3, audience = $4, release_json = $5, updated = $6, doc = $7, seq = $8,
				valid_until = $9 WHERE id = $1`,
				p.ID, p.Version, string(e.Release.TLP), audienceColumn(e.Release), string(rel), e.Time, string(doc), e.Seq, p.ValidUntil)
		}
		if err != nil {
			return err
		}
		// first_notified survives updates: the row is updated in place.
		for _, party := range parties {
			if p.Version > 1 {
				res, err := q.ExecContext(ctx, `UPDATE notify_acks SET version = $3, status = 'pending', notified = $4, deadline = $5, deadline_unix = $6,
					responded = '', author = '', reason = '', onward_level = '', onward_at = '', onward_author = '', onward_seq = 0,
				notified_seq = $7, seq = $7 WHERE notice_id = $1 AND party = $2`,
					p.ID, party, p.Version, e.Time, p.Deadline, unixOf(p.Deadline), e.Seq)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n > 0 {
					continue
				}
			}
			if _, err := q.ExecContext(ctx, `INSERT INTO notify_acks (notice_id, party, version, status, first_notified, notified, deadline, deadline_unix,
				responded, author, reason, notified_seq, seq) VALUES ($1, $2, $3, 'pending', $4, $4, $5, $6, '', '', '', $7, $7)`,
				p.ID, party, p.Version, e.Time, p.Deadline, unixOf(p.Deadline), e.Seq); err != nil {
				return err
			}
		}
		// Parties dropped by an update owe nothing any more.
		_, err = q.ExecContext(ctx, `DELETE FROM notify_acks WHERE notice_id = $1 AND version < $2`, p.ID, p.Version)
		return err
	}
}

func projectCancelled(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[notify.Cancelled](e)
	if err != nil {
		return err
	}
	if p.Version == 0 { // written by an earlier version: no receipt asked
		return execOne(ctx, q, `UPDATE notify_notices SET status = 'cancelled', cancelled = $2, cancel_reason = $3, seq = $4 WHERE id = $1`,
			p.ID, e.Time, p.Reason, e.Seq)
	}
	if err := execOne(ctx, q, `UPDATE notify_notices SET status = 'cancelled', cancelled = $2, cancel_reason = $3, seq = $4, version = $5 WHERE id = $1`,
		p.ID, e.Time, p.Reason, e.Seq, p.Version); err != nil {
		return err
	}
	// Every notified party owes a receipt of the withdrawal, notified by
	// this entry.
	_, err = q.ExecContext(ctx, `UPDATE notify_acks SET version = $2, status = 'pending', notified = $3, deadline = $4, deadline_unix = $5,
		responded = '', author = '', reason = '', onward_level = '', onward_at = '', onward_author = '', onward_seq = 0,
		withdrawal = 1, notified_seq = $6, seq = $6 WHERE notice_id = $1`, p.ID, p.Version, e.Time, p.Deadline, unixOf(p.Deadline), e.Seq)
	return err
}

func projectResponse(status string) projector {
	return func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
		p, err := decode[notify.Response](e)
		if err != nil {
			return err
		}
		return projectReceipt(ctx, q, e, p, status)
	}
}

func projectReceipt(ctx context.Context, q ledger.Querier, e *ledger.Entry, p *notify.Response, status string) error {
	if err := execOne(ctx, q, `UPDATE notify_acks SET status = $4, responded = $5, author = $6, seq = $7
		WHERE notice_id = $1 AND party = $2 AND version = $3`,
		p.ID, p.Party, p.Version, status, e.Time, e.Author, e.Seq); err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE notify_notices SET seq = $2 WHERE id = $1`, p.ID, e.Seq)
}

// projectLegacyRefusal reads a *.refused entry of an earlier version as a
// query (its reason the text) by a party that had received the version it
// answered: a receipt is recorded unless one already was.
func projectLegacyRefusal(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[notify.Response](e)
	if err != nil {
		return err
	}
	if err := insertQuery(ctx, q, e, p.ID, p.Party, p.Version, p.Reason, 1); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `UPDATE notify_acks SET status = $4, responded = $5, author = $6, seq = $7
		WHERE notice_id = $1 AND party = $2 AND version = $3 AND status = $8`,
		p.ID, p.Party, p.Version, notify.AckAcknowledged, e.Time, e.Author, e.Seq, notify.AckPending); err != nil {
		return err
	}
	return nil
}

func insertQuery(ctx context.Context, q ledger.Querier, e *ledger.Entry, id, party string, version int, text string, legacy int) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO notify_queries (seq, notice_id, party, author, version, text, raised, answer, answered,
		answer_author, answer_seq, legacy) VALUES ($1, $2, $3, $4, $5, $6, $7, '', '', '', 0, $8)`,
		e.Seq, id, party, e.Author, version, text, e.Time, legacy); err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE notify_notices SET seq = $2 WHERE id = $1`, id, e.Seq)
}

func projectQueried(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[notify.Queried](e)
	if err != nil {
		return err
	}
	return insertQuery(ctx, q, e, p.ID, p.Party, p.Version, p.Text, 0)
}

func projectAnswered(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[notify.Answered](e)
	if err != nil {
		return err
	}
	if err := execOne(ctx, q, `UPDATE notify_queries SET answer = $3, answered = $4, answer_author = $5, answer_seq = $6
		WHERE seq = $1 AND notice_id = $2`, p.Query, p.ID, p.Text, e.Time, e.Author, e.Seq); err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE notify_notices SET seq = $2 WHERE id = $1`, p.ID, e.Seq)
}

func projectPassedOn(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[notify.PassOnPayload](e)
	if err != nil {
		return err
	}
	if err := execOne(ctx, q, `UPDATE notify_acks SET onward_level = $4, onward_at = $5, onward_author = $6, onward_seq = $7
		WHERE notice_id = $1 AND party = $2 AND version = $3`, p.ID, p.Party, p.Version, p.Level, p.At, e.Author, e.Seq); err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE notify_notices SET seq = $2 WHERE id = $1`, p.ID, e.Seq)
}

func projectReconfirmed(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[notify.Reconfirmed](e)
	if err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE notify_notices SET valid_until = $2, seq = $3 WHERE id = $1`, p.ID, p.ValidUntil, e.Seq)
}
