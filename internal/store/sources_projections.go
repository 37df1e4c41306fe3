package store

import (
	"context"
	"encoding/json"

	"truce/internal/ledger"
	"truce/internal/sources"
)

// projectSourceSubmitted adds a source and its drafts, pending
// (source.submitted).
func projectSourceSubmitted(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[sources.Submitted](e)
	if err != nil {
		return err
	}
	doc, _ := json.Marshal(p.Meta)
	rel, _ := json.Marshal(e.Release)
	if _, err := q.ExecContext(ctx, `INSERT INTO sources (id, party, author, tlp, audience, release_json, submitted, url, sha256, doc, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, p.ID, e.Party, e.Author, string(e.Release.TLP), audienceColumn(e.Release),
		string(rel), e.Time, p.Meta.URL, p.Meta.SHA256, string(doc), e.Seq); err != nil {
		return err
	}
	for _, d := range p.Drafts {
		ddoc, _ := json.Marshal(d.Draft)
		if _, err := q.ExecContext(ctx, `INSERT INTO source_drafts (id, source_id, party, tlp, audience, release_json, status, incident_id, decision_json, doc, n, seq)
			VALUES ($1, $2, $3, $4, $5, $6, $7, '', '', $8, $9, $9)`, d.ID, p.ID, e.Party, string(e.Release.TLP), audienceColumn(e.Release),
			string(rel), sources.StatusPending, string(ddoc), e.Seq); err != nil {
			return err
		}
	}
	return nil
}

// projectDraftDecided records an analyst's decision on a draft: its new
// status and the incident it became or joined (draft.accepted, .merged,
// .discarded).
func projectDraftDecided(status string) projector {
	return func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
		var p struct {
			DraftID    string `json:"draft_id"`
			IncidentID string `json:"incident_id"`
			Reason     string `json:"reason"`
		}
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			return err
		}
		dec, _ := json.Marshal(sources.Decision{By: e.Author, Party: e.Party, Time: e.Time, Reason: p.Reason})
		return execOne(ctx, q, `UPDATE source_drafts SET status = $2, incident_id = $3, decision_json = $4, seq = $5 WHERE id = $1`,
			p.DraftID, status, p.IncidentID, string(dec), e.Seq)
	}
}

// projectDraftMerged records a draft merged into an incident and the
// source it attaches to that incident (a merge logged before sources were
// attached carries none), released as the draft.
func projectDraftMerged(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	if err := projectDraftDecided(sources.StatusMerged)(ctx, q, e); err != nil {
		return err
	}
	p, err := decode[sources.Merged](e)
	if err != nil || p.Source == nil {
		return err
	}
	doc, err := json.Marshal(attachmentDoc{Source: *p.Source, Evidence: p.Evidence})
	if err != nil {
		return err
	}
	rel, err := json.Marshal(e.Release)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO incident_attachments (seq, incident_id, draft_id, party, author, time, doc, release_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, e.Seq, p.IncidentID, p.DraftID, e.Party, e.Author, e.Time, string(doc), string(rel))
	return err
}

// projectDuplicateDecided records the decision on a suggested duplicate of
// a draft; a later decision on the same incident replaces an earlier one
// (draft.duplicate_linked, .duplicate_dismissed).
func projectDuplicateDecided(decision string) projector {
	return func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
		p, err := decode[sources.DuplicateDecided](e)
		if err != nil {
			return err
		}
		doc, _ := json.Marshal(p)
		if _, err := q.ExecContext(ctx, `INSERT INTO source_draft_duplicates (draft_id, incident_id, decision, doc, seq) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (draft_id, incident_id) DO UPDATE SET decision = excluded.decision, doc = excluded.doc, seq = excluded.seq`,
			p.DraftID, p.IncidentID, decision, string(doc), e.Seq); err != nil {
			return err
		}
		return execOne(ctx, q, `UPDATE source_drafts SET seq = $2 WHERE id = $1`, p.DraftID, e.Seq)
	}
}

// projectFeedRegistered adds a feed (feed.registered).
func projectFeedRegistered(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[sources.FeedRegistered](e)
	if err != nil {
		return err
	}
	doc, _ := json.Marshal(p)
	rel, _ := json.Marshal(e.Release)
	_, err = q.ExecContext(ctx, `INSERT INTO source_feeds (id, party, author, tlp, audience, release_json, created, doc, last_polled, last_error, items, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', '', 0, $9)`, p.ID, e.Party, e.Author, string(e.Release.TLP), audienceColumn(e.Release),
		string(rel), e.Time, string(doc), e.Seq)
	return err
}

// projectFeedPolled records a poll of a feed: when, its error, and the
// count of items ingested (feed.polled).
func projectFeedPolled(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[sources.FeedPolled](e)
	if err != nil {
		return err
	}
	return execOne(ctx, q, `UPDATE source_feeds SET last_polled = $2, last_error = $3, items = items + $4, seq = $5 WHERE id = $1`,
		p.ID, p.Polled, p.Error, p.New, e.Seq)
}

// projectFeedStatus sets a feed's status (feed.paused, feed.resumed,
// feed.removed), with the entry's time and the reason given.
func projectFeedStatus(status string) func(context.Context, ledger.Querier, *ledger.Entry) error {
	return func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
		p, err := decode[sources.FeedStatusChanged](e)
		if err != nil {
			return err
		}
		return execOne(ctx, q, `UPDATE source_feeds SET status = $2, status_changed = $3, status_reason = $4, seq = $5 WHERE id = $1`,
			p.ID, status, e.Time, p.Reason, e.Seq)
	}
}
