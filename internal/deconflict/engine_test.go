package deconflict

import (
	"errors"
	"flag"
	"math/rand/v2"
	"testing"
	"time"
)

var seedFlag = flag.Uint64("seed", 1, "seed of the random property tests")

// TestEngineMatchesOracle adds random traffic (with edge cases) plan by plan
// and checks that the incremental set, the batch recomputation and the
// all-pairs oracle agree.
func TestEngineMatchesOracle(t *testing.T) {
	seed := *seedFlag
	t.Logf("seed %d (rerun with -seed=N)", seed)
	for round := range 4 {
		r := rand.New(rand.NewPCG(seed, uint64(round)))
		e := newTestEngine(t, nil)
		tf := traffic{n: 250, waypoints: 12, duration: 3600, spread: 1800, half: 80e3,
			parties: []string{"us", "ru", "un"}, edge: round%2 == 1}
		plans := genPlans(r, e.proj, tf)
		var inc int
		for _, p := range plans {
			added, err := e.AddPlan(p)
			if err != nil {
				t.Fatal(err)
			}
			inc += len(added)
		}
		want := oracle(e)
		if len(want) == 0 {
			t.Fatal("random traffic produced no conflicts; the test is vacuous")
		}
		got := e.Conflicts()
		if len(got) != inc {
			t.Errorf("round %d: %d conflicts held, %d reported as added", round, len(got), inc)
		}
		if err := sameConflicts(got, want); err != nil {
			t.Fatalf("round %d: incremental vs oracle: %v", round, err)
		}
		if err := sameConflicts(e.AllConflicts(), want); err != nil {
			t.Fatalf("round %d: batch vs oracle: %v", round, err)
		}
		t.Logf("round %d: %d plans, %d conflicts", round, len(plans), len(want))
	}
}

// TestIncrementalEqualsBatch applies random add/update/remove sequences and
// checks after each step that the added/removed deltas replayed give the
// engine's set, which equals the batch recomputation exactly and the oracle
// within tolerance.
func TestIncrementalEqualsBatch(t *testing.T) {
	seed := *seedFlag
	t.Logf("seed %d (rerun with -seed=N)", seed)
	r := rand.New(rand.NewPCG(seed, 99))
	e := newTestEngine(t, nil)
	tf := traffic{n: 300, waypoints: 10, duration: 2400, spread: 1200, half: 60e3, parties: []string{"us", "ru"}, edge: true}
	pool := genPlans(r, e.proj, tf)
	if _, err := e.Load(pool[:100]); err != nil {
		t.Fatal(err)
	}
	held := map[string]FlightPlan{}
	for _, p := range pool[:100] {
		held[p.ID] = p
	}
	mirror := map[Conflict]bool{}
	for _, c := range e.Conflicts() {
		mirror[c] = true
	}
	next := 100
	for step := range 300 {
		var added, removed []Conflict
		var err error
		ids := keys(held)
		switch op := r.IntN(3); {
		case op == 0 && next < len(pool):
			added, err = e.AddPlan(pool[next])
			held[pool[next].ID] = pool[next]
			next++
		case op == 1 && len(ids) > 0:
			id := ids[r.IntN(len(ids))]
			src := pool[r.IntN(len(pool))]
			amended := FlightPlan{ID: id, Party: src.Party, Waypoints: src.Waypoints}
			if r.IntN(2) == 0 { // amend only the tail
				amended = held[id]
				wps := append([]Waypoint(nil), amended.Waypoints...)
				wps[len(wps)-1].AltFt += 2000
				wps[len(wps)-1].Time = wps[len(wps)-1].Time.Add(30 * time.Second)
				amended.Waypoints = wps
			}
			added, removed, err = e.UpdatePlan(amended)
			held[id] = amended
		case len(ids) > 0:
			id := ids[r.IntN(len(ids))]
			removed, err = e.RemovePlan(id)
			delete(held, id)
		}
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		for _, c := range removed {
			if !mirror[c] {
				t.Fatalf("step %d: removed a conflict that was not held: %+v", step, c)
			}
			delete(mirror, c)
		}
		for _, c := range added {
			mirror[c] = true
		}
		got := e.Conflicts()
		if len(got) != len(mirror) {
			t.Fatalf("step %d: engine holds %d conflicts, deltas give %d", step, len(got), len(mirror))
		}
		for _, c := range got {
			if !mirror[c] {
				t.Fatalf("step %d: conflict not in replayed deltas: %+v", step, c)
			}
		}
		if step%25 == 0 || step == 299 {
			batch := e.AllConflicts()
			if len(batch) != len(got) {
				t.Fatalf("step %d: batch %d conflicts, incremental %d", step, len(batch), len(got))
			}
			for i := range got {
				if got[i] != batch[i] {
					t.Fatalf("step %d: incremental and batch differ:\n %+v\n %+v", step, got[i], batch[i])
				}
			}
			if err := sameConflicts(got, oracle(e)); err != nil {
				t.Fatalf("step %d: vs oracle: %v", step, err)
			}
		}
	}
}

func keys(m map[string]FlightPlan) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

func TestEngineErrors(t *testing.T) {
	e := newTestEngine(t, nil)
	p := xyPlan(e.proj, "a", "us", [4]float64{0, 0, 20000, 0}, [4]float64{10e3, 0, 20000, 100})
	if _, err := e.AddPlan(p); err != nil {
		t.Fatal(err)
	}
	if _, err := e.AddPlan(p); !errors.Is(err, ErrExists) {
		t.Errorf("second add: %v, want ErrExists", err)
	}
	q := p
	q.ID = "b"
	if _, _, err := e.UpdatePlan(q); !errors.Is(err, ErrNotFound) {
		t.Errorf("update missing: %v, want ErrNotFound", err)
	}
	if _, err := e.RemovePlan("b"); !errors.Is(err, ErrNotFound) {
		t.Errorf("remove missing: %v, want ErrNotFound", err)
	}
	if _, err := e.Load([]FlightPlan{q, q}); err == nil || e.Plans() != 1 {
		t.Errorf("load with duplicate ids: %v, %d plans", err, e.Plans())
	}
	bad := p
	bad.Waypoints = nil
	if _, _, err := e.UpdatePlan(bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("update invalid: %v, want ErrInvalid", err)
	}
	if _, err := New(Config{CentreLat: 95}); err == nil {
		t.Error("config with latitude 95 accepted")
	}
}
