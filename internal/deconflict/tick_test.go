package deconflict

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestTickMatchesOracle checks Tick against all pairs of the same straight-
// line predictions, on random tracks with given and derived velocities.
func TestTickMatchesOracle(t *testing.T) {
	seed := *seedFlag
	t.Logf("seed %d (rerun with -seed=N)", seed)
	r := rand.New(rand.NewPCG(seed, 7))
	e := newTestEngine(t, nil)
	parties := []string{"us", "ru", "un"}
	for i := range 600 {
		x, y := (r.Float64()*2-1)*100e3, (r.Float64()*2-1)*100e3
		lat, lon := e.proj.Inverse(x, y)
		h := r.Float64() * 2 * math.Pi
		rep := TrackReport{ID: fmt.Sprintf("t%03d", i), Party: parties[i%3], Lat: lat, Lon: lon,
			AltFt: flightLevel(r, h), Time: at(-r.Float64() * 20)}
		if i%2 == 0 {
			rep.HasVelocity, rep.GroundSpeedMS, rep.TrackDeg, rep.VerticalRateFPM = true, 100+r.Float64()*150, h*180/math.Pi, float64(r.IntN(3)-1)*1000
		}
		if err := e.UpdateTrack(rep); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 { // a second report 10 s later: velocity derived
			v := 100 + r.Float64()*150
			rep.Lat, rep.Lon = e.proj.Inverse(x+v*10*math.Sin(h), y+v*10*math.Cos(h))
			rep.Time = rep.Time.Add(10 * time.Second)
			if err := e.UpdateTrack(rep); err != nil {
				t.Fatal(err)
			}
		}
	}
	now := at(0)
	got, err := e.Tick(now, 300*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t0 := seconds(now)
	want := oracleOf(&e.core, e.tracks.predict(t0, t0+300))
	if len(want) == 0 {
		t.Fatal("no predicted conflicts: vacuous")
	}
	cs := make([]Conflict, len(got))
	for i, p := range got {
		cs[i] = p.Conflict
		if ttl := p.Start.Sub(now); absDur(ttl-p.TimeToLoss) > time.Millisecond || p.TimeToLoss < 0 || p.TimeToLoss > 300*time.Second {
			t.Errorf("time to loss %v for start %v", p.TimeToLoss, p.Start)
		}
	}
	if err := sameConflicts(cs, want); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d predicted conflicts", len(got))
}

func absDur(d time.Duration) time.Duration { return max(d, -d) }

func TestTrackLifecycle(t *testing.T) {
	e := newTestEngine(t, func(c *Config) { c.TrackTTL = 30 * time.Second })
	lat, lon := e.proj.Inverse(0, 0)
	a := TrackReport{ID: "a", Party: "us", Lat: lat, Lon: lon, AltFt: 20000, Time: at(0), HasVelocity: true, GroundSpeedMS: 200, TrackDeg: 90}
	lat2, lon2 := e.proj.Inverse(60e3, 0)
	b := TrackReport{ID: "b", Party: "ru", Lat: lat2, Lon: lon2, AltFt: 20000, Time: at(0), HasVelocity: true, GroundSpeedMS: 200, TrackDeg: 270}
	for _, r := range []TrackReport{a, b} {
		if err := e.UpdateTrack(r); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := e.Tick(at(0), 0)
	if err != nil || len(ps) != 1 {
		t.Fatalf("tick: %v, %+v", err, ps)
	}
	// Closing at 400 m/s from 60 km: loss at (60000-9260)/400 s.
	if want := (60e3 - DefaultLateralMinimum) / 400; math.Abs(ps[0].TimeToLoss.Seconds()-want) > 0.5 {
		t.Errorf("time to loss %v, want %.1fs (convergence or scale error)", ps[0].TimeToLoss, want)
	}
	stale := a
	stale.Time = at(-1)
	if err := e.UpdateTrack(stale); !errors.Is(err, ErrStale) {
		t.Errorf("stale report: %v", err)
	}
	bad := a
	bad.Lat = math.Inf(1)
	if err := e.UpdateTrack(bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad report: %v", err)
	}
	a.Time = at(40)
	if err := e.UpdateTrack(a); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Tick(at(40), time.Minute); err != nil || e.Tracks() != 1 {
		t.Errorf("after expiry %d tracks (%v), want 1", e.Tracks(), err)
	}
	if _, err := e.Tick(at(40), -time.Second); err == nil {
		t.Error("negative look-ahead accepted")
	}
}
