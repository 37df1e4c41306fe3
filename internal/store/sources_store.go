package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/sources"
)

// Sources returns the sources.Store over d.
func (d *DB) Sources() sources.Store { return sourcesStore{d} }

type sourcesStore struct{ d *DB }

func (s sourcesStore) q(q ledger.Querier) ledger.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

const sourceCols = `id, party, author, release_json, submitted, doc, seq`

func scanSource(sc interface{ Scan(...any) error }) (*sources.Source, error) {
	var src sources.Source
	var rel, doc string
	if err := sc.Scan(&src.ID, &src.Party, &src.Author, &rel, &src.Submitted, &doc, &src.Seq); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(rel), &src.Release); err != nil {
		return nil, fmt.Errorf("source %s: %w", src.ID, err)
	}
	if err := json.Unmarshal([]byte(doc), &src.Meta); err != nil {
		return nil, fmt.Errorf("source %s: %w", src.ID, err)
	}
	return &src, nil
}

func (s sourcesStore) Source(ctx context.Context, q ledger.Querier, id string) (*sources.Source, error) {
	src, err := scanSource(s.q(q).QueryRowContext(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("source %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: source %s: %w", id, err)
	}
	ds, err := s.drafts(ctx, s.q(q), `source_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	src.Drafts = ds
	return src, nil
}

func (s sourcesStore) SourceByContent(ctx context.Context, q ledger.Querier, party, url, sha string) (string, error) {
	var id string
	err := s.q(q).QueryRowContext(ctx, `SELECT id FROM sources WHERE party = $1 AND ((url <> '' AND url = $2) OR sha256 = $3) ORDER BY seq LIMIT 1`,
		party, url, sha).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("source of %s: %w", party, fault.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("store: source by content: %w", err)
	}
	return id, nil
}

const draftCols = `id, source_id, party, release_json, status, incident_id, decision_json, doc, n, seq`

func scanDraft(sc interface{ Scan(...any) error }) (*sources.Draft, error) {
	var d sources.Draft
	var rel, dec, doc string
	if err := sc.Scan(&d.ID, &d.SourceID, &d.Party, &rel, &d.Status, &d.IncidentID, &dec, &doc, &d.N, &d.Seq); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(rel), &d.Release); err != nil {
		return nil, fmt.Errorf("draft %s: %w", d.ID, err)
	}
	if err := json.Unmarshal([]byte(doc), &d.Proposal); err != nil {
		return nil, fmt.Errorf("draft %s: %w", d.ID, err)
	}
	if dec != "" {
		d.Decision = &sources.Decision{}
		if err := json.Unmarshal([]byte(dec), d.Decision); err != nil {
			return nil, fmt.Errorf("draft %s: %w", d.ID, err)
		}
	}
	d.Duplicates = []sources.Duplicate{}
	return &d, nil
}

// drafts returns the drafts matching where, with their decided duplicates.
func (s sourcesStore) drafts(ctx context.Context, q ledger.Querier, where string, args ...any) ([]sources.Draft, error) {
	ds, err := queryAll(ctx, q, scanDraft, `SELECT `+draftCols+` FROM source_drafts WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*sources.Draft, len(ds))
	for i := range ds {
		ptrs[i] = &ds[i]
	}
	err = fillChildren(ctx, q, ptrs, func(d *sources.Draft) string { return d.ID },
		`SELECT draft_id, decision, doc FROM source_draft_duplicates WHERE draft_id`, `ORDER BY draft_id, seq`,
		func(id *string, c *dupRow) []any { return []any{id, &c.decision, &c.doc} },
		func(d *sources.Draft, c dupRow) {
			var p sources.DuplicateDecided
			if json.Unmarshal([]byte(c.doc), &p) == nil {
				dup := sources.Duplicate{Decision: c.decision}
				dup.ID, dup.Score, dup.Reasons = p.IncidentID, p.Score, p.Reasons
				d.Duplicates = append(d.Duplicates, dup)
			}
		})
	if err != nil {
		return nil, fmt.Errorf("store: draft duplicates: %w", err)
	}
	if ds == nil {
		ds = []sources.Draft{}
	}
	return ds, nil
}

type dupRow struct{ decision, doc string }

func (s sourcesStore) Draft(ctx context.Context, q ledger.Querier, id string) (*sources.Draft, error) {
	ds, err := s.drafts(ctx, s.q(q), `id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("store: draft %s: %w", id, err)
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("draft %s: %w", id, fault.ErrNotFound)
	}
	return &ds[0], nil
}

// DraftsAfter implements sources.Store: a keyset page, newest source first
// by (n, id) descending.
func (s sourcesStore) DraftsAfter(ctx context.Context, f sources.DraftFilter, viewer string, after *sources.Cursor, limit int) ([]sources.Draft, error) {
	var args []any
	where := []string{visibleClause(viewer, &args)}
	args = append(args, f.Status)
	where = append(where, fmt.Sprintf("status = $%d", len(args)))
	if f.SourceID != "" {
		args = append(args, f.SourceID)
		where = append(where, fmt.Sprintf("source_id = $%d", len(args)))
	}
	where, args = keysetBefore(where, args, "n", after)
	if limit <= 0 {
		limit = sources.DraftListing.Max
	}
	return s.drafts(ctx, s.d.SQL, strings.Join(where, " AND ")+fmt.Sprintf(` ORDER BY n DESC, id DESC LIMIT %d`, limit), args...)
}

const feedCols = `id, party, author, release_json, created, doc, last_polled, last_error, items, status, status_changed, status_reason, seq`

func scanFeed(sc interface{ Scan(...any) error }) (*sources.Feed, error) {
	var f sources.Feed
	var rel, doc string
	if err := sc.Scan(&f.ID, &f.Party, &f.Author, &rel, &f.Created, &doc, &f.LastPolled, &f.LastError, &f.Items, &f.Status, &f.StatusChanged, &f.StatusReason, &f.Seq); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(rel), &f.Release); err != nil {
		return nil, fmt.Errorf("feed %s: %w", f.ID, err)
	}
	if err := json.Unmarshal([]byte(doc), &f.FeedRegistered); err != nil {
		return nil, fmt.Errorf("feed %s: %w", f.ID, err)
	}
	return &f, nil
}

func (s sourcesStore) Feed(ctx context.Context, q ledger.Querier, id string) (*sources.Feed, error) {
	f, err := scanFeed(s.q(q).QueryRowContext(ctx, `SELECT `+feedCols+` FROM source_feeds WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("feed %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: feed %s: %w", id, err)
	}
	return f, nil
}

func (s sourcesStore) Feeds(ctx context.Context) ([]sources.Feed, error) {
	return queryAll(ctx, s.d.SQL, scanFeed, `SELECT `+feedCols+` FROM source_feeds ORDER BY id`)
}
