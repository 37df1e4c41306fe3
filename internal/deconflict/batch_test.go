package deconflict

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBatchAtSlabBoundaries checks the batch path's copies of segments
// (gseg) against the incremental path, which reads the trajectories, on
// the cases where the copies are most likely to go wrong: waypoints exactly
// on slab boundaries (the epoch is a multiple of the 60 s slab), a waypoint
// inside a slab, more waypoints in one slab than a gseg holds, a zero-length segment on a
// boundary, and plans that meet at a single instant on a boundary. The two
// paths must agree to the bit, and both with the oracle.
func TestBatchAtSlabBoundaries(t *testing.T) {
	type pt = [4]float64
	cases := []struct {
		name string
		a, b []pt
	}{
		{"waypoints on slab boundaries",
			[]pt{{0, 0, 20000, 0}, {12e3, 0, 20000, 60}, {24e3, 0, 20000, 120}, {36e3, 0, 20000, 180}},
			[]pt{{36e3, 2e3, 20000, 0}, {24e3, 2e3, 20000, 60}, {12e3, 2e3, 20000, 120}, {0, 2e3, 20000, 180}}},
		{"waypoints on half slabs, climbing",
			[]pt{{0, 0, 19000, 0}, {6e3, 0, 20000, 30}, {12e3, 0, 21000, 60}, {18e3, 0, 21000, 90}},
			[]pt{{18e3, 1e3, 20500, 0}, {0, 1e3, 20500, 90}}},
		{"a waypoint inside a slab",
			[]pt{{0, 0, 20000, 0}, {6e3, 0, 20000, 30}, {6e3, 6e3, 20000, 75}},
			[]pt{{6e3, 12e3, 20000, 0}, {6e3, -6e3, 20000, 90}}},
		{"five waypoints in one slab",
			[]pt{{0, 0, 20000, 0}, {2e3, 1e3, 20000, 12}, {4e3, 0, 20000, 24}, {6e3, 1e3, 20000, 36}, {8e3, 0, 20000, 48}, {10e3, 1e3, 20000, 60}},
			[]pt{{10e3, 0, 20000, 0}, {0, 0, 20000, 60}}},
		{"zero-length segment on a boundary",
			[]pt{{0, 0, 20000, 0}, {6e3, 0, 20000, 60}, {6e3, 0, 20000, 60}, {12e3, 0, 21000, 120}},
			[]pt{{12e3, 500, 20500, 0}, {0, 500, 20500, 120}}},
		{"meeting at one instant on a boundary",
			[]pt{{0, 0, 20000, 0}, {10e3, 0, 20000, 60}},
			[]pt{{10e3, 0, 20000, 60}, {20e3, 0, 20000, 120}}},
		{"hover across boundaries",
			[]pt{{0, 0, 5000, 0}, {0, 0, 5000, 240}},
			[]pt{{-20e3, 3e3, 5500, 0}, {20e3, 3e3, 5500, 240}}},
	}
	e := newTestEngine(t, nil)
	var plans []FlightPlan
	for i, tc := range cases {
		shift := func(ps []pt) [][4]float64 { // cases 60 km apart, in distinct slabs
			out := make([][4]float64, len(ps))
			for k, p := range ps {
				out[k] = pt{p[0] + float64(i)*60e3, p[1], p[2], p[3] + float64(i)*600}
			}
			return out
		}
		plans = append(plans,
			xyPlan(e.proj, fmt.Sprintf("a%d", i), "us", shift(tc.a)...),
			xyPlan(e.proj, fmt.Sprintf("b%d", i), "ru", shift(tc.b)...))
	}
	for _, p := range plans {
		if _, err := e.AddPlan(p); err != nil {
			t.Fatal(err)
		}
	}
	inc, batch, want := e.Conflicts(), e.AllConflicts(), oracle(e)
	if len(want) < len(cases) {
		t.Fatalf("%d conflicts for %d cases that each have one: the test is vacuous", len(want), len(cases))
	}
	if len(inc) != len(batch) {
		t.Fatalf("incremental %d conflicts, batch %d", len(inc), len(batch))
	}
	for i := range inc {
		if inc[i] != batch[i] {
			t.Errorf("incremental and batch differ:\n %+v\n %+v", inc[i], batch[i])
		}
	}
	if err := sameConflicts(batch, want); err != nil {
		t.Fatal(err)
	}
}

// TestPositionHint checks that a conflict's position does not depend on
// the segment hint it is computed from: any hint, right, early, late or
// out of range, gives segAt's segment.
func TestPositionHint(t *testing.T) {
	e := newTestEngine(t, nil)
	p := xyPlan(e.proj, "a", "us", [4]float64{0, 0, 20000, 0}, [4]float64{10e3, 0, 21000, 60},
		[4]float64{10e3, 0, 21000, 60}, [4]float64{10e3, 10e3, 22000, 120}, [4]float64{0, 10e3, 22000, 180})
	tr, err := e.compile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []float64{0, 30, 60, 90, 120, 150, 180} {
		ts := seconds(at(s))
		want := e.position(tr, ts, -1) // out of range: segAt
		i := tr.segAt(ts)
		for _, hint := range []int32{-1, 0, int32(i), int32(i) - 1, int32(i) + 1, int32(len(tr.segs)), 1 << 20} {
			if got := e.position(tr, ts, hint); got != want {
				t.Errorf("t=%v hint %d: %+v, want %+v", s, hint, got, want)
			}
		}
	}
}

// TestAppendAllConflictsAppends checks that AppendAllConflicts keeps what
// dst holds, appends exactly AllConflicts, and reuses dst's storage.
func TestAppendAllConflictsAppends(t *testing.T) {
	r := rand.New(rand.NewPCG(*seedFlag, 77))
	e := newTestEngine(t, nil)
	tf := traffic{n: 150, waypoints: 8, duration: 1800, spread: 600, half: 40e3, parties: []string{"us", "ru"}}
	if _, err := e.Load(genPlans(r, e.proj, tf)); err != nil {
		t.Fatal(err)
	}
	want := e.AllConflicts()
	if len(want) == 0 {
		t.Fatal("vacuous: no conflicts")
	}
	head := Conflict{A: "kept"}
	got := e.AppendAllConflicts([]Conflict{head})
	if got[0] != head || !slices.Equal(got[1:], want) {
		t.Fatalf("appended %d conflicts after %v, want %d", len(got)-1, got[0], len(want))
	}
	again := e.AppendAllConflicts(got[:0])
	if &again[0] != &got[0] || !slices.Equal(again, want) {
		t.Fatal("the storage of dst was not reused, or the result differs")
	}
}
