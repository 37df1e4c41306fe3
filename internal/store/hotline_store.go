package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"truce/internal/fault"
	"truce/internal/hotline"
	"truce/internal/ledger"
)

// Hotline returns the hotline.Store over d.
func (d *DB) Hotline() hotline.Store { return hotlineStore{d} }

type hotlineStore struct{ d *DB }

// messageCols are the columns scanMessage reads, the origin label last.
var messageCols = `id, party, author, release_json, sent, doc, seq, sent_seq, ` + originAt(`messages.sent_seq`)

func scanMessage(sc interface{ Scan(...any) error }) (*hotline.Message, error) {
	var m hotline.Message
	var rel, doc string
	if err := sc.Scan(&m.ID, &m.Party, &m.Author, &rel, &m.Sent, &doc, &m.Seq, &m.SentSeq, &m.Origin); err != nil {
		return nil, err
	}
	var p hotline.Sent
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, fmt.Errorf("message %s: %w", m.ID, err)
	}
	if err := json.Unmarshal([]byte(rel), &m.Release); err != nil {
		return nil, fmt.Errorf("message %s: %w", m.ID, err)
	}
	m.To, m.Recipients, m.Priority, m.Subject, m.Body, m.InReplyTo, m.Attachments, m.Deadline =
		p.To, p.Recipients, p.Priority, p.Subject, p.Body, p.InReplyTo, p.Attachments, p.Deadline
	m.Receipts = []hotline.Receipt{}
	return &m, nil
}

func (s hotlineStore) Message(ctx context.Context, q ledger.Querier, id string) (*hotline.Message, error) {
	if q == nil {
		q = s.d.SQL
	}
	m, err := scanMessage(q.QueryRowContext(ctx, `SELECT `+messageCols+` FROM messages WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("message %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: message %s: %w", id, err)
	}
	m.Origin = s.d.label(m.Origin)
	return m, fillReceipts(ctx, q, []*hotline.Message{m})
}

// messageWhere returns the WHERE clause and arguments selecting the
// messages matching f (f.Limit aside) for viewer.
func messageWhere(f hotline.Filter, viewer string) ([]string, []any) {
	var args []any
	where := []string{visibleClause(viewer, &args)}
	add := func(clause string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(clause, len(args)))
	}
	switch f.Box {
	case "inbox":
		add("id IN (SELECT message_id FROM message_receipts WHERE party = $%d)", viewer)
	case "outbox":
		add("party = $%d", viewer)
	}
	if f.Unacknowledged {
		add("id IN (SELECT message_id FROM message_receipts WHERE acknowledged = '' AND party = $%d)", viewer)
	}
	return where, args
}

// MessagesBefore implements hotline.Store: a keyset page, newest first by
// (sent_seq, id) descending.
func (s hotlineStore) MessagesBefore(ctx context.Context, f hotline.Filter, viewer string, after *hotline.Cursor, limit int) ([]hotline.Message, error) {
	where, args := messageWhere(f, viewer)
	where, args = keysetBefore(where, args, "sent_seq", after)
	if limit <= 0 {
		limit = hotline.MaxLimit
	}
	return s.list(ctx, `SELECT `+messageCols+` FROM messages WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY sent_seq DESC, id DESC LIMIT %d`, limit), args...)
}

func (s hotlineStore) list(ctx context.Context, query string, args ...any) ([]hotline.Message, error) {
	ms, err := queryAll(ctx, s.d.SQL, scanMessage, query, args...)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*hotline.Message, len(ms))
	for i := range ms {
		ms[i].Origin = s.d.label(ms[i].Origin)
		ptrs[i] = &ms[i]
	}
	return ms, fillReceipts(ctx, s.d.SQL, ptrs)
}

func fillReceipts(ctx context.Context, q ledger.Querier, ms []*hotline.Message) error {
	return fillChildren(ctx, q, ms, func(m *hotline.Message) string { return m.ID },
		`SELECT message_id, party, read, read_by, acknowledged, acked_by, note FROM message_receipts WHERE message_id`, `ORDER BY message_id, party`,
		func(id *string, r *hotline.Receipt) []any {
			return []any{id, &r.Party, &r.Read, &r.ReadBy, &r.Acknowledged, &r.AckedBy, &r.Note}
		},
		func(m *hotline.Message, r hotline.Receipt) { m.Receipts = append(m.Receipts, r) })
}
