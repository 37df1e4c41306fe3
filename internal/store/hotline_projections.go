package store

import (
	"context"
	"encoding/json"

	"truce/internal/hotline"
	"truce/internal/ledger"
)

// projectMessageSent adds a hotline message and an empty receipt for each
// recipient (message.sent).
func projectMessageSent(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[hotline.Sent](e)
	if err != nil {
		return err
	}
	doc, _ := json.Marshal(p)
	rel, _ := json.Marshal(e.Release)
	if _, err := q.ExecContext(ctx, `INSERT INTO messages (id, party, author, tlp, audience, release_json, sent, doc, sent_seq, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, p.ID, e.Party, e.Author, string(e.Release.TLP), audienceColumn(e.Release),
		string(rel), e.Time, string(doc), e.Seq); err != nil {
		return err
	}
	for _, r := range p.Recipients {
		if _, err := q.ExecContext(ctx, `INSERT INTO message_receipts (message_id, party, read, read_by, acknowledged, acked_by, note, seq)
			VALUES ($1, $2, '', '', '', '', '', $3)`, p.ID, r, e.Seq); err != nil {
			return err
		}
	}
	return nil
}

// projectMessageRead records that a recipient read a message (message.read).
func projectMessageRead(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[hotline.Receipted](e)
	if err != nil {
		return err
	}
	if err := execOne(ctx, q, `UPDATE message_receipts SET read = $3, read_by = $4, seq = $5 WHERE message_id = $1 AND party = $2`,
		p.ID, p.Party, e.Time, e.Author, e.Seq); err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE messages SET seq = $2 WHERE id = $1`, p.ID, e.Seq)
}

// projectMessageAcknowledged records that a recipient acknowledged a message
// (message.acknowledged).
func projectMessageAcknowledged(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[hotline.Receipted](e)
	if err != nil {
		return err
	}
	// An acknowledgement implies a read.
	if err := execOne(ctx, q, `UPDATE message_receipts SET acknowledged = $3, acked_by = $4, note = $5, seq = $6,
		read = CASE WHEN read = '' THEN $3 ELSE read END, read_by = CASE WHEN read_by = '' THEN $4 ELSE read_by END
		WHERE message_id = $1 AND party = $2`, p.ID, p.Party, e.Time, e.Author, p.Note, e.Seq); err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE messages SET seq = $2 WHERE id = $1`, p.ID, e.Seq)
}
