package alerts_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/testnode"
)

type fixture struct {
	env    *testnode.Env
	notify *notify.Service
	alerts *alerts.Service
	mon    *alerts.Monitor
}

func newFixture(t *testing.T) *fixture {
	env := testnode.New(t)
	n := notify.NewService(notify.Deps{Store: env.DB.Notify(), Log: env.Seq, Parties: env.DB.Access(), Now: env.Clock.Now})
	a := alerts.NewService(alerts.Deps{Store: env.DB.Alerts(), Log: env.Seq, Now: env.Clock.Now, Withdrawn: alerts.WithdrawnFrom(env.DB.Access().Parties)})
	f := &fixture{env: env, notify: n, alerts: a, mon: alerts.NewMonitor(alerts.MonitorDeps{Alerts: a, Notify: n, Parties: env.DB.Access()})}
	env.OnCommit(f.mon.Observe)
	return f
}

// report appends an incident.reported entry as the incidents service would.
func (f *fixture) report(t *testing.T, id string, at time.Time, lon, lat float64, perpetrator string, rel access.Releasability) *ledger.Entry {
	t.Helper()
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{lon, lat}})
	r := incidents.Report{ID: id, Category: incidents.CategoryAirStrike, Time: incidents.TimeSpan{Start: at.Format(time.RFC3339), Precision: "hour"},
		Key: id, Location: loc, LocationPrecision: "exact", Perpetrator: incidents.Perpetrator{Kind: "party", Party: perpetrator}, Narrative: "test"}
	es, err := f.env.Seq.Append(context.Background(), ledger.Change{Draft: ledger.Draft{Party: "un", Author: "un-reporter",
		Kind: incidents.KindReported, Subject: "incident:" + id, Release: rel, Payload: incidents.Reported{Incident: r}}})
	if err != nil {
		t.Fatal(err)
	}
	return es[0]
}

func site(parties ...string) notify.SiteInput {
	return notify.SiteInput{Site: notify.Site{Kind: "hospital", Names: map[string]string{"en": "M10 hospital"},
		Location: json.RawMessage(`{"type":"Point","coordinates":[37.15,36.2]}`), BufferM: 500, Parties: parties}}
}

func TestNotifiedSiteAffectedRaisedOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s, err := f.notify.NotifySite(ctx, testnode.As("ngo", access.RoleReporter), site("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(2 * time.Hour)
	green := access.Releasability{TLP: access.TLPGreen}
	now := f.env.Clock.Now()
	near := f.report(t, "inc_near", now.Add(-time.Hour), 37.152, 36.2, "ru", green) // affected
	f.report(t, "inc_before", now.Add(-3*time.Hour), 37.152, 36.2, "ru", green)     // before notification
	f.report(t, "inc_far", now.Add(-time.Hour), 37.25, 36.2, "ru", green)           // outside the buffer
	f.report(t, "inc_other", now.Add(-time.Hour), 37.152, 36.2, "xx", green)        // not notified to xx
	f.report(t, "inc_hidden", now.Add(-time.Hour), 37.151, 36.2, "ru",              // visible to us only
		access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}})
	if n := f.mon.Drain(ctx); n != 2 {
		t.Fatalf("raised %d alerts, want 2", n)
	}
	// Seeing the same incident again (a replay, a restart) raises nothing new.
	f.mon.Observe([]*ledger.Entry{near})
	if n := f.mon.Drain(ctx); n != 0 {
		t.Fatalf("a second report of the same incident raised %d alerts", n)
	}
	as, err := allAlerts(ctx, f.alerts, testnode.As("ngo", access.RoleLiaison), alerts.Filter{})
	if err != nil || len(as) != 1 {
		t.Fatalf("ngo sees %d alerts (%v), want 1 (the hidden incident's alert is not releasable to ngo)", len(as), err)
	}
	a := as[0]
	if a.Kind != alerts.KindSiteAffected || a.Severity != alerts.SeverityExtreme || len(a.Links) != 2 || a.Links[1].ID != s.ID {
		t.Fatalf("alert %+v", a)
	}
	if got := a.Concerned; len(got) != 3 || got[0] != "ngo" || got[1] != "ru" || got[2] != "us" {
		t.Fatalf("concerned %v", got)
	}
	// What it is about comes back from the store as structured fields.
	if ab := a.About; ab == nil || ab.Incident != "inc_near" || ab.Site != s.ID || ab.SiteNames["en"] != "M10 hospital" || ab.Party != "ru" || ab.DistanceM != 500 {
		t.Fatalf("about %+v", a.About)
	}
	if _, err := f.alerts.Get(ctx, testnode.As("xx", access.RoleLiaison), a.ID); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("outsider reads the alert: %v", err)
	}
	us, _ := allAlerts(ctx, f.alerts, testnode.As("us", access.RoleLiaison), alerts.Filter{})
	if len(us) != 2 {
		t.Fatalf("us sees %d alerts, want 2", len(us))
	}
	c, _ := f.alerts.Count(ctx, testnode.As("ngo", access.RoleObserver))
	if c.Total != 1 || c.Pending != 1 {
		t.Fatalf("ngo counts %+v", c)
	}
}

func TestOverdueAlertsAndEscalation(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	n, err := f.notify.NotifySite(ctx, testnode.As("ngo", access.RoleReporter), site("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.notify.Acknowledge(ctx, testnode.As("us", access.RoleLiaison), notify.TypeSite, n.ID, 1); err != nil {
		t.Fatal(err)
	}
	if r, _ := f.mon.Tick(ctx); r != 0 {
		t.Fatalf("raised %d before the deadline", r)
	}
	f.env.Clock.Advance(25 * time.Hour)
	if r, err := f.mon.Tick(ctx); r != 1 || err != nil {
		t.Fatalf("first overdue tick raised %d (%v), want 1", r, err)
	}
	if r, _ := f.mon.Tick(ctx); r != 0 {
		t.Fatalf("second tick raised %d again", r)
	}
	as, _ := allAlerts(ctx, f.alerts, testnode.As("ngo", access.RoleLiaison), alerts.Filter{Kind: alerts.KindAckOverdue})
	if len(as) != 1 || as[0].Severity != alerts.SeverityModerate {
		t.Fatalf("overdue alerts %+v", as)
	}
	a := as[0]
	ru := testnode.As("ru", access.RoleLiaison)
	steps := []struct {
		name string
		by   access.Principal
		want error
	}{
		{"observer may not", testnode.As("ru", access.RoleObserver), fault.ErrForbidden},
		{"outsider cannot see", testnode.As("xx", access.RoleLiaison), fault.ErrNotFound},
		{"ru acknowledges", ru, nil},
		{"twice", ru, fault.ErrConflict},
	}
	for _, st := range steps {
		if _, err := f.alerts.Acknowledge(ctx, st.by, a.ID, "seen"); !errors.Is(err, st.want) && (st.want != nil || err != nil) {
			t.Fatalf("%s: %v, want %v", st.name, err, st.want)
		}
	}
	// ngo, us and ru are concerned; us and ngo have not acknowledged: after
	// 12 h (moderate) it escalates to severe, then after 4 h to extreme, then
	// no further.
	for i, want := range []alerts.Severity{alerts.SeverityModerate, alerts.SeveritySevere, alerts.SeverityExtreme, alerts.SeverityExtreme} {
		got, _ := f.alerts.Get(ctx, ru, a.ID)
		if got.Severity != want || got.Level != min(i, 2) {
			t.Fatalf("step %d: severity %s level %d, want %s", i, got.Severity, got.Level, want)
		}
		f.env.Clock.Advance(13 * time.Hour)
		if _, err := f.alerts.Escalate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Once everyone acknowledges, the alert is closed for escalation.
	for _, p := range []string{"us", "ngo"} {
		if _, err := f.alerts.Acknowledge(ctx, testnode.As(p, access.RoleLiaison), a.ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := f.alerts.Get(ctx, ru, a.ID)
	if got.Status != alerts.StatusAcknowledged {
		t.Fatalf("status %s after every acknowledgement", got.Status)
	}
}

func TestRaiseIsIdempotentAndValidated(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	spec := alerts.Spec{Key: "air_conflict:f1:f2", Kind: alerts.KindAirConflict, Severity: alerts.SeveritySevere, Title: "Conflict",
		Concerned: []string{"us", "ru"}, Causes: []access.Releasability{{TLP: access.TLPGreen}}}
	a, fresh, err := f.alerts.Raise(ctx, spec)
	if err != nil || !fresh {
		t.Fatalf("raise: %v %v", fresh, err)
	}
	b, fresh, err := f.alerts.Raise(ctx, spec)
	if err != nil || fresh || b.ID != a.ID {
		t.Fatalf("second raise: %v %v %v", fresh, err, b)
	}
	bad := spec
	bad.Severity = "apocalyptic"
	var inv *fault.InvalidError
	if _, _, err := f.alerts.Raise(ctx, bad); !errors.As(err, &inv) {
		t.Fatalf("bad severity: %v", err)
	}
	hidden := spec
	hidden.Key = "k2"
	hidden.Causes = []access.Releasability{{TLP: access.TLPRed, Audience: []string{"un"}}}
	if _, _, err := f.alerts.Raise(ctx, hidden); !errors.Is(err, alerts.ErrNoAudience) {
		t.Fatalf("no audience: %v", err)
	}
}

// allAlerts returns every alert matching f that by may see: one page of
// the largest size, which must be the last.
func allAlerts(ctx context.Context, s *alerts.Service, by access.Principal, f alerts.Filter) ([]alerts.Alert, error) {
	p, err := s.ListPage(ctx, by, f, nil)
	if err != nil {
		return nil, err
	}
	if p.Next != "" {
		return nil, errors.New("more alerts than one page")
	}
	return p.Items, nil
}
