package alerts_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
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
				NodeParty: tc.nodeParty, Hosted: tc.hosted})
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
