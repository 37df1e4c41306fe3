package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"truce/internal/federation/cite"
	"truce/internal/ledger"
)

// Statements about another node's record.
//
// On a party node, a record first logged by a peer is held by that peer's
// node (mirror_holder.go): only it changes the record. Every other own
// entry about such a record is a statement of this node's party about it
// (an assessment or position, an acknowledgement or query, an agreement, a
// comment, a reply) and becomes an own entry that cites the record: the
// holder's first entry about it (the report, the notification, the
// proposal) and, when it differs, the holder's latest one this node
// applied (the version acknowledged or agreed to). The citations go in
// the payload's "cites" field, so they are in the entry's commitment.

// Annotate implements ledger.Annotator: it checks the citations the
// payload already lists (each held verified, else a 409 and nothing is
// written) and adds those of the peer-held record the entry is about.
func (b *batchTx) Annotate(ctx context.Context, d *ledger.Draft, payload []byte) ([]byte, error) {
	listed, err := cite.Extract("", payload)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", d.Kind, err)
	}
	if len(listed) > 0 {
		src := citeSource{q: b.Tx, self: b.d.ownOrigin()}
		for _, c := range listed {
			if err := cite.Check(ctx, src, cite.Field, c); err != nil {
				return nil, err
			}
		}
	}
	if holderKinds[d.Kind] || d.Subject == "" {
		return payload, nil // refused in Put if the record is a peer's
	}
	if ok, err := b.d.hasMirrored(ctx, b.Tx); err != nil || !ok {
		return payload, err
	}
	add, err := heldRecordCitations(ctx, b.Tx, d.Subject)
	if err != nil || len(add) == 0 {
		return payload, err
	}
	out, err := cite.Merge(payload, forgeCitations(add))
	if err != nil {
		return nil, fmt.Errorf("store: %s about %s: %w", d.Kind, d.Subject, err)
	}
	return out, nil
}

// heldRecordCitations returns the citations a statement about subject
// carries if a peer's node holds it (none if this node does, or if no
// peer's entry about it was applied): the holder's first and latest
// applied entries about it.
func heldRecordCitations(ctx context.Context, q ledger.Querier, subject string) ([]cite.Citation, error) {
	var origin string
	var after int64
	err := q.QueryRowContext(ctx, `SELECT origin, after FROM local_mirror_applied WHERE subject = $1 ORDER BY pos LIMIT 1`, subject).Scan(&origin, &after)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: holder of %s: %w", subject, err)
	}
	var own int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM log_entries WHERE subject = $1 AND seq < $2`, subject, after).Scan(&own); err != nil {
		return nil, fmt.Errorf("store: holder of %s: %w", subject, err)
	}
	if own > 0 {
		return nil, nil // this node logged the record first: it holds it
	}
	var out []cite.Citation
	for _, order := range []string{"ASC", "DESC"} {
		var seq int64
		var c []byte
		err := q.QueryRowContext(ctx, `SELECT a.seq, m.commitment FROM local_mirror_applied a
			JOIN local_mirror_entries m ON m.origin = a.origin AND m.seq = a.seq
			WHERE a.subject = $1 AND a.origin = $2 ORDER BY a.pos `+order+` LIMIT 1`, subject, origin).Scan(&seq, &c)
		if err != nil {
			return nil, fmt.Errorf("store: cite %s of %s: %w", subject, origin, err)
		}
		ct := cite.Citation{Origin: origin, Index: seq}
		if len(c) == 32 {
			ct = cite.Of(origin, seq, [32]byte(c))
		}
		if len(out) == 0 || out[0] != ct {
			out = append(out, ct)
		}
	}
	return out, nil
}
