package findings

import (
	"context"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/fault"
)

// Allege records an allegation about incident id. A monitoring-cell
// party's allegation has source "monitor"; others name party, agency or
// public (with Name). Errors: fault.ErrForbidden unless by may allege,
// fault.ErrNotFound, *fault.InvalidError.
func (s *Service) Allege(ctx context.Context, by access.Principal, id string, a Alleged) (*View, error) {
	if err := MayAllege(by); err != nil {
		return nil, err
	}
	c, _, err := s.centre(ctx)
	if err != nil {
		return nil, err
	}
	if c.Monitors[by.Party] && a.Source == "" {
		a.Source = "monitor"
	}
	if err := oneOf("source", a.Source, SourceKinds); err != nil {
		return nil, err
	}
	if a.Source == "monitor" && !c.Monitors[by.Party] {
		return nil, fault.Invalid("source", "only the monitoring cell records a monitor's allegation")
	}
	if err := firstErr(text("text", a.Text, maxText, true), text("name", a.Name, maxShort, a.Source == "public"),
		text("accused", a.Accused, maxShort, false)); err != nil {
		return nil, err
	}
	a.IncidentID = id
	return s.record(ctx, by, id, KindAlleged, nil, a)
}

// Open opens the monitoring cell's preliminary investigation of incident
// id. Errors: fault.ErrForbidden unless by may investigate,
// fault.ErrConflict if one is open, fault.ErrNotFound, *fault.InvalidError.
func (s *Service) Open(ctx context.Context, by access.Principal, id, note string) (*View, error) {
	v, err := s.investigator(ctx, by, id)
	if err != nil {
		return nil, err
	}
	if v.Investigation != nil {
		return nil, fault.Conflictf("findings: incident %s is already under investigation", id)
	}
	if err := text("note", note, maxText, true); err != nil {
		return nil, err
	}
	return s.record(ctx, by, id, KindInvestigationOpened, nil, InvestigationOpened{IncidentID: id, Note: note})
}

// Task records a field team tasked for the investigation of incident id.
// Its releasability is rel if given (it must be valid), and otherwise
// TaskRelease: field-team plans are restricted to the monitoring cell.
// Errors: those of Open, fault.ErrConflict before the investigation is
// opened.
func (s *Service) Task(ctx context.Context, by access.Principal, id string, t TeamTasked, rel *access.Releasability) (*View, error) {
	_, known, err := s.running(ctx, by, id)
	if err != nil {
		return nil, err
	}
	from, err := rfc3339("from", t.From)
	if err != nil {
		return nil, err
	}
	to, err := rfc3339("to", t.To)
	if err != nil {
		return nil, err
	}
	if to.Before(from) {
		return nil, fault.Invalid("to", "is before from")
	}
	if len(t.Team) == 0 || len(t.Team) > maxList {
		return nil, fault.Invalid("team", "names between 1 and %d members", maxList)
	}
	for i, m := range t.Team {
		if err := text(fmt.Sprintf("team[%d]", i), m, maxShort, true); err != nil {
			return nil, err
		}
	}
	if err := firstErr(text("task", t.Task, maxShort, true), text("where", t.Where, maxShort, true),
		parties("notified", t.Notified, func(p string) bool { return known[p] }, false)); err != nil {
		return nil, err
	}
	release := TaskRelease(by.Party)
	if rel != nil {
		release = rel.Normalize(by.Party)
		if err := release.Validate(func(p string) bool { return known[p] }); err != nil {
			return nil, err
		}
	}
	t.IncidentID = id
	return s.record(ctx, by, id, KindTeamTasked, &release, t)
}

// Observe records what a field team saw, what it could not access and
// why, and the parties that attended. Errors: those of Task.
func (s *Service) Observe(ctx context.Context, by access.Principal, id string, o Observed) (*View, error) {
	_, known, err := s.running(ctx, by, id)
	if err != nil {
		return nil, err
	}
	if err := firstErr(text("text", o.Text, maxText, true), text("task", o.Task, maxShort, false),
		evidence("evidence", o.Evidence, s.deps.Evidence),
		parties("attended", o.Attended, func(p string) bool { return known[p] }, false)); err != nil {
		return nil, err
	}
	if len(o.NoAccess) > maxList {
		return nil, fault.Invalid("no_access", "names more than %d places", maxList)
	}
	for i, n := range o.NoAccess {
		if err := firstErr(text(fmt.Sprintf("no_access[%d].place", i), n.Place, maxShort, true),
			text(fmt.Sprintf("no_access[%d].reason", i), n.Reason, maxShort, true)); err != nil {
			return nil, err
		}
	}
	o.IncidentID = id
	return s.record(ctx, by, id, KindObserved, nil, o)
}

// Report records the investigation's report, the parties concerned and
// the deadline of their right of reply (in the future). Errors: those of
// Task.
func (s *Service) Report(ctx context.Context, by access.Principal, id string, r ReportWritten) (*View, error) {
	_, known, err := s.running(ctx, by, id)
	if err != nil {
		return nil, err
	}
	due, err := rfc3339("reply_by", r.ReplyBy)
	if err != nil {
		return nil, err
	}
	if !due.After(s.deps.Now()) {
		return nil, fault.Invalid("reply_by", "must be in the future")
	}
	if err := firstErr(text("summary", r.Summary, maxText, true),
		parties("concerned", r.Concerned, func(p string) bool { return known[p] }, true)); err != nil {
		return nil, err
	}
	r.IncidentID = id
	return s.record(ctx, by, id, KindReportWritten, nil, r)
}

// Reply records a concerned party's reply to the report before its
// deadline. Errors: fault.ErrForbidden unless by may state its party's
// position and its party is concerned, fault.ErrConflict without a report,
// after the deadline or after a reply, fault.ErrNotFound,
// *fault.InvalidError.
func (s *Service) Reply(ctx context.Context, by access.Principal, id, body string) (*View, error) {
	if err := MayState(by); err != nil {
		return nil, err
	}
	if err := text("text", body, maxText, true); err != nil {
		return nil, err
	}
	v, err := s.View(ctx, by, id)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(v.Replies, func(r Reply) bool { return r.Party == by.Party })
	switch {
	case v.Investigation == nil || v.Investigation.Report == nil:
		return nil, fault.Conflictf("findings: incident %s has no report to reply to", id)
	case i < 0:
		return nil, fmt.Errorf("party %s is not concerned by the report on %s: %w", by.Party, id, fault.ErrForbidden)
	case v.Replies[i].State == ReplyReplied:
		return nil, fault.Conflictf("findings: party %s has replied on %s already", by.Party, id)
	case v.Replies[i].State == ReplyLapsed:
		return nil, fault.Conflictf("findings: the right of reply on %s lapsed at %s", id, v.Replies[i].ReplyBy)
	}
	return s.record(ctx, by, id, KindReplied, nil, Replied{IncidentID: id, Text: body})
}

// Establish records the monitoring cell's finding of fact. No party's
// position is consulted. Errors: those of Open.
func (s *Service) Establish(ctx context.Context, by access.Principal, id string, f FactEstablished) (*View, error) {
	if _, err := s.investigator(ctx, by, id); err != nil {
		return nil, err
	}
	if err := firstErr(text("what", f.What, maxText, true), text("where", f.Where, maxShort, true),
		text("when", f.When, maxShort, true), oneOf("confidence", f.Confidence, Confidences),
		evidence("evidence", f.Evidence, s.deps.Evidence)); err != nil {
		return nil, err
	}
	f.IncidentID = id
	return s.record(ctx, by, id, KindFactEstablished, nil, f)
}

// Attribute records the monitoring cell's attribution: attributed (with
// Responsible), disputed or undetermined. Errors: those of Open, and
// fault.ErrConflict before a fact is established.
func (s *Service) Attribute(ctx context.Context, by access.Principal, id string, a Attributed) (*View, error) {
	v, err := s.investigator(ctx, by, id)
	if err != nil {
		return nil, err
	}
	if err := firstErr(oneOf("state", a.State, AttributionStates),
		text("responsible", a.Responsible, maxShort, a.State == AttributionAttributed),
		text("reasoning", a.Reasoning, maxText, true)); err != nil {
		return nil, err
	}
	if v.Fact == nil {
		return nil, fault.Conflictf("findings: incident %s has no established fact to attribute", id)
	}
	a.IncidentID = id
	return s.record(ctx, by, id, KindAttributed, nil, a)
}

// State records by's party's position on the finding (and on the
// attribution), replacing its earlier one. It changes no other layer.
// Errors: fault.ErrForbidden unless by may state, fault.ErrNotFound,
// *fault.InvalidError.
func (s *Service) State(ctx context.Context, by access.Principal, id string, p PositionStated) (*View, error) {
	if err := MayState(by); err != nil {
		return nil, err
	}
	if !p.OnFinding.Valid() {
		return nil, fault.Invalid("on_finding", "%q is not accepts, rejects or reserves", p.OnFinding)
	}
	if p.OnAttribution != "" && !p.OnAttribution.Valid() {
		return nil, fault.Invalid("on_attribution", "%q is not accepts, rejects or reserves", p.OnAttribution)
	}
	if err := text("statement", p.Statement, maxText, true); err != nil {
		return nil, err
	}
	p.IncidentID = id
	return s.record(ctx, by, id, KindPositionStated, nil, p)
}

// investigator checks that by may investigate and returns the view.
func (s *Service) investigator(ctx context.Context, by access.Principal, id string) (*View, error) {
	c, _, err := s.centre(ctx)
	if err != nil {
		return nil, err
	}
	if err := MayInvestigate(by, c.Monitors); err != nil {
		return nil, err
	}
	return s.View(ctx, by, id)
}

// running is investigator for a step of an open investigation; it also
// returns the known parties.
func (s *Service) running(ctx context.Context, by access.Principal, id string) (*View, map[string]bool, error) {
	v, err := s.investigator(ctx, by, id)
	if err != nil {
		return nil, nil, err
	}
	if v.Investigation == nil {
		return nil, nil, fault.Conflictf("findings: open an investigation of %s first", id)
	}
	_, known, err := s.centre(ctx)
	return v, known, err
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
