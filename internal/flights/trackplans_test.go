package flights

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/deconflict"
)

// seed is the seed of the random traffic; fixed so that failures repeat.
const seed = 20261125

func newTestService(t *testing.T) *Service {
	t.Helper()
	s, err := NewService(Deps{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// randomTracks posts n tracks of parties us and ru in a 40 km box around
// the centre, between 9,000 and 11,000 ft: some with a reported velocity,
// some with a velocity derived from two reports, some with two reports at
// the same time (the engine then keeps the previous velocity).
func randomTracks(t *testing.T, s *Service, rng *rand.Rand, n int, now time.Time) {
	t.Helper()
	for i := range n {
		party := []string{"us", "ru"}[i%2]
		by := access.Principal{UserID: "u-" + party, Username: party + "-liaison", Party: party, Role: access.RoleLiaison, Via: "token"}
		lat := DefaultCentreLat + (rng.Float64()-0.5)*0.4
		lon := DefaultCentreLon + (rng.Float64()-0.5)*0.4
		alt := 9000 + rng.Float64()*2000
		id := fmt.Sprintf("%s-%d", party, i)
		t0 := now.Add(-time.Duration(rng.IntN(20000)) * time.Millisecond)
		in := TrackInput{ID: id, Lat: lat, Lon: lon, AltFt: alt, Time: t0.Format(time.RFC3339Nano)}
		switch i % 3 {
		case 0: // reported velocity
			gs, trk, vr := 50+rng.Float64()*250, rng.Float64()*360, (rng.Float64()-0.5)*3000
			in.GroundSpeedMPS, in.TrackDeg, in.VerticalFPM = &gs, &trk, &vr
			if _, err := s.Ingest(by, []TrackInput{in}); err != nil {
				t.Fatal(err)
			}
		default: // derived from a second report; for i%3 == 2 a third at the same time
			if _, err := s.Ingest(by, []TrackInput{in}); err != nil {
				t.Fatal(err)
			}
			in.Lat += (rng.Float64() - 0.5) * 0.02
			in.Lon += (rng.Float64() - 0.5) * 0.02
			in.AltFt += (rng.Float64() - 0.5) * 200
			in.Time = t0.Add(5 * time.Second).Format(time.RFC3339Nano)
			if _, err := s.Ingest(by, []TrackInput{in}); err != nil {
				t.Fatal(err)
			}
			if i%3 == 2 {
				in.Lat += 0.001
				if _, err := s.Ingest(by, []TrackInput{in}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestTrackPredictionsAreTheEnginesLines checks that the service draws each
// track's prediction along the same line as the engine: the conflicts of
// the predictions as plans equal the engine's own track predictions.
func TestTrackPredictionsAreTheEnginesLines(t *testing.T) {
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	s := newTestService(t)
	now := time.Now().UTC()
	randomTracks(t, s, rng, 120, now)
	want, err := s.eng.Tick(now, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	scratch, _ := deconflict.New(s.cfg.Engine)
	var preds []deconflict.FlightPlan
	for _, lt := range s.live {
		p, ok := s.prediction(lt, now, 5*time.Minute)
		if !ok {
			t.Fatalf("track %s: no prediction", lt.rep.ID)
		}
		preds = append(preds, p)
	}
	if _, err := scratch.Load(preds); err != nil {
		t.Fatal(err)
	}
	got := scratch.Conflicts()
	if len(want) < 5 || len(got) != len(want) {
		t.Fatalf("%d conflicts among the predictions as plans, engine predicts %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i].Conflict, got[i]
		if trackPrefix+w.A != g.A || trackPrefix+w.B != g.B || absDur(w.Start.Sub(g.Start)) > time.Millisecond ||
			absDur(w.End.Sub(g.End)) > time.Millisecond || math.Abs(w.MinHorizontalM-g.MinHorizontalM) > 0.01 {
			t.Errorf("conflict %d: engine %s-%s %s..%s %.3f m; as plans %q-%q %s..%s %.3f m", i, w.A, w.B, w.Start, w.End, w.MinHorizontalM,
				g.A, g.B, g.Start, g.End, g.MinHorizontalM)
		}
	}
}

func absDur(d time.Duration) time.Duration { return max(d, -d) }

// TestTrackPlanConflictsMatchBruteForce checks trackPlanConflicts against
// an all-pairs check that samples every track and plan every 50 ms over
// the look-ahead: the same pairs, the same intervals within 0.1 s.
func TestTrackPlanConflictsMatchBruteForce(t *testing.T) {
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 2))
	s := newTestService(t)
	now := time.Now().UTC().Truncate(time.Second)
	randomTracks(t, s, rng, 40, now)
	p := s.eng.Projection()
	for i := range 40 {
		party := []string{"us", "ru", "un"}[i%3]
		fp := deconflict.FlightPlan{ID: fmt.Sprintf("fpl_%02d", i), Party: party}
		tm := now.Add(time.Duration(rng.IntN(600)-400) * time.Second)
		lat, lon, alt := DefaultCentreLat+(rng.Float64()-0.5)*0.4, DefaultCentreLon+(rng.Float64()-0.5)*0.4, 9000+rng.Float64()*2000
		for range 4 {
			fp.Waypoints = append(fp.Waypoints, deconflict.Waypoint{Lat: lat, Lon: lon, AltFt: alt, Time: tm})
			tm = tm.Add(time.Duration(60+rng.IntN(120)) * time.Second)
			lat, lon, alt = lat+(rng.Float64()-0.5)*0.1, lon+(rng.Float64()-0.5)*0.1, alt+(rng.Float64()-0.5)*1000
		}
		s.hold(fp, 1, "", access.Releasability{})
	}
	la := 5 * time.Minute
	got := s.trackPlanConflicts(now, la)

	// The brute force: positions in the projection, sampled.
	const step = 0.05
	lat, vert := s.cfg.Engine.LateralMinimum, s.cfg.Engine.VerticalMinimum
	type iv struct {
		pair       string
		start, end float64
	}
	var brute []iv
	t0 := seconds(now)
	proj := map[string][][2]float64{}
	for id, fp := range s.heldFP {
		for _, w := range fp.Waypoints {
			x, y := p.Forward(w.Lat, w.Lon)
			proj[id] = append(proj[id], [2]float64{x, y})
		}
	}
	for _, lt := range s.live {
		vx, vy, vz := lt.velocity(s)
		for _, fp := range s.heldFP {
			if fp.Party == lt.rep.Party {
				continue
			}
			in, from := false, 0.0
			for k := 0; k <= int(la.Seconds()/step); k++ {
				tt := t0 + float64(k)*step
				px, py, pz, ok := planAt(proj[fp.ID], &fp, tt)
				d := tt - seconds(lt.rep.Time)
				tx, ty, tz := lt.x+vx*d, lt.y+vy*d, lt.rep.AltFt+vz*d
				lost := ok && math.Hypot(px-tx, py-ty) < lat && math.Abs(pz-tz) < vert
				if lost && !in {
					in, from = true, tt
				} else if !lost && in {
					in = false
					brute = append(brute, iv{lt.rep.ID + "/" + fp.ID, from, tt - step})
				}
			}
			if in {
				brute = append(brute, iv{lt.rep.ID + "/" + fp.ID, from, t0 + la.Seconds()})
			}
		}
	}
	var g []iv
	for _, c := range got {
		if c.Source != "track" || c.Kind != KindConflict || !strings.HasPrefix(c.Subjects[1], "fpl_") {
			t.Fatalf("record %+v", c)
		}
		st, _ := time.Parse(time.RFC3339Nano, c.Start)
		en, _ := time.Parse(time.RFC3339Nano, c.End)
		g = append(g, iv{c.Subjects[0] + "/" + c.Subjects[1], seconds(st), seconds(en)})
	}
	sortIV := func(x []iv) {
		slices.SortFunc(x, func(a, b iv) int {
			if c := strings.Compare(a.pair, b.pair); c != 0 {
				return c
			}
			return int(math.Copysign(1, a.start-b.start))
		})
	}
	sortIV(brute)
	sortIV(g)
	if len(brute) < 3 {
		t.Fatalf("only %d brute-force conflicts: the traffic is too sparse to test anything", len(brute))
	}
	if len(g) != len(brute) {
		t.Fatalf("%d track-plan conflicts, brute force finds %d:\n got %v\nwant %v", len(g), len(brute), g, brute)
	}
	for i := range g {
		if g[i].pair != brute[i].pair || math.Abs(g[i].start-brute[i].start) > 0.1 || math.Abs(g[i].end-brute[i].end) > 0.1 {
			t.Errorf("conflict %d: got %s %.2f..%.2f, brute force %s %.2f..%.2f", i, g[i].pair, g[i].start-t0, g[i].end-t0,
				brute[i].pair, brute[i].start-t0, brute[i].end-t0)
		}
	}
	t.Logf("%d track-plan conflicts among %d tracks and %d plans", len(g), len(s.live), len(s.heldFP))
}

// planAt returns fp's position at time tt in the plane, linear between
// its projected waypoints xy; false outside its time span.
func planAt(xy [][2]float64, fp *deconflict.FlightPlan, tt float64) (x, y, z float64, ok bool) {
	w := fp.Waypoints
	for i := 1; i < len(w); i++ {
		a, b := seconds(w[i-1].Time), seconds(w[i].Time)
		if tt < a || tt > b {
			continue
		}
		f := (tt - a) / (b - a)
		return xy[i-1][0] + (xy[i][0]-xy[i-1][0])*f, xy[i-1][1] + (xy[i][1]-xy[i-1][1])*f, w[i-1].AltFt + (w[i].AltFt-w[i-1].AltFt)*f, true
	}
	return 0, 0, 0, false
}
