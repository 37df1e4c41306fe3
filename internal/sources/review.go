package sources

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/strictjson"
)

// Acceptance is an analyst's acceptance of a draft: the Admiralty rating
// of its source and, to edit before accepting, the fields of the incident
// that replace the proposed ones (any field of incidents.NewIncident).
type Acceptance struct {
	Reliability string          `json:"reliability"`
	Credibility int             `json:"credibility"`
	Incident    json.RawMessage `json:"incident,omitempty"`
}

// Accept turns draft id into an incident report of by's party through the
// incidents service, with the source attached (its text as evidence, its
// publisher and URL rated as in) and the draft's releasability unless the
// edits give another, and logs draft.accepted in the same write as the
// report: both are recorded or neither is. Errors: fault.ErrForbidden
// unless MayReview(by), fault.ErrNotFound if by may not see the draft,
// fault.ErrPrecondition if match is not 0 and the draft's Seq (its ETag)
// is no longer match, fault.ErrConflict if it is no longer pending or the
// same report is already recorded (merge into that incident instead),
// *fault.InvalidError for a bad rating or edit (nothing is logged then).
// The API always passes the caller's If-Match as match; 0 (no check) is
// for callers that decide on what they have just read.
func (s *Service) Accept(ctx context.Context, by access.Principal, id string, match int64, in Acceptance) (*Draft, error) {
	if err := MayReview(by); err != nil {
		return nil, fmt.Errorf("sources: accept %s: %w", id, err)
	}
	d, src, err := s.pending(ctx, by, id, match)
	if err != nil {
		return nil, err
	}
	if err := checkRating(in.Reliability, in.Credibility); err != nil {
		return nil, err
	}
	n, err := s.proposed(ctx, src, d, in)
	if err != nil {
		return nil, err
	}
	edited := len(in.Incident) > 0 && !bytes.Equal(bytes.TrimSpace(in.Incident), []byte("null"))
	if edited {
		if err := strictjson.Unmarshal(in.Incident, n); err != nil {
			return nil, fault.Invalid("incident", "%s", err.Error())
		}
	}
	p, err := s.d.Incidents.Prepare(ctx, by, n)
	if err != nil {
		var inv *fault.InvalidError
		if errors.As(err, &inv) {
			return nil, fault.Invalid("incident."+inv.Field, "%s", inv.Reason)
		}
		return nil, fmt.Errorf("sources: accept %s: %w", id, err)
	}
	// The report and the decision are one write: a crash or a concurrent
	// decision between them can leave neither an incident without its
	// accepted draft nor a draft accepted into no incident.
	return s.decide(ctx, by, d, match, KindDraftAccepted, &Accepted{DraftID: id, IncidentID: p.Report.ID,
		Reliability: in.Reliability, Credibility: in.Credibility, Edited: edited}, s.d.Incidents.ReportChange(by, p))
}

// Merging is an analyst's merge of a draft into an existing incident:
// the incident and the Admiralty rating of the source attached to it.
type Merging struct {
	IncidentID  string `json:"incident_id"`
	Reliability string `json:"reliability"`
	Credibility int    `json:"credibility"`
}

// Merge folds draft id into existing incident in.IncidentID, which by
// must see, and in one write logs a comment on the incident that names
// the draft and draft.merged, which attaches the source to the incident
// (its text as evidence, its publisher and URL rated as in), released as
// the draft: those who may see the incident but not the draft see the
// comment, not the source. Errors and match as Accept; an incident by may
// not see is *fault.InvalidError.
func (s *Service) Merge(ctx context.Context, by access.Principal, id string, match int64, in Merging) (*Draft, error) {
	if err := MayReview(by); err != nil {
		return nil, fmt.Errorf("sources: merge %s: %w", id, err)
	}
	d, src, err := s.pending(ctx, by, id, match)
	if err != nil {
		return nil, err
	}
	if err := checkRating(in.Reliability, in.Credibility); err != nil {
		return nil, err
	}
	incidentID := in.IncidentID
	if _, err := s.d.Incidents.Get(ctx, by, incidentID); err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return nil, fault.Invalid("incident_id", "no incident %q that you may see", incidentID)
		}
		return nil, fmt.Errorf("sources: merge %s: %w", id, err)
	}
	// The comment is released as the incident: it names the draft, not
	// the source, which the attachment carries under the draft's release.
	note := fmt.Sprintf("Draft %s (open source %s) merged into this incident.", id, src.ID)
	comment, err := s.d.Incidents.CommentChange(ctx, by, incidentID, note)
	if err != nil {
		return nil, fmt.Errorf("sources: merge %s: %w", id, err)
	}
	rated := sourceOf(src, d, in.Reliability, in.Credibility)
	return s.decide(ctx, by, d, match, KindDraftMerged, &Merged{DraftID: id, IncidentID: incidentID,
		Source: &rated, Evidence: evidenceOf(src)}, comment)
}

// checkRating returns an *fault.InvalidError unless reliability and
// credibility are on the Admiralty scale.
func checkRating(reliability string, credibility int) error {
	if !strings.Contains("ABCDEF", reliability) || len(reliability) != 1 {
		return fault.Invalid("reliability", "the Admiralty reliability of the source: A to F")
	}
	if credibility < 1 || credibility > 6 {
		return fault.Invalid("credibility", "the Admiralty credibility of the information: 1 to 6")
	}
	return nil
}

// sourceOf is src as a source of an incident, from draft d, rated.
func sourceOf(src *Source, d *Draft, reliability string, credibility int) incidents.Source {
	return incidents.Source{Name: publisherOf(src), Reliability: reliability, Credibility: credibility, URL: src.URL,
		Note: "open source " + src.ID + ", draft " + d.ID}
}

// evidenceOf is the text of src as evidence.
func evidenceOf(src *Source) incidents.EvidenceRef {
	return incidents.EvidenceRef{SHA256: src.TextSHA256, Name: "source " + src.ID + ".txt"}
}

// publisherOf names src: its publisher, or "open source <id>".
func publisherOf(src *Source) string {
	if src.Publisher != "" {
		return src.Publisher
	}
	return "open source " + src.ID
}

// Discard discards draft id with a reason (1–2000 bytes) and logs
// draft.discarded. Errors and match as Accept.
func (s *Service) Discard(ctx context.Context, by access.Principal, id string, match int64, reason string) (*Draft, error) {
	if err := MayReview(by); err != nil {
		return nil, fmt.Errorf("sources: discard %s: %w", id, err)
	}
	if strings.TrimSpace(reason) == "" || len(reason) > 2000 {
		return nil, fault.Invalid("reason", "say why the draft is discarded, in 1–2000 bytes")
	}
	d, _, err := s.pending(ctx, by, id, match)
	if err != nil {
		return nil, err
	}
	return s.decide(ctx, by, d, match, KindDraftDiscarded, &Discarded{DraftID: id, Reason: reason})
}

// pending returns draft id and its source if by may see it, it is
// pending and, unless match is 0, its Seq is match.
func (s *Service) pending(ctx context.Context, by access.Principal, id string, match int64) (*Draft, *Source, error) {
	d, err := s.visibleDraft(ctx, nil, by, id)
	if err != nil {
		return nil, nil, err
	}
	if err := current(d, match); err != nil {
		return nil, nil, err
	}
	src, err := s.Get(ctx, by, d.SourceID)
	if err != nil {
		return nil, nil, err
	}
	return d, src, nil
}

// current returns nil if draft d is pending and, unless match is 0, its
// Seq is match: fault.ErrPrecondition if it changed since the version
// the caller read (checked first, as a precondition precedes the
// method), fault.ErrConflict if it was decided.
func current(d *Draft, match int64) error {
	if match != 0 && d.Seq != match {
		return &fault.RefusalError{Kind: fault.ErrPrecondition,
			Msg: fmt.Sprintf("draft %s has changed since version %d; reload it", d.ID, match)}
	}
	if d.Status != StatusPending {
		return fault.Conflictf("draft %s is already %s", d.ID, d.Status)
	}
	return nil
}

// decide logs a decision on draft d, checking inside the write
// transaction that it is still pending and still at version match (0:
// any), in one write with the entries the decision brings about (with),
// which are appended first.
func (s *Service) decide(ctx context.Context, by access.Principal, d *Draft, match int64, kind string, payload any, with ...ledger.Change) (*Draft, error) {
	check := func(ctx context.Context, q ledger.Querier) error {
		cur, err := s.d.Store.Draft(ctx, q, d.ID)
		if err != nil {
			return err
		}
		return current(cur, match)
	}
	ch := changeOf(by, d, kind, payload)
	ch.Check = check
	if _, err := s.d.Log.Append(ctx, append(with, ch)...); err != nil {
		return nil, fmt.Errorf("sources: %s %s: %w", kind, d.ID, err)
	}
	return s.visibleDraft(ctx, nil, by, d.ID)
}

// changeOf returns the entry of by's decision kind on draft d, released
// as the draft.
func changeOf(by access.Principal, d *Draft, kind string, payload any) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: kind,
		Subject: DraftSubject(d.ID), Release: d.Release, Payload: payload}}
}

// proposed returns the incident report draft d proposes, rated as in;
// the edits of in are applied by the caller.
func (s *Service) proposed(ctx context.Context, src *Source, d *Draft, in Acceptance) (*incidents.NewIncident, error) {
	p := d.Proposal
	now := s.d.Now().UTC()
	n := &incidents.NewIncident{Category: p.Category, Perpetrator: incidents.Perpetrator{Kind: "unknown"}}
	start, end := p.Time.Start, p.Time.End
	if end.After(now) {
		end = now
	}
	n.Time = incidents.TimeSpan{Start: start.UTC().Format(time.RFC3339), Precision: p.Time.IncidentPrecision()}
	if end.After(start) {
		n.Time.End = end.UTC().Format(time.RFC3339)
	}
	if len(p.Locations) > 0 {
		l := p.Locations[0]
		n.Location = json.RawMessage(fmt.Sprintf(`{"type":"Point","coordinates":[%g,%g]}`, l.Lon, l.Lat))
		n.LocationPrecision, n.PlaceName = l.IncidentPrecision(), l.PlaceName
	}
	if len(p.Actors) > 0 {
		a := p.Actors[0]
		n.Perpetrator = a.Perpetrator()
		// A state the text names that is no member party of this node is
		// recorded as a named group, as written.
		if a.Kind == "party" && s.d.Known != nil && !s.d.Known(ctx, a.Party) {
			name := a.Text
			if name == "" {
				name = a.Party
			}
			n.Perpetrator = incidents.Perpetrator{Kind: "group", Group: name}
		}
	}
	name := publisherOf(src)
	for _, c := range p.Casualties {
		n.Casualties = append(n.Casualties, incidents.Casualty{Outcome: c.Outcome, Group: c.Group, Min: c.Min, Max: c.Max, Source: name})
	}
	var sents []string
	for _, sp := range p.Spans {
		if sp.Start >= 0 && sp.End <= len(src.Text) && sp.Start < sp.End {
			sents = append(sents, strings.TrimSpace(src.Text[sp.Start:sp.End]))
		}
	}
	n.Narrative = fmt.Sprintf("From %s (%s): %s", name, src.Published, strings.Join(sents, " "))
	n.Sources = []incidents.Source{sourceOf(src, d, in.Reliability, in.Credibility)}
	n.Evidence = []incidents.EvidenceRef{evidenceOf(src)}
	rel := d.Release
	n.Releasability = &rel
	return n, nil
}
