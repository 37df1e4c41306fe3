package app

import (
	"context"
	"strconv"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/notify"
	"truce/internal/stream"
	"truce/internal/zones"
)

// pageRoute is one paged listing of the API, with a filter.
type pageRoute struct {
	path string
	// members: the public may not call it.
	members bool
	// want returns every record by may see, in the listing's order, from
	// the service's page API in one page of the largest size.
	want func(ctx context.Context, t *testing.T, by access.Principal) []string
	// cursorOf returns the cursor naming record id as by sees it; nil:
	// the cursor ends with the id.
	cursorOf func(ctx context.Context, t *testing.T, by access.Principal, id string) string
}

// pageRoutes is every paged listing of the API (with some of its filters).
func pageRoutes(a *App) []pageRoute {
	notices := func(f notify.Filter, pendingForCaller bool) func(context.Context, *testing.T, access.Principal) []string {
		return func(ctx context.Context, t *testing.T, by access.Principal) []string {
			if pendingForCaller {
				f.PendingFor = by.Party
			}
			p, err := a.Notify.ListPage(ctx, by, f, nil)
			return onePage(t, "notices", p, err, func(n *notify.Notice) string { return n.ID })
		}
	}
	alertsOf := func(f alerts.Filter, pendingForCaller bool) func(context.Context, *testing.T, access.Principal) []string {
		return func(ctx context.Context, t *testing.T, by access.Principal) []string {
			if pendingForCaller {
				f.PendingFor = by.Party
			}
			p, err := a.Alerts.ListPage(ctx, by, f, nil)
			return onePage(t, "alerts", p, err, func(a *alerts.Alert) string { return a.ID })
		}
	}
	messages := func(f hotline.Filter) func(context.Context, *testing.T, access.Principal) []string {
		return func(ctx context.Context, t *testing.T, by access.Principal) []string {
			p, err := a.Hotline.ListPage(ctx, by, f, nil)
			return onePage(t, "messages", p, err, func(m *hotline.Message) string { return m.ID })
		}
	}
	plans := func(f flights.PlanFilter) func(context.Context, *testing.T, access.Principal) []string {
		return func(ctx context.Context, t *testing.T, by access.Principal) []string {
			p, err := a.Flights.ListPlansPage(ctx, by, f, nil)
			return onePage(t, "plans", p, err, func(p *flights.Plan) string { return p.ID })
		}
	}
	conflicts := func(f flights.ConflictFilter) func(context.Context, *testing.T, access.Principal) []string {
		return func(ctx context.Context, t *testing.T, by access.Principal) []string {
			p, err := a.Flights.ListConflictsPage(ctx, by, f, nil)
			return onePage(t, "conflicts", p, err, func(c *flights.Conflict) string { return c.ID })
		}
	}
	incidentsOf := func(f incidents.Filter) func(context.Context, *testing.T, access.Principal) []string {
		return func(ctx context.Context, t *testing.T, by access.Principal) []string {
			f.Limit = incidents.Listing.Max
			p, err := a.Incidents.Search(ctx, by, f)
			return onePage(t, "incidents", p, err, func(in *incidents.Incident) string { return in.ID })
		}
	}
	incidentCursor := func(ctx context.Context, t *testing.T, by access.Principal, id string) string {
		in, err := a.Incidents.Get(ctx, by, id)
		if err != nil {
			t.Fatalf("incident %s: %v", id, err)
		}
		return incidents.Cursor{T0: in.T0, N: in.N}.String()
	}
	return []pageRoute{
		{path: "/api/v1/zones", want: func(ctx context.Context, t *testing.T, by access.Principal) []string {
			p, err := a.Zones.ListPage(ctx, by, "", 0, nil)
			return onePage(t, "zones", p, err, func(z *zones.Zone) string { return z.ID })
		}},
		{path: "/api/v1/zones?status=proposed", want: func(ctx context.Context, t *testing.T, by access.Principal) []string {
			p, err := a.Zones.ListPage(ctx, by, zones.StatusProposed, 0, nil)
			return onePage(t, "zones", p, err, func(z *zones.Zone) string { return z.ID })
		}},
		{path: "/api/v1/webhooks", members: true, want: func(ctx context.Context, t *testing.T, by access.Principal) []string {
			p, err := a.Webhooks.ListPage(ctx, by, 0, nil)
			return onePage(t, "webhooks", p, err, func(h *stream.Webhook) string { return h.ID })
		}},
		{path: "/api/v1/incidents", want: incidentsOf(incidents.Filter{}), cursorOf: incidentCursor},
		{path: "/api/v1/incidents?brief=true&status=reported", want: incidentsOf(incidents.Filter{Brief: true, Statuses: []incidents.Status{incidents.StatusReported}}), cursorOf: incidentCursor},
		{path: "/api/v1/sites", want: notices(notify.Filter{Type: notify.TypeSite}, false)},
		{path: "/api/v1/sites?status=active", want: notices(notify.Filter{Type: notify.TypeSite, Status: notify.StatusActive}, false)},
		{path: "/api/v1/sites?notified=us", want: notices(notify.Filter{Type: notify.TypeSite, Notified: "us"}, false)},
		{path: "/api/v1/sites?pending=true", want: notices(notify.Filter{Type: notify.TypeSite}, true)},
		{path: "/api/v1/movements", want: notices(notify.Filter{Type: notify.TypeMovement}, false)},
		{path: "/api/v1/movements?party=un&status=active", want: notices(notify.Filter{Type: notify.TypeMovement, Party: "un", Status: notify.StatusActive}, false)},
		{path: "/api/v1/alerts", want: alertsOf(alerts.Filter{}, false)},
		{path: "/api/v1/alerts?pending=true", want: alertsOf(alerts.Filter{}, true)},
		{path: "/api/v1/alerts?kind=other&status=open", want: alertsOf(alerts.Filter{Kind: alerts.KindOther, Status: alerts.StatusOpen}, false)},
		{path: "/api/v1/messages", members: true, want: messages(hotline.Filter{})},
		{path: "/api/v1/messages?box=inbox", members: true, want: messages(hotline.Filter{Box: "inbox"})},
		{path: "/api/v1/messages?box=outbox&unacknowledged=true", members: true, want: messages(hotline.Filter{Box: "outbox", Unacknowledged: true})},
		{path: "/api/v1/flightplans", want: plans(flights.PlanFilter{})},
		{path: "/api/v1/flightplans?party=ru&status=filed", want: plans(flights.PlanFilter{Party: "ru", Status: flights.StatusFiled})},
		{path: "/api/v1/reservations", want: func(ctx context.Context, t *testing.T, by access.Principal) []string {
			p, err := a.Flights.ListReservationsPage(ctx, by, 0, nil)
			return onePage(t, "reservations", p, err, func(r *flights.Reservation) string { return r.ID })
		}},
		{path: "/api/v1/conflicts", want: conflicts(flights.ConflictFilter{})},
		{path: "/api/v1/conflicts?party=un&kind=conflict&status=open", want: conflicts(flights.ConflictFilter{Party: "un", Kind: flights.KindConflict, Status: flights.ConflictOpen})},
		// Last: the walks before it have read the party's sensitive records.
		{path: "/api/v1/audit/reads", members: true, want: func(ctx context.Context, t *testing.T, by access.Principal) []string {
			a.Auditor.Flush()
			p, err := a.Auditor.ReadsPage(ctx, by.Party, accounts.ReadsListing.Max, nil)
			return onePage(t, "reads", p, err, func(r *accounts.ReadAudit) string { return strconv.FormatInt(r.ID, 10) })
		}},
	}
}
