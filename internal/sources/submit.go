package sources

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/sources/extract"
)

// NewSource is the input of Submit: exactly one of Text (plain text) and
// HTML (a web page), and what is known of it.
type NewSource struct {
	Text      string `json:"text,omitempty"`
	HTML      string `json:"html,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	URL       string `json:"url,omitempty"`
	// Lang is en, ru or ar; empty means detect it.
	Lang string `json:"lang,omitempty"`
	// Published is RFC 3339 or YYYY-MM-DD; empty means take it from the
	// text's dateline or the page's metadata.
	Published string `json:"published,omitempty"`
	// Releasability defaults to AMBER; the submitter's party is always in
	// the audience.
	Releasability *access.Releasability `json:"releasability,omitempty"`
	// feedID is set for items of a feed.
	feedID string
}

var errExists = errors.New("sources: already submitted")

// Submit stores a source submitted by by, extracts its drafts and logs
// both in one source.submitted entry. A source of by's party with the same
// URL or the same content was submitted before: Submit then changes
// nothing and returns it with created false. Errors: fault.ErrForbidden
// unless MaySubmit(by), *fault.InvalidError for bad input (no text or
// both, oversized, not UTF-8, an unknown language, no date, a bad URL or
// releasability); nothing is logged then.
func (s *Service) Submit(ctx context.Context, by access.Principal, in NewSource) (src *Source, created bool, err error) {
	if err := MaySubmit(by); err != nil {
		return nil, false, fmt.Errorf("sources: submit: %w", err)
	}
	p, existing, err := s.prepare(ctx, by, in)
	switch {
	case err != nil:
		return nil, false, err
	case existing != "":
		src, err := s.Get(ctx, by, existing)
		return src, false, err
	}
	_, err = s.d.Log.Append(ctx, p.change)
	switch {
	case errors.Is(err, errExists):
		src, err := s.Get(ctx, by, *p.found)
		return src, false, err
	case err != nil:
		return nil, false, fmt.Errorf("sources: submit: %w", err)
	}
	s.d.Logger.InfoContext(ctx, "source submitted", "id", p.id, "party", by.Party, "drafts", p.drafts, "feed", in.feedID)
	src, err = s.Get(ctx, by, p.id)
	return src, true, err
}

// preparedSource is a source checked, extracted and its files stored,
// ready to be logged by change. The change's Check fails with errExists,
// and sets *found to the source's id, if a source of the same party with
// the same URL or content was logged meanwhile.
type preparedSource struct {
	id     string
	keys   []string // the content hash, and the URL if there is one
	drafts int
	change ledger.Change
	found  *string
}

// prepare checks in, submitted by by, and returns it ready to be logged,
// or the id of the source of by's party with the same URL or content
// logged before (existing) and nothing else. Its errors are Submit's.
func (s *Service) prepare(ctx context.Context, by access.Principal, in NewSource) (p *preparedSource, existing string, err error) {
	meta, rel, content, err := s.checkNew(ctx, in, by.Party)
	if err != nil {
		return nil, "", err
	}
	// A source seen before is not extracted again (a feed's items come
	// back at every poll).
	existing, err = s.d.Store.SourceByContent(ctx, nil, by.Party, meta.URL, meta.SHA256)
	if err == nil {
		return nil, existing, nil
	}
	if !errors.Is(err, fault.ErrNotFound) {
		return nil, "", fmt.Errorf("sources: submit: %w", err)
	}
	xin := extract.Input{Lang: in.Lang, Publisher: in.Publisher}
	if in.Published != "" {
		xin.Published, _ = parsePublished(in.Published)
	}
	var res *extract.Result
	if in.HTML != "" {
		doc, err := extract.FromHTML(content)
		if err != nil {
			return nil, "", extractErr("html", err)
		}
		if res, err = s.d.Extractor.ExtractDoc(doc, xin); err != nil {
			return nil, "", extractErr("html", err)
		}
	} else {
		xin.Text = in.Text
		if res, err = s.d.Extractor.Extract(xin); err != nil {
			return nil, "", extractErr("text", err)
		}
	}
	meta.Lang, meta.Publisher = res.Lang, res.Publisher
	meta.Published, meta.PublishedFrom = res.Published.UTC().Format(time.RFC3339), res.PublishedFrom
	// The text the spans point into is kept as incident evidence, so that
	// an accepted draft attaches exactly what its spans cite.
	ev, err := s.d.Incidents.EvidenceStore().Put(strings.NewReader(res.Text))
	var big *incidents.TooLargeError
	switch {
	case errors.As(err, &big):
		return nil, "", fault.Invalid("text", "a text of %d bytes; this node keeps evidence files of at most %d bytes (its --max-body)", len(res.Text), big.Limit)
	case err != nil:
		return nil, "", fmt.Errorf("sources: store text: %w", err)
	}
	meta.TextSHA256 = ev.SHA256
	if in.HTML != "" {
		if err := s.d.Pages.Put(meta.SHA256, content); err != nil {
			return nil, "", fmt.Errorf("sources: store page: %w", err)
		}
	}
	id := access.NewID("src")
	sub := &Submitted{ID: id, Meta: meta, Drafts: make([]ProposedDraft, len(res.Drafts))}
	for i, d := range res.Drafts {
		sub.Drafts[i] = ProposedDraft{ID: access.NewID("drf"), Draft: d}
	}
	keys := []string{"sha256:" + meta.SHA256}
	if meta.URL != "" {
		keys = append(keys, "url:"+meta.URL)
	}
	p = &preparedSource{id: id, keys: keys, drafts: len(sub.Drafts), found: new(string)}
	p.change = ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindSubmitted,
		Subject: SourceSubject(id), Release: rel, Payload: sub},
		Check: func(ctx context.Context, q ledger.Querier) error {
			id, err := s.d.Store.SourceByContent(ctx, q, by.Party, meta.URL, meta.SHA256)
			if err == nil {
				*p.found = id
				return errExists
			}
			if errors.Is(err, fault.ErrNotFound) {
				return nil
			}
			return err
		}}
	return p, "", nil
}

// checkNew validates in and returns the source's metadata (without what
// extraction fills in), its releasability and its content.
func (s *Service) checkNew(ctx context.Context, in NewSource, party string) (Meta, access.Releasability, []byte, error) {
	var meta Meta
	var content []byte
	switch {
	case in.Text == "" && in.HTML == "":
		return meta, access.Releasability{}, nil, fault.Invalid("text", "give the source as text (plain) or html (a web page)")
	case in.Text != "" && in.HTML != "":
		return meta, access.Releasability{}, nil, fault.Invalid("html", "give text or html, not both")
	case in.HTML != "":
		if len(in.HTML) > extract.MaxHTMLBytes {
			return meta, access.Releasability{}, nil, fault.Invalid("html", "a page of %d bytes; at most %d", len(in.HTML), extract.MaxHTMLBytes)
		}
		content, meta.MediaType = []byte(in.HTML), "text/html"
	default:
		if len(in.Text) > extract.MaxTextBytes {
			return meta, access.Releasability{}, nil, fault.Invalid("text", "a text of %d bytes; at most %d", len(in.Text), extract.MaxTextBytes)
		}
		content, meta.MediaType = []byte(in.Text), "text/plain"
	}
	if len(in.Publisher) > 300 {
		return meta, access.Releasability{}, nil, fault.Invalid("publisher", "at most 300 bytes")
	}
	if in.URL != "" {
		u, err := url.Parse(in.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(in.URL) > 2000 {
			return meta, access.Releasability{}, nil, fault.Invalid("url", "an absolute http or https URL of at most 2000 bytes")
		}
	}
	switch in.Lang {
	case "", extract.English, extract.Russian, extract.Arabic:
	default:
		return meta, access.Releasability{}, nil, fault.Invalid("lang", "%q is not a language truce reads; use en, ru or ar, or leave it out to detect it", in.Lang)
	}
	if in.Published != "" {
		if _, err := parsePublished(in.Published); err != nil {
			return meta, access.Releasability{}, nil, fault.Invalid("published", "RFC 3339 or YYYY-MM-DD")
		}
	}
	rel := access.Releasability{TLP: access.TLPAmber}
	if in.Releasability != nil {
		rel = *in.Releasability
	}
	rel = rel.Normalize(party)
	if err := rel.Validate(s.known(ctx)); err != nil {
		return meta, access.Releasability{}, nil, err
	}
	sum := sha256.Sum256(content)
	meta.SHA256, meta.Size, meta.URL, meta.FeedID = hex.EncodeToString(sum[:]), int64(len(content)), in.URL, in.feedID
	return meta, rel, content, nil
}

// parsePublished reads a publication time: RFC 3339 or a date.
func parsePublished(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}
