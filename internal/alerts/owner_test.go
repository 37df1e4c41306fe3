package alerts_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/hosting"
	"truce/internal/testnode"
)

// TestAlertLoggedUnderNodeParty checks the party an alert's entries are
// logged under. A hosted node logs them under the first party of the
// audience, as before. A party node logs them under its own party, or, if
// that party may not see every cause, under a party it hosts that may; and
// refuses an alert none of its parties may see. The parties concerned are
// always those derived from the spec, and the escalation is logged under
// the party the alert was raised under.
func TestAlertLoggedUnderNodeParty(t *testing.T) {
	ctx := context.Background()
	green := access.Releasability{TLP: access.TLPGreen}
	amber := func(aud ...string) access.Releasability {
		return access.Releasability{TLP: access.TLPAmber, Audience: aud}
	}
	tests := []struct {
		name      string
		nodeParty string
		hosted    []string
		concerned []string
		cause     access.Releasability
		want      string // the party logged under; "" when refused
	}{
		{"hosted node", "", nil, []string{"us", "ru"}, green, "ru"},
		{"party node, not concerned", "us", nil, []string{"ru"}, amber("ru", "us"), "us"},
		{"party node, concerned", "un", []string{"ngo"}, []string{"ru", "un"}, green, "un"},
		{"hosted party sees what the host may not", "un", []string{"ngo"}, []string{"ru", "ngo"}, amber("ngo", "ru"), "ngo"},
		{"no party of the node sees it", "un", nil, []string{"ru"}, amber("ru"), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := testnode.New(t)
			svc := alerts.NewService(alerts.Deps{Store: env.DB.Alerts(), Log: env.Seq, Now: env.Clock.Now,
				NodeParty: tc.nodeParty, Hosted: hosting.New(tc.hosted)})
			spec := alerts.Spec{Key: "air_conflict:c1:1", Kind: alerts.KindAirConflict, Severity: alerts.SeveritySevere,
				Title: "Conflict", Concerned: tc.concerned, Causes: []access.Releasability{tc.cause}}
			size := env.Hashes.Size()
			a, _, err := svc.Raise(ctx, spec)
			if tc.want == "" {
				if !errors.Is(err, alerts.ErrNoNodeParty) || env.Hashes.Size() != size {
					t.Fatalf("raise: %+v, %v, %d entries logged; want ErrNoNodeParty and nothing logged", a, err, env.Hashes.Size()-size)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantConcerned := alerts.Derive(tc.concerned, tc.cause).Audience
			if a.Party != tc.want || !slices.Equal(a.Concerned, wantConcerned) {
				t.Fatalf("alert logged under %q concerning %v, want %q concerning %v", a.Party, a.Concerned, tc.want, wantConcerned)
			}
			env.Clock.Advance(48 * time.Hour)
			if n, err := svc.Escalate(ctx); err != nil || n != 1 {
				t.Fatalf("escalate: %d %v", n, err)
			}
			es, err := env.DB.EntriesBySubject(ctx, alerts.Subject(a.ID))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if e.Entry.Party != tc.want {
					t.Errorf("%s logged under %q, want %q", e.Entry.Kind, e.Entry.Party, tc.want)
				}
			}
			if len(es) != 2 {
				t.Fatalf("%d entries about the alert, want raised and escalated", len(es))
			}
		})
	}
}

// TestMonitorSkipsAlertsNoNodePartyMaySee runs the monitor on the party
// node of us: an incident us may not see (AMBER to ru) near a notified
// site makes an alert no party of this node may log, which is skipped
// (ru's node raises it), not retried forever; the alert of the incident
// reported after it is raised, under us, on the same drain.
func TestMonitorSkipsAlertsNoNodePartyMaySee(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a := alerts.NewService(alerts.Deps{Store: f.env.DB.Alerts(), Log: f.env.Seq, Now: f.env.Clock.Now, NodeParty: "us"})
	mon := alerts.NewMonitor(alerts.MonitorDeps{Alerts: a, Notify: f.notify, Parties: f.env.DB.Access()})
	f.env.OnCommit(mon.Observe)
	if _, err := f.notify.NotifySite(ctx, testnode.As("ngo", access.RoleReporter), site("ru", "us")); err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(2 * time.Hour)
	now := f.env.Clock.Now()
	f.report(t, "inc_ru_only", now.Add(-time.Hour), 37.152, 36.2, "ru", access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru"}})
	f.report(t, "inc_green", now.Add(-time.Hour), 37.151, 36.2, "ru", access.Releasability{TLP: access.TLPGreen})
	if n := mon.Drain(ctx); n != 1 {
		t.Fatalf("raised %d alerts, want the green incident's", n)
	}
	if n := mon.Drain(ctx); n != 0 {
		t.Fatalf("a second drain raised %d alerts: the skipped one was queued again", n)
	}
	as, err := allAlerts(ctx, a, testnode.As("us", access.RoleLiaison), alerts.Filter{})
	if err != nil || len(as) != 1 || as[0].Party != "us" || as[0].Links[0].ID != "inc_green" {
		t.Fatalf("alerts %+v, %v; want the green incident's, under us", as, err)
	}
}
