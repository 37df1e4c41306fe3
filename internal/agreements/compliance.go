package agreements

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/agreements/rules"
	"truce/internal/fault"
	"truce/internal/geo"
)

// StatusNotDisclosed is the compliance of a no-fire obligation shown to a
// caller whose party was notified of no protected site: no site is
// public, so nothing about them is shown.
const StatusNotDisclosed rules.Status = "not_disclosed"

// Evidence is one event that bears on an obligation.
type Evidence struct {
	Source  rules.Source `json:"source"`
	EventID string       `json:"event_id"`
	Time    string       `json:"time"`
	// Sites are the protected sites within the rule's radius that the
	// caller's party was notified of (no-fire rules only).
	Sites []string `json:"sites,omitempty"`
	// Linked is set for an analyst's link (with its note), unset for an
	// automatic one.
	Linked bool   `json:"linked,omitempty"`
	Note   string `json:"note,omitempty"`
	// Finding is the monitors' finding about the incident (source
	// incident only), as the caller may see it; unset while there is none.
	Finding *Finding `json:"finding,omitempty"`
}

// Finding is the layer a monitors' finding about an incident has reached
// (findings.Status): the fact (alleged, under_investigation or
// established), the attribution (attributed, disputed or undetermined)
// and the party an attribution names, with the status in words.
type Finding struct {
	Fact        string `json:"fact"`
	Attribution string `json:"attribution,omitempty"`
	Responsible string `json:"responsible,omitempty"`
	Label       string `json:"label,omitempty"`
}

// attributed is the Finding state in which the monitors name the party
// responsible (findings.AttributionAttributed).
const attributed = "attributed"

// PartyCompliance is one party's status under one obligation.
type PartyCompliance struct {
	Party    string       `json:"party"`
	Status   rules.Status `json:"status"`
	Evidence []Evidence   `json:"evidence"`
}

// ObligationCompliance is the compliance with one obligation.
type ObligationCompliance struct {
	Key     string            `json:"key"`
	Title   string            `json:"title"`
	Rule    RuleSpec          `json:"rule"`
	Parties []PartyCompliance `json:"parties"`
	// Unattributed are the events by a party not yet identified.
	Unattributed []Evidence `json:"unattributed"`
}

// Compliance is every obligation of an agreement's current version.
type Compliance struct {
	AgreementID string                 `json:"agreement_id"`
	Version     int                    `json:"version"`
	AsOf        string                 `json:"as_of"`
	Obligations []ObligationCompliance `json:"obligations"`
}

// MaxEvents bounds the events one compliance computation reads.
const MaxEvents = 20_000

// Compliance returns, for each obligation of agreement id's current
// (latest agreed) version, each bound party's status and its evidence as
// of now, from the breaches recorded as incidents were written and live
// track reports arrived (RecordIncident, RecordTrack) and, for the rest
// (flight plans, observations, fire
// near protected sites), the events and protected sites by may see: it
// discloses no incident by may not see and no site by's party was not
// notified of. Returns fault.ErrNotFound if by may not see the agreement;
// an agreement with no agreed version has no obligations in force.
func (s *Service) Compliance(ctx context.Context, by access.Principal, id string) (*Compliance, error) {
	a, err := s.visibleAgreement(ctx, nil, by, id)
	if err != nil {
		return nil, fmt.Errorf("agreements: compliance of %s: %w", id, err)
	}
	chairs, gone, err := s.coChairs(ctx)
	if err != nil {
		return nil, fmt.Errorf("agreements: compliance of %s: %w", id, err)
	}
	decorate(a, s.now(), chairs, gone)
	a.Links = access.Visible(by, a.Links, func(l *Link) access.Releasability { return l.Release })
	now := s.now()
	out := &Compliance{AgreementID: id, AsOf: now.UTC().Format(time.RFC3339), Obligations: []ObligationCompliance{}}
	if a.Current == nil {
		return out, nil
	}
	out.Version = a.Current.Version
	rs, err := s.rulesOf(ctx, a.Current)
	if err != nil {
		return nil, fmt.Errorf("agreements: compliance of %s: %w", id, err)
	}
	sites, err := s.events.Sites(ctx, by)
	if err != nil {
		return nil, fmt.Errorf("agreements: compliance of %s: %w", id, err)
	}
	hits, err := s.hits(ctx, by, rs, sites, now)
	if err != nil {
		return nil, fmt.Errorf("agreements: compliance of %s: %w", id, err)
	}
	for _, b := range visibleBreaches(by, a.Breaches, a.Current.Version) {
		hits = append(hits, evHit{Hit: rules.Hit{RuleID: b.Obligation, EventID: b.EventID, Party: b.Party},
			ev: Evidence{Source: b.Source, EventID: b.EventID, Time: b.EventTime}})
	}
	for _, l := range a.Links {
		hits = append(hits, evHit{Hit: rules.Hit{RuleID: l.Obligation, EventID: l.EventID, Party: l.Party},
			ev: Evidence{Source: l.Source, EventID: l.EventID, Time: l.Time, Linked: true, Note: l.Note}})
	}
	if err := s.withFindings(ctx, by, hits); err != nil {
		return nil, fmt.Errorf("agreements: compliance of %s: %w", id, err)
	}
	for i, o := range a.Current.Obligations {
		r := &rs[i]
		oc := ObligationCompliance{Key: o.Key, Title: o.Title, Rule: o.Rule, Unattributed: []Evidence{}}
		var mine []rules.Hit
		for _, h := range hits {
			if h.RuleID == o.Key {
				mine = append(mine, h.Hit)
				if h.Party == "" {
					oc.Unattributed = append(oc.Unattributed, h.ev)
				}
			}
		}
		bound := o.Rule.Parties
		if len(bound) == 0 {
			bound = a.Current.Parties
		}
		for _, party := range bound {
			pc := PartyCompliance{Party: party, Status: rules.Compliance(r, party, mine, now), Evidence: []Evidence{}}
			if r.Kind == rules.KindNoFireNearSites && len(sites) == 0 {
				pc.Status = StatusNotDisclosed
			}
			for _, h := range hits {
				if h.RuleID == o.Key && h.Party == party {
					pc.Evidence = append(pc.Evidence, h.ev)
				}
			}
			oc.Parties = append(oc.Parties, pc)
		}
		out.Obligations = append(out.Obligations, oc)
	}
	return out, nil
}

// withFindings sets, on each incident's evidence, the monitors' finding
// about the incident as by may see it; where it attributes the incident,
// the evidence counts against the party it names, whoever the report
// named: a finding of fact by the monitors is not the accused party's
// to block.
func (s *Service) withFindings(ctx context.Context, by access.Principal, hits []evHit) error {
	var ids []string
	for _, h := range hits {
		if h.ev.Source == rules.SourceIncident && !slices.Contains(ids, h.ev.EventID) {
			ids = append(ids, h.ev.EventID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found, err := s.events.Findings(ctx, by, ids)
	if err != nil {
		return err
	}
	for i := range hits {
		h := &hits[i]
		f, ok := found[h.ev.EventID]
		if h.ev.Source != rules.SourceIncident || !ok {
			continue
		}
		h.ev.Finding = &f
		if f.Attribution == attributed && f.Responsible != "" {
			h.Party = f.Responsible
		}
	}
	return nil
}

// evHit is a hit with the evidence shown for it.
type evHit struct {
	rules.Hit
	ev Evidence
}

// rulesOf returns the rules of v's obligations, in order, with their
// zones' agreed areas over time (each event is checked against the area in
// force at its time); a zone with no agreed area leaves its rule without
// one (it then matches nothing).
func (s *Service) rulesOf(ctx context.Context, v *Version) ([]rules.Rule, error) {
	rs := make([]rules.Rule, len(v.Obligations))
	for i, o := range v.Obligations {
		from, _ := time.Parse(time.RFC3339, o.Rule.From)
		until, _ := time.Parse(time.RFC3339, o.Rule.Until)
		r := rules.Rule{ID: o.Key, Kind: o.Rule.Kind, Parties: o.Rule.Parties, From: from, Until: until,
			Classes: o.Rule.Classes, MinAltitudeFt: o.Rule.MinAltitudeFt, RadiusKm: o.Rule.RadiusKm}
		if o.Rule.ZoneID != "" {
			all, at, err := s.zones.AgreedAreas(ctx, o.Rule.ZoneID)
			if err != nil && !errors.Is(err, fault.ErrNotFound) {
				return nil, err
			}
			r.Zone, r.AreaAt = all, at
		}
		rs[i] = r
	}
	return rs, nil
}

// hits evaluates every event by may see that could bear on rs.
func (s *Service) hits(ctx context.Context, by access.Principal, rs []rules.Rule, sites []rules.Site, now time.Time) ([]evHit, error) {
	var b orb.Bound
	have := false
	from := now
	add := func(x orb.Bound) {
		if !have {
			b, have = x, true
		} else {
			b = b.Union(x)
		}
	}
	for _, r := range rs {
		switch {
		case r.Kind == rules.KindNoFireNearSites:
			for _, st := range sites {
				add(geo.ExpandBound(st.Point.Bound(), r.RadiusKm*1000))
			}
		case len(r.Zone) > 0:
			add(r.Zone.Bound())
		default:
			continue
		}
		if r.From.Before(from) {
			from = r.From
		}
	}
	if !have || !from.Before(now) {
		return nil, nil
	}
	evs, err := s.events.Events(ctx, by, b, from, now)
	if err != nil {
		return nil, err
	}
	x := rules.NewEvaluator(rs, sites)
	kinds := make(map[string]rules.Kind, len(rs))
	for _, r := range rs {
		kinds[r.ID] = r.Kind
	}
	var out []evHit
	// A flight bears on a rule at many positions (waypoints, along its
	// segments): its earliest one is its evidence.
	type once struct{ rule, event, party string }
	seen := map[once]bool{}
	for i := range evs {
		e := &evs[i]
		for _, h := range x.Evaluate(e) {
			if (e.Source == rules.SourceIncident || e.Source == rules.SourceTrack) && recorded(kinds[h.RuleID]) {
				continue // recorded as the incident was written or the report arrived: a.Breaches
			}
			k := once{h.RuleID, string(e.Source) + ":" + h.EventID, h.Party}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, evHit{Hit: h, ev: Evidence{Source: e.Source, EventID: e.ID,
				Time: e.Time.UTC().Format(time.RFC3339), Sites: slices.Clone(h.Sites)}})
		}
	}
	return out, nil
}
