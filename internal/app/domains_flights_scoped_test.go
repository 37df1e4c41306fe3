package app

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"truce/internal/flights"
)

// TestPlanReconcileIsScopedAndComplete files, amends and cancels random
// plans of two parties through the API. Each operation reconciles only
// that plan's records; after the sequence the open plan conflicts must be
// exactly the engine's set, and a restart (which reconciles everything
// from scratch) must find nothing to raise or clear.
func TestPlanReconcileIsScopedAndComplete(t *testing.T) {
	const seed = 7
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	n := newTestNode(t)
	t0 := flightTimes()
	type held struct{ id, user, etag string }
	var plans []held
	randomLine := func() map[string]any {
		lat0, lon0 := 34.8+r.Float64()*0.4, 37.2+r.Float64()*0.6
		lat1, lon1 := 34.8+r.Float64()*0.4, 37.2+r.Float64()*0.6
		alt := float64(18000 + 1000*r.IntN(5))
		return line(lat0, lon0, lat1, lon1, alt, t0.Add(time.Duration(r.IntN(20))*time.Minute), 30*time.Minute, nil)
	}
	for i := range 60 {
		switch op := r.IntN(4); {
		case op <= 1 || len(plans) < 4: // file
			user := []string{"us-liaison", "ru-liaison"}[i%2]
			code, body, hdr := n.do("POST", "/api/v1/flightplans", user, randomLine())
			if code != 201 {
				t.Fatalf("file: %d %s", code, body)
			}
			p := decodeAs[flights.Plan](t, body)
			plans = append(plans, held{p.ID, user, hdr.Get("ETag")})
		case op == 2: // amend
			k := r.IntN(len(plans))
			code, body, hdr := n.do2("PUT", "/api/v1/flightplans/"+plans[k].id, plans[k].user, withIfMatch(randomLine(), plans[k].etag))
			if code != 200 {
				t.Fatalf("amend: %d %s", code, body)
			}
			plans[k].etag = hdr.Get("ETag")
		default: // cancel
			k := r.IntN(len(plans))
			code, body, _ := n.do2("POST", "/api/v1/flightplans/"+plans[k].id+"/cancel", plans[k].user, withIfMatch(map[string]any{"reason": "test"}, plans[k].etag))
			if code != 200 {
				t.Fatalf("cancel: %d %s", code, body)
			}
			plans = slices.Delete(plans, k, k+1)
		}
	}
	key := func(a, b, start, end string) string { return fmt.Sprintf("%s|%s|%s|%s", a, b, start, end) }
	var want []string
	for _, c := range n.app.Flights.Engine().Conflicts() {
		want = append(want, key(c.A, c.B, c.Start.UTC().Format(time.RFC3339Nano), c.End.UTC().Format(time.RFC3339Nano)))
	}
	if len(want) < 5 {
		t.Fatalf("only %d conflicts: the test is too sparse to mean anything", len(want))
	}
	var got []string
	for _, c := range n.conflicts("us-liaison", "?kind=conflict&status=open&limit=1000") {
		if c.Source == "plan" {
			got = append(got, key(c.Subjects[0], c.Subjects[1], c.Start, c.End))
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("open plan conflicts differ from the engine's set:\n got %d %v\nwant %d %v", len(got), got, len(want), want)
	}
	before := n.app.Hashes.Size()
	n.restart()
	if after := n.app.Hashes.Size(); after != before {
		t.Fatalf("a full reconcile after restart appended %d entries: the scoped reconciles missed them", after-before)
	}
	t.Logf("%d plans held, %d conflicts open, %d entries", len(plans), len(want), before)
}
