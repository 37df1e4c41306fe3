package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// Notify returns the notify.Store over d.
func (d *DB) Notify() notify.Store { return notifyStore{d} }

type notifyStore struct{ d *DB }

func (s notifyStore) q(q ledger.Querier) ledger.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

// noticeCols are the columns scanNotice reads, the origin label last.
var noticeCols = `id, type, party, author, version, status, release_json, notified, updated, cancelled, cancel_reason, doc, seq, first_seq, valid_until, ` +
	originAt(`notify_notices.first_seq`)

func scanNotice(sc interface{ Scan(...any) error }) (*notify.Notice, error) {
	var n notify.Notice
	var rel, doc string
	if err := sc.Scan(&n.ID, &n.Type, &n.Party, &n.Author, &n.Version, &n.Status, &rel, &n.Notified, &n.Updated,
		&n.Cancelled, &n.CancelReason, &doc, &n.Seq, &n.FirstSeq, &n.ValidUntil, &n.Origin); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(rel), &n.Release); err != nil {
		return nil, fmt.Errorf("notice %s releasability: %w", n.ID, err)
	}
	var err error
	if n.Type == notify.TypeSite {
		n.Site = new(notify.Site)
		err = json.Unmarshal([]byte(doc), n.Site)
	} else {
		n.Movement = new(notify.Movement)
		err = json.Unmarshal([]byte(doc), n.Movement)
	}
	if err != nil {
		return nil, fmt.Errorf("notice %s: %w", n.ID, err)
	}
	n.Acks = []notify.Ack{}
	return &n, nil
}

func (s notifyStore) Notice(ctx context.Context, q ledger.Querier, id string) (*notify.Notice, error) {
	n, err := scanNotice(s.q(q).QueryRowContext(ctx, `SELECT `+noticeCols+` FROM notify_notices WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("notice %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: notice %s: %w", id, err)
	}
	if err := s.fillAcks(ctx, s.q(q), []*notify.Notice{n}); err != nil {
		return nil, err
	}
	return n, nil
}

// visibleClause pre-filters rows by releasability for viewer (the service
// still checks each row with package access).
func visibleClause(viewer string, args *[]any) string {
	if viewer == "" {
		return `tlp = 'CLEAR'`
	}
	*args = append(*args, "%,"+viewer+",%")
	return fmt.Sprintf(`(tlp IN ('CLEAR', 'GREEN') OR audience LIKE $%d)`, len(*args))
}

// noticeWhere returns the WHERE clause and arguments selecting the
// notices matching f (f.Limit aside), pre-filtered for viewer.
func noticeWhere(f notify.Filter, viewer string) ([]string, []any) {
	var where []string
	var args []any
	add := func(clause string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(clause, len(args)))
	}
	where = append(where, visibleClause(viewer, &args))
	if f.Type != "" {
		add("type = $%d", string(f.Type))
	}
	if f.Status != "" {
		add("status = $%d", f.Status)
	}
	if f.Party != "" {
		add("party = $%d", f.Party)
	}
	if f.Notified != "" {
		add("id IN (SELECT notice_id FROM notify_acks WHERE party = $%d)", f.Notified)
	}
	if f.PendingFor != "" {
		add("id IN (SELECT a.notice_id FROM notify_acks a JOIN notify_notices w ON w.id = a.notice_id WHERE a.status = 'pending' AND a.party = $%d"+
			" AND (w.status = 'active' OR a.withdrawal = 1))", f.PendingFor)
	}
	return where, args
}

func (s notifyStore) Notices(ctx context.Context, f notify.Filter, viewer string) ([]notify.Notice, error) {
	where, args := noticeWhere(f, viewer)
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	query := `SELECT ` + noticeCols + ` FROM notify_notices WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY first_seq DESC LIMIT %d`, limit)
	return s.list(ctx, query, args...)
}

// NoticesBefore implements notify.Store: a keyset page, newest first by
// (first_seq, id) descending; the (type, status, first_seq) index serves
// the usual filters.
func (s notifyStore) NoticesBefore(ctx context.Context, f notify.Filter, viewer string, after *notify.Cursor, limit int) ([]notify.Notice, error) {
	where, args := noticeWhere(f, viewer)
	where, args = keysetBefore(where, args, "first_seq", after)
	if limit <= 0 {
		limit = notify.MaxLimit
	}
	return s.list(ctx, `SELECT `+noticeCols+` FROM notify_notices WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY first_seq DESC, id DESC LIMIT %d`, limit), args...)
}

// NoticesByID implements notify.Pager: up to f.Limit (default 1,000)
// notices matching f with an id after after ("" for the first), in id
// order, pre-filtered for viewer. The primary key makes each page a range
// scan however many notices there are.
func (s notifyStore) NoticesByID(ctx context.Context, f notify.Filter, viewer, after string) ([]notify.Notice, error) {
	where, args := noticeWhere(f, viewer)
	if after != "" {
		args = append(args, after)
		where = append(where, fmt.Sprintf("id > $%d", len(args)))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	return s.list(ctx, `SELECT `+noticeCols+` FROM notify_notices WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY id LIMIT %d`, limit), args...)
}

func (s notifyStore) list(ctx context.Context, query string, args ...any) ([]notify.Notice, error) {
	ptrs, err := queryAll(ctx, s.d.SQL, scanNotice, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: notices: %w", err)
	}
	ns := make([]*notify.Notice, len(ptrs))
	for i := range ptrs {
		ns[i] = &ptrs[i]
	}
	if err := s.fillAcks(ctx, s.d.SQL, ns); err != nil {
		return nil, err
	}
	return ptrs, nil
}

func (s notifyStore) Active(ctx context.Context, t notify.Type) ([]notify.Notice, error) {
	return s.list(ctx, `SELECT `+noticeCols+` FROM notify_notices WHERE type = $1 AND status = 'active' ORDER BY first_seq`, string(t))
}

// ackRow is an acknowledgement row with its passed-on columns.
type ackRow struct {
	notify.Ack
	onward     notify.PassedOn
	withdrawal int64
}

// fillAcks loads the acknowledgement rows and the queries of ns.
func (s notifyStore) fillAcks(ctx context.Context, q ledger.Querier, ns []*notify.Notice) error {
	for _, n := range ns {
		n.Queries = []notify.Query{}
		n.Origin = s.d.label(n.Origin)
	}
	err := fillChildren(ctx, q, ns, func(n *notify.Notice) string { return n.ID },
		`SELECT notice_id, party, version, status, first_notified, notified, deadline, responded, author, seq,
		onward_level, onward_at, onward_author, onward_seq, withdrawal, `+originAt(`notify_acks.seq`)+`
		FROM notify_acks WHERE notice_id`, `ORDER BY notice_id, party`,
		func(id *string, a *ackRow) []any {
			return []any{id, &a.Party, &a.Version, &a.Status, &a.FirstNotified, &a.Notified, &a.Deadline, &a.Responded, &a.Author, &a.Seq,
				&a.onward.Level, &a.onward.At, &a.onward.Author, &a.onward.Seq, &a.withdrawal, &a.Origin}
		},
		func(n *notify.Notice, a ackRow) {
			a.Withdrawal = a.withdrawal != 0
			a.Origin = s.d.label(a.Origin)
			if a.onward.Seq != 0 {
				a.PassedOn = &a.onward
			}
			n.Acks = append(n.Acks, a.Ack)
		})
	if err != nil {
		return err
	}
	return fillChildren(ctx, q, ns, func(n *notify.Notice) string { return n.ID },
		`SELECT notice_id, seq, party, author, version, text, raised, answer, answered, answer_author, answer_seq, legacy
		FROM notify_queries WHERE notice_id`, `ORDER BY notice_id, seq`,
		func(id *string, r *queryRow) []any {
			return []any{id, &r.Seq, &r.Party, &r.Author, &r.Version, &r.Text, &r.Raised, &r.Answer, &r.Answered, &r.AnswerAuthor, &r.AnswerSeq, &r.legacy}
		},
		func(n *notify.Notice, r queryRow) {
			r.Legacy = r.legacy != 0
			n.Queries = append(n.Queries, r.Query)
		})
}

// queryRow is a notify_queries row.
type queryRow struct {
	notify.Query
	legacy int64
}

func (s notifyStore) Overdue(ctx context.Context, t time.Time) ([]notify.OverdueAck, error) {
	rows, err := s.d.SQL.QueryContext(ctx, `SELECT a.notice_id, n.type, a.party, a.version, a.deadline, n.party, a.notified_seq
		FROM notify_acks a JOIN notify_notices n ON n.id = a.notice_id
		WHERE a.status = 'pending' AND (n.status = 'active' OR a.withdrawal = 1) AND a.deadline_unix < $1
		ORDER BY a.notified_seq, a.party`, t.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: overdue acknowledgements: %w", err)
	}
	defer rows.Close()
	var out []notify.OverdueAck
	for rows.Next() {
		var o notify.OverdueAck
		if err := rows.Scan(&o.NoticeID, &o.Type, &o.Party, &o.Version, &o.Deadline, &o.Notifier, &o.Seq); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
