package sitrep

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/listing"
	"truce/internal/notify"
	"truce/internal/zones"
)

// Sources are the domain services a report reads, each through the same
// method the API's read of it calls, with the reader's principal: every
// releasability decision is theirs (package access), none is made here.
type Sources struct {
	Incidents *incidents.Service
	Zones     *zones.Service
	Notify    *notify.Service
	Alerts    *alerts.Service
	Hotline   *hotline.Service
	Flights   *flights.Service
	SectionSources
}

// facts are the records a report states, as its reader may see them.
type facts struct {
	zones     []zones.Zone
	incidents []incidents.Incident // overlapping the period
	previous  []incidents.Incident // overlapping the previous period
	month     []incidents.Incident // overlapping the 30 periods up to the period's end (brief)
	notices   []notify.Notice      // sites and movements
	alerts    []alerts.Alert
	conflicts []flights.Conflict
	messages  []hotline.Message
	sectionFacts
}

// gather reads everything the report for p needs, as by may see it.
func (s Sources) gather(ctx context.Context, by access.Principal, c Config, p Period, zone string) (*facts, error) {
	var f facts
	var err error
	if f.zones, err = s.Zones.List(ctx, by, ""); err != nil {
		return nil, fmt.Errorf("sitrep: zones: %w", err)
	}
	if f.incidents, err = s.searchAll(ctx, by, incidents.Filter{Zone: zone}, p, false); err != nil {
		return nil, err
	}
	if f.previous, err = s.searchAll(ctx, by, incidents.Filter{Zone: zone, Brief: true}, c.Previous(p), true); err != nil {
		return nil, err
	}
	month := Period{Date: p.Date, From: p.From.AddDate(0, 0, -29), To: p.To}
	if f.month, err = s.searchAll(ctx, by, incidents.Filter{Zone: zone, Brief: true}, month, true); err != nil {
		return nil, err
	}
	for _, t := range []notify.Type{notify.TypeSite, notify.TypeMovement} {
		ns, err := readAll(ctx, notify.Listing(t), func(after *listing.Cursor) (*notify.Page, error) {
			return s.Notify.ListPage(ctx, by, notify.Filter{Type: t, Limit: notify.MaxLimit}, after)
		})
		if err != nil {
			return nil, fmt.Errorf("sitrep: notifications: %w", err)
		}
		f.notices = append(f.notices, ns...)
	}
	if f.alerts, err = readAll(ctx, alerts.Listing, func(after *listing.Cursor) (*alerts.Page, error) {
		return s.Alerts.ListPage(ctx, by, alerts.Filter{Limit: alerts.MaxLimit}, after)
	}); err != nil {
		return nil, fmt.Errorf("sitrep: alerts: %w", err)
	}
	if f.conflicts, err = s.Flights.ListConflicts(ctx, by, flights.ConflictFilter{}); err != nil {
		return nil, fmt.Errorf("sitrep: conflicts: %w", err)
	}
	if by.Authenticated() { // the hotline is for signed-in parties only
		if f.messages, err = readAll(ctx, hotline.Listing, func(after *listing.Cursor) (*hotline.Page, error) {
			return s.Hotline.ListPage(ctx, by, hotline.Filter{Limit: hotline.MaxLimit}, after)
		}); err != nil {
			return nil, fmt.Errorf("sitrep: hotline: %w", err)
		}
	}
	if f.sectionFacts, err = s.gatherSections(ctx, by, p, c.Previous(p)); err != nil {
		return nil, err
	}
	return &f, nil
}

// searchAll returns every incident matching f whose time overlaps p, as
// by may see them, reading Listing page by page.
func (s Sources) searchAll(ctx context.Context, by access.Principal, f incidents.Filter, p Period, brief bool) ([]incidents.Incident, error) {
	from, to := p.From, p.To.Add(-time.Second)
	f.From, f.To, f.Brief, f.Limit = &from, &to, brief, incidents.Listing.Max
	var out []incidents.Incident
	for {
		page, err := s.Incidents.Search(ctx, by, f)
		if err != nil {
			return nil, fmt.Errorf("sitrep: incidents: %w", err)
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out, nil
		}
		if f.After, err = incidents.ParseCursor(page.Next); err != nil {
			return nil, fmt.Errorf("sitrep: incidents: %w", err)
		}
	}
}

// readAll reads every page of a listing l through page.
func readAll[T any](ctx context.Context, l listing.Listing, page func(after *listing.Cursor) (*listing.Page[T], error)) ([]T, error) {
	var out []T
	var after *listing.Cursor
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, err := page(after)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.Next == "" {
			return out, nil
		}
		if after, err = l.Parse(p.Next); err != nil {
			return nil, err
		}
	}
}

// in reports whether the RFC 3339 time s lies in p (From exclusive, To
// inclusive); an empty or malformed time lies in no period.
func (p Period) in(s string) bool {
	t, err := time.Parse(time.RFC3339Nano, s)
	return err == nil && t.After(p.From) && !t.After(p.To)
}

// before reports whether the RFC 3339 time s is at or before p's end.
func (p Period) before(s string) bool {
	t, err := time.Parse(time.RFC3339Nano, s)
	return err == nil && !t.After(p.To)
}
