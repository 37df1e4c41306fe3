package deconflict

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPlanScopedQueriesMatchTheWholeSets checks that each plan's
// PlanConflicts, PlanIntrusions and PlanAdvisories are exactly its share
// of Conflicts, Intrusions and Advisories.
func TestPlanScopedQueriesMatchTheWholeSets(t *testing.T) {
	seed := *seedFlag
	t.Logf("seed %d (rerun with -seed=N)", seed)
	r := rand.New(rand.NewPCG(seed, 5))
	e := newTestEngine(t, nil)
	tf := traffic{n: 120, waypoints: 8, duration: 1800, spread: 900, half: 40e3, parties: []string{"us", "ru"}, edge: true}
	plans := genPlans(r, e.proj, tf)
	if _, err := e.Load(plans); err != nil {
		t.Fatal(err)
	}
	lat, lon := e.proj.Inverse(0, 0)
	if err := e.AddReservation(Reservation{ID: "res-1", Party: "un", MinAltFt: 0, MaxAltFt: 45000,
		Ring: [][2]float64{{lon - 0.1, lat - 0.1}, {lon + 0.1, lat - 0.1}, {lon + 0.1, lat + 0.1}, {lon - 0.1, lat + 0.1}, {lon - 0.1, lat - 0.1}},
		From: at(0), To: at(4000)}); err != nil {
		t.Fatal(err)
	}
	sites := []ProtectedSite{{ID: "site-1", Lat: lat, Lon: lon, RadiusM: 20000}}
	opt := AdvisoryOptions{SiteCeilingFt: 30000}
	all, ins := e.Conflicts(), e.Intrusions()
	advs, err := e.Advisories(sites, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 || len(ins) == 0 || len(advs) == 0 {
		t.Fatalf("vacuous: %d conflicts, %d intrusions, %d advisories", len(all), len(ins), len(advs))
	}
	for _, p := range plans {
		var wantC []Conflict
		for _, c := range all {
			if c.A == p.ID || c.B == p.ID {
				wantC = append(wantC, c)
			}
		}
		if got := e.PlanConflicts(p.ID); !slices.Equal(got, wantC) {
			t.Fatalf("%s: PlanConflicts %d, want %d", p.ID, len(got), len(wantC))
		}
		var wantI []Intrusion
		for _, in := range ins {
			if in.Subject == p.ID {
				wantI = append(wantI, in)
			}
		}
		if got := e.PlanIntrusions(p.ID); !slices.Equal(got, wantI) {
			t.Fatalf("%s: PlanIntrusions %v, want %v", p.ID, got, wantI)
		}
		var wantA []Advisory
		for _, a := range advs {
			if a.Subject == p.ID {
				wantA = append(wantA, a)
			}
		}
		got, err := e.PlanAdvisories(p.ID, sites, nil, opt)
		if err != nil || !slices.EqualFunc(got, wantA, func(x, y Advisory) bool {
			return x.Subject == y.Subject && x.Ref == y.Ref && x.Start.Equal(y.Start) && x.End.Equal(y.End)
		}) {
			t.Fatalf("%s: PlanAdvisories %v (%v), want %v", p.ID, got, err, wantA)
		}
	}
	if got := e.PlanConflicts("no-such-plan"); got != nil {
		t.Fatalf("unknown plan: %v", got)
	}
}
