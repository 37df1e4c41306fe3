package agreements

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/agreements/rules"
	"truce/internal/ledger"
)

// Author is the author of the entries the service writes on its own
// (agreement.breach_recorded).
const Author = "truce-agreements"

// BreachRecorded is the payload of agreement.breach_recorded: an incident
// that breaks an obligation of one agreed version, as the rule judged it
// when the incident was written or the version agreed.
type BreachRecorded struct {
	AgreementID string       `json:"agreement_id"`
	Version     int          `json:"version"`
	Obligation  string       `json:"obligation"`
	Source      rules.Source `json:"source"`
	EventID     string       `json:"event_id"`
	// Party is the party the incident is attributed to ("" when not yet
	// identified).
	Party     string `json:"party,omitempty"`
	EventTime string `json:"event_time"`
	// Episode, for a live track's breach (source track), is the time of
	// the first report of the track's episode (flights.JudgedReport): a
	// track breaks an obligation once per episode.
	Episode string `json:"episode,omitempty"`
	// Release is the event's releasability (the incident's; for a track,
	// its party's and the co-chairs'): the breach is shown only to those
	// who may see the event.
	Release access.Releasability `json:"event_releasability"`
}

// Breach is a recorded breach as folded into its agreement.
type Breach struct {
	BreachRecorded
	Seq int64 `json:"seq"`
}

// Fact is an incident as breaches are recorded from it: the event, its
// releasability and the party that reported it.
type Fact struct {
	Event    rules.Event
	Release  access.Releasability
	Reporter string
}

// Facts reads the incidents breaches are recorded from, whatever their
// releasability: each breach carries its incident's releasability and the
// service shows it only to those who may see the incident.
type Facts interface {
	// IncidentFact returns incident id, or an error wrapping
	// fault.ErrNotFound if there is none (or it has no usable location).
	IncidentFact(ctx context.Context, id string) (*Fact, error)
	// IncidentFacts returns the incidents whose location meets b and whose
	// time lies in [from, to].
	IncidentFacts(ctx context.Context, b orb.Bound, from, to time.Time) ([]Fact, error)
}

// recorded reports whether a zone rule's breaches are recorded as
// incidents are written (every kind but no-fire, whose hits depend on the
// protected sites each caller's party was notified of, and are computed
// per caller when read).
func recorded(k rules.Kind) bool { return k != rules.KindNoFireNearSites }

// RecordIncident evaluates incident id against the recorded rules of every
// agreement's current version and records each breach not recorded yet,
// in one write. It returns how many it recorded; a service with no Facts
// records nothing.
func (s *Service) RecordIncident(ctx context.Context, id string) (int, error) {
	if s.facts == nil {
		return 0, nil
	}
	f, err := s.facts.IncidentFact(ctx, id)
	if err != nil {
		return 0, fmt.Errorf("agreements: record breaches of incident %s: %w", id, err)
	}
	as, err := s.store.Agreements(ctx)
	if err != nil {
		return 0, fmt.Errorf("agreements: record breaches of incident %s: %w", id, err)
	}
	chairs, gone, err := s.coChairs(ctx)
	if err != nil {
		return 0, fmt.Errorf("agreements: record breaches of incident %s: %w", id, err)
	}
	var changes []ledger.Change
	for i := range as {
		a := &as[i]
		decorate(a, s.now(), chairs, gone)
		cs, err := s.breachChanges(ctx, a, []Fact{*f})
		if err != nil {
			return 0, fmt.Errorf("agreements: record breaches of incident %s: %w", id, err)
		}
		changes = append(changes, cs...)
	}
	return s.appendBreaches(ctx, changes)
}

// RecordAgreement evaluates every incident that could bear on the recorded
// rules of agreement id's current version and records each breach not
// recorded yet, in one write: a version agreed after the incidents judges
// them too. It returns how many it recorded.
func (s *Service) RecordAgreement(ctx context.Context, id string) (int, error) {
	if s.facts == nil {
		return 0, nil
	}
	a, err := s.store.Agreement(ctx, nil, id)
	if err != nil {
		return 0, fmt.Errorf("agreements: record breaches of %s: %w", id, err)
	}
	chairs, gone, err := s.coChairs(ctx)
	if err != nil {
		return 0, fmt.Errorf("agreements: record breaches of %s: %w", id, err)
	}
	decorate(a, s.now(), chairs, gone)
	if a.Current == nil {
		return 0, nil
	}
	rs, err := s.rulesOf(ctx, a.Current)
	if err != nil {
		return 0, fmt.Errorf("agreements: record breaches of %s: %w", id, err)
	}
	var b orb.Bound
	have, from := false, s.now()
	for _, r := range rs {
		if !recorded(r.Kind) || len(r.Zone) == 0 {
			continue
		}
		if have {
			b = b.Union(r.Zone.Bound())
		} else {
			b, have = r.Zone.Bound(), true
		}
		if r.From.Before(from) {
			from = r.From
		}
	}
	if !have {
		return 0, nil
	}
	fs, err := s.facts.IncidentFacts(ctx, b, from, s.now())
	if err != nil {
		return 0, fmt.Errorf("agreements: record breaches of %s: %w", id, err)
	}
	changes, err := s.breachChanges(ctx, a, fs)
	if err != nil {
		return 0, fmt.Errorf("agreements: record breaches of %s: %w", id, err)
	}
	return s.appendBreaches(ctx, changes)
}

// breachChanges returns an agreement.breach_recorded change for each
// breach of a's current version by fs not recorded yet. Each change's
// precondition refuses it if the same breach was recorded meanwhile.
func (s *Service) breachChanges(ctx context.Context, a *Agreement, fs []Fact) ([]ledger.Change, error) {
	if a.Current == nil || len(fs) == 0 {
		return nil, nil
	}
	rs, err := s.rulesOf(ctx, a.Current)
	if err != nil {
		return nil, err
	}
	rs = slices.DeleteFunc(rs, func(r rules.Rule) bool { return !recorded(r.Kind) })
	if len(rs) == 0 {
		return nil, nil
	}
	x := rules.NewEvaluator(rs, nil)
	version := a.Current.Version
	var out []ledger.Change
	for i := range fs {
		f := &fs[i]
		for _, h := range x.Evaluate(&f.Event) {
			b := BreachRecorded{AgreementID: a.ID, Version: version, Obligation: h.RuleID, Source: f.Event.Source,
				EventID: f.Event.ID, Party: h.Party, EventTime: f.Event.Time.UTC().Format(time.RFC3339), Release: f.Release}
			if hasBreach(a.Breaches, &b) {
				continue
			}
			if c, ok := s.breachChange(ctx, a, &b, f.Reporter); ok {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// breachChange returns the agreement.breach_recorded change of b on a,
// released to those who may see both the agreement and b's event and
// logged under a party of this node that may see it (breachOwner); false
// if none may. Its precondition refuses it if the same breach was
// recorded meanwhile.
func (s *Service) breachChange(ctx context.Context, a *Agreement, b *BreachRecorded, reporter string) (ledger.Change, bool) {
	rel := narrower(a.Release, b.Release)
	owner, ok := s.breachOwner(rel, reporter, a.Party)
	if !ok {
		s.logger.WarnContext(ctx, "agreements: no party of this node may see a breach; not recorded",
			"agreement", a.ID, "source", b.Source, "event", b.EventID)
		return ledger.Change{}, false
	}
	id, want := a.ID, *b
	check := func(ctx context.Context, q ledger.Querier) error {
		cur, err := s.store.Agreement(ctx, q, id)
		if err != nil {
			return err
		}
		if hasBreach(cur.Breaches, &want) {
			return fmt.Errorf("breach of %s by %s: %w", want.Obligation, want.EventID, errRaced)
		}
		return nil
	}
	return ledger.Change{Draft: ledger.Draft{Party: owner, Author: Author, Kind: KindBreachRecorded,
		Subject: Subject(a.ID), Release: rel, Payload: want}, Check: check}, true
}

// appendBreaches appends changes in one write; a write refused because a
// breach was recorded meanwhile records nothing (the next recording
// computes afresh).
func (s *Service) appendBreaches(ctx context.Context, changes []ledger.Change) (int, error) {
	if len(changes) == 0 {
		return 0, nil
	}
	if _, err := s.log.Append(ctx, changes...); err != nil {
		return 0, fmt.Errorf("agreements: record %d breaches: %w", len(changes), err)
	}
	return len(changes), nil
}

// hasBreach reports whether bs holds b (same version, obligation, event,
// party and, for a track, episode).
func hasBreach(bs []Breach, b *BreachRecorded) bool {
	return slices.ContainsFunc(bs, func(x Breach) bool {
		return x.Version == b.Version && x.Obligation == b.Obligation && x.EventID == b.EventID &&
			x.Source == b.Source && x.Party == b.Party && x.Episode == b.Episode
	})
}

// breachOwner returns the party a breach released as rel is logged under:
// on a party node, the first party the node speaks for that may see it; on
// a hosted node the incident's reporter, else the agreement's proposer, if
// it may see it (the owner joins the entry's audience, so it must be one
// that may see the breach already).
func (s *Service) breachOwner(rel access.Releasability, reporter, proposer string) (string, bool) {
	candidates := []string{reporter, proposer}
	if s.nodeParty != "" {
		candidates = append([]string{s.nodeParty}, s.hosted.List()...)
	}
	for _, p := range candidates {
		if p != "" && rel.VisibleTo(p) {
			return p, true
		}
	}
	return "", false
}

// narrower returns a releasability visible to a party exactly when both a
// and b are: the stricter label and, when it restricts, the parties of
// either audience that may see both.
func narrower(a, b access.Releasability) access.Releasability {
	tlp := a.TLP
	if slices.Index(access.Labels, b.TLP) > slices.Index(access.Labels, a.TLP) {
		tlp = b.TLP
	}
	if tlp == access.TLPClear || tlp == access.TLPGreen {
		return access.Releasability{TLP: tlp}
	}
	var aud []string
	for _, p := range append(slices.Clone(a.Audience), b.Audience...) {
		if a.VisibleTo(p) && b.VisibleTo(p) {
			aud = append(aud, p)
		}
	}
	slices.Sort(aud)
	return access.Releasability{TLP: tlp, Audience: slices.Compact(aud)}
}

// visibleBreaches returns the breaches of version by may see.
func visibleBreaches(by access.Principal, bs []Breach, version int) []Breach {
	var out []Breach
	for _, b := range bs {
		if b.Version == version && by.CanSee(b.Release) {
			out = append(out, b)
		}
	}
	return out
}
