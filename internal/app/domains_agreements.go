package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/agreements"
	"truce/internal/agreements/rules"
	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/findings"
	"truce/internal/flights"
	"truce/internal/geo"
	"truce/internal/incidents"
	"truce/internal/monitoring"
	"truce/internal/notify"
	"truce/internal/zones"
)

// agreementFacts gives the agreements service the zones, events and
// protected sites its obligations are checked against, each read through
// its own domain's service so that releasability is decided there.
type agreementFacts struct {
	zones     zones.Store
	zoneSvc   *zones.Service
	incidents *incidents.Service
	flights   *flights.Service
	monitors  monitoring.Store
	notify    *notify.Service
	evidence  *incidents.EvidenceStore
	findings  *findings.Service
}

// AgreedGeometry returns the area of zone id's highest agreed version that
// designates one.
func (f agreementFacts) AgreedGeometry(ctx context.Context, id string) (orb.MultiPolygon, error) {
	z, err := f.zones.Zone(ctx, nil, id)
	if err != nil {
		return nil, err
	}
	for i := len(z.Versions) - 1; i >= 0; i-- {
		v := &z.Versions[i]
		if !v.Agreed() || v.Action != zones.ActionDefine {
			continue
		}
		g, err := zones.DecodeStored(v.Geometry)
		if err != nil {
			return nil, fmt.Errorf("app: zone %s: %w", id, err)
		}
		return g, nil
	}
	return nil, fmt.Errorf("zone %s has no agreed area: %w", id, fault.ErrNotFound)
}

// AgreedAreas returns every area zone id's agreed versions designate and
// the area in force at a time, by the zones' own timeline (the highest
// agreed version in force then; none once withdrawn or expired).
func (f agreementFacts) AgreedAreas(ctx context.Context, id string) (orb.MultiPolygon, func(time.Time) orb.MultiPolygon, error) {
	z, err := f.zones.Zone(ctx, nil, id)
	if err != nil {
		return nil, nil, err
	}
	tl := zones.TimelineOf(z, true)
	var all orb.MultiPolygon
	for _, st := range tl.Steps {
		all = append(all, st.Geometry...)
	}
	if len(all) == 0 {
		return nil, nil, fmt.Errorf("zone %s has no agreed area: %w", id, fault.ErrNotFound)
	}
	return all, tl.InForce, nil
}

// Visible reports whether by may see zone id.
func (f agreementFacts) Visible(ctx context.Context, by access.Principal, id string) (bool, error) {
	_, err := f.zoneSvc.Get(ctx, by, id)
	switch {
	case errors.Is(err, fault.ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return true, nil
}

// incidentEvent returns in as a rules event.
func incidentEvent(in *incidents.Incident) (rules.Event, bool) {
	g, err := geo.Decode(in.Location, geo.KindPoint|geo.KindPolygonal, geo.Limits{})
	if err != nil {
		return rules.Event{}, false
	}
	e := rules.Event{Source: rules.SourceIncident, ID: in.ID, Time: time.Unix(in.T0, 0).UTC(), Point: g.Bound().Center(),
		Category: string(in.Category)}
	switch in.Perpetrator.Kind {
	case "party":
		e.Party = in.Perpetrator.Party
	case "group":
		e.Party = "group:" + in.Perpetrator.Group // bound by no rule, and not unknown
	}
	return e, true
}

// Events returns the incidents by may see in b and [from, to] (at most
// agreements.MaxEvents), the positions of the flight plans by may see in b
// and [from, to] (waypoints and along segments), the latest position of
// each live track by may see, and the monitors' observations of restrictions of their
// movement by may see (the party controlling the place is present there).
func (f agreementFacts) Events(ctx context.Context, by access.Principal, b orb.Bound, from, to time.Time) ([]rules.Event, error) {
	var out []rules.Event
	filter := incidents.Filter{BBox: &b, From: &from, To: &to, Limit: 1000}
	for len(out) < agreements.MaxEvents {
		page, err := f.incidents.Search(ctx, by, filter)
		if err != nil {
			return nil, fmt.Errorf("app: agreement events: %w", err)
		}
		for i := range page.Items {
			if e, ok := incidentEvent(&page.Items[i]); ok {
				out = append(out, e)
			}
		}
		if page.Next == "" {
			break
		}
		c, err := incidents.ParseCursor(page.Next)
		if err != nil {
			return nil, fmt.Errorf("app: agreement events: %w", err)
		}
		filter.After = c
	}
	plans, err := f.flights.ListPlans(ctx, by, flights.PlanFilter{})
	if err != nil {
		return nil, fmt.Errorf("app: agreement events: %w", err)
	}
	for i := range plans {
		if plans[i].Status != "cancelled" {
			out = append(out, planEvents(&plans[i], b, from, to)...) // domains_agreements_flights.go
		}
	}
	out = append(out, trackEvents(f.flights.Tracks(by), by, b, from, to)...)
	obs, err := f.observations(ctx, by, b, from, to)
	if err != nil {
		return nil, err
	}
	return append(out, obs...), nil
}

// observations returns the restrictions recorded by the monitors that by
// may see, in b and [from, to], as events of the party controlling them.
func (f agreementFacts) observations(ctx context.Context, by access.Principal, b orb.Bound, from, to time.Time) ([]rules.Event, error) {
	ps, err := f.monitors.PatrolsIn(ctx, by.Party, from, to)
	if err != nil {
		return nil, fmt.Errorf("app: agreement observations: %w", err)
	}
	ids := make([]string, 0, len(ps))
	for _, p := range access.Visible(by, ps, func(p *monitoring.Patrol) access.Releasability { return p.Release }) {
		ids = append(ids, p.ID)
	}
	rs, err := f.monitors.RestrictionsFor(ctx, by.Party, ids, from, to)
	if err != nil {
		return nil, fmt.Errorf("app: agreement observations: %w", err)
	}
	var out []rules.Event
	for _, r := range access.Visible(by, rs, func(r *monitoring.Restriction) access.Releasability { return r.Release }) {
		t, err := time.Parse(time.RFC3339, r.Time)
		if err != nil || t.Before(from) || t.After(to) {
			continue
		}
		pt, err := geo.DecodePoint(r.Location)
		if err != nil || !b.Contains(pt) {
			continue
		}
		out = append(out, rules.Event{Source: rules.SourceObservation, ID: r.ID, Time: t, Point: pt, Party: r.ControlledBy, Category: r.Kind})
	}
	return out, nil
}

// Incident returns incident id as by may see it.
func (f agreementFacts) Incident(ctx context.Context, by access.Principal, id string) (*rules.Event, access.Releasability, error) {
	in, err := f.incidents.Get(ctx, by, id)
	if err != nil {
		return nil, access.Releasability{}, err
	}
	e, ok := incidentEvent(in)
	if !ok {
		return nil, access.Releasability{}, fmt.Errorf("app: incident %s has no usable location", id)
	}
	return &e, in.Release, nil
}

// Findings returns the monitors' finding about each incident of ids that
// by may see and that has reached at least the alleged layer, folded from
// the entries by may see.
func (f agreementFacts) Findings(ctx context.Context, by access.Principal, ids []string) (map[string]agreements.Finding, error) {
	view, err := f.findings.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]agreements.Finding{}
	for _, id := range ids {
		in, err := f.incidents.Get(ctx, by, id)
		if errors.Is(err, fault.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		v, err := view(ctx, by, in)
		if err != nil {
			return nil, err
		}
		if st := v.Status; st.Fact != "" && st.Fact != findings.StatusNone {
			out[id] = agreements.Finding{Fact: st.Fact, Attribution: st.Attribution, Responsible: st.Responsible, Label: st.Label}
		}
	}
	return out, nil
}

// Sites returns the active protected sites by's party notified or was
// notified of; none for the public.
func (f agreementFacts) Sites(ctx context.Context, by access.Principal) ([]rules.Site, error) {
	if by.Party == "" {
		return nil, nil
	}
	ns, err := f.notify.List(ctx, by, notify.Filter{Type: notify.TypeSite, Status: notify.StatusActive})
	if err != nil {
		return nil, fmt.Errorf("app: agreement sites: %w", err)
	}
	var out []rules.Site
	for _, s := range alerts.SiteFacts(ns) {
		if _, told := s.NotifiedAt[by.Party]; told || s.Notifier == by.Party {
			// Incidents are timed to the second: so is when a party was told.
			notified := make(map[string]time.Time, len(s.NotifiedAt)+1)
			for p, at := range s.NotifiedAt {
				notified[p] = at.Truncate(time.Second)
			}
			if first, ok := earliest(notified); ok {
				notified[s.Notifier] = first // the notifier knew of it when it told the first party
			}
			out = append(out, rules.Site{ID: s.ID, Point: s.Location, Notified: notified})
		}
	}
	return out, nil
}

// earliest returns the earliest time of ts, false if it is empty.
func earliest(ts map[string]time.Time) (time.Time, bool) {
	var first time.Time
	for _, t := range ts {
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	return first, !first.IsZero()
}

// Stat returns the signed document with that SHA-256 in the evidence store.
func (f agreementFacts) Stat(sha string) (agreements.Document, bool) {
	ev, ok := f.evidence.Stat(sha)
	if !ok {
		return agreements.Document{}, false
	}
	return agreements.Document{SHA256: ev.SHA256, Name: ev.Name, MediaType: ev.MediaType, Size: ev.Size}, true
}

// breachFacts gives the agreements service the incidents breaches are
// recorded from, read from the store whatever their releasability: each
// breach carries its incident's releasability, and the agreements service
// shows it only to those who may see the incident.
type breachFacts struct {
	incidents incidents.Store
	parties   func(ctx context.Context) ([]accounts.Party, error)
}

// IncidentFact returns incident id with its releasability and reporter.
func (f breachFacts) IncidentFact(ctx context.Context, id string) (*agreements.Fact, error) {
	in, err := f.incidents.Incident(ctx, nil, id)
	if err != nil {
		return nil, err
	}
	e, ok := incidentEvent(in)
	if !ok {
		return nil, fmt.Errorf("app: incident %s has no usable location: %w", id, fault.ErrNotFound)
	}
	return &agreements.Fact{Event: e, Release: in.Release, Reporter: in.Party}, nil
}

// IncidentFacts returns every incident in b and [from, to]: the store
// pre-filters its rows by a viewer, so it is read as each party (and the
// public) and the answers merged.
func (f breachFacts) IncidentFacts(ctx context.Context, b orb.Bound, from, to time.Time) ([]agreements.Fact, error) {
	ps, err := f.parties(ctx)
	if err != nil {
		return nil, fmt.Errorf("app: breach facts: %w", err)
	}
	viewers := []string{""}
	for _, p := range ps {
		viewers = append(viewers, p.ID)
	}
	seen := map[string]bool{}
	var out []agreements.Fact
	for _, viewer := range viewers {
		filter := incidents.Filter{BBox: &b, From: &from, To: &to, Limit: 1000, Brief: true}
		for {
			page, err := f.incidents.Search(ctx, &filter, viewer)
			if err != nil {
				return nil, fmt.Errorf("app: breach facts: %w", err)
			}
			for i := range page {
				in := &page[i]
				if seen[in.ID] {
					continue
				}
				seen[in.ID] = true
				if e, ok := incidentEvent(in); ok {
					out = append(out, agreements.Fact{Event: e, Release: in.Release, Reporter: in.Party})
				}
			}
			if len(page) < filter.Limit {
				break
			}
			last := page[len(page)-1]
			filter.After = &incidents.Cursor{T0: last.T0, N: last.N}
		}
	}
	return out, nil
}
