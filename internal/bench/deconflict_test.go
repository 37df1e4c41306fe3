package bench

import (
	"context"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/deconflict"
	"truce/internal/flights"
)

// BenchmarkTrackUpdates measures position reports/s for 10,000 tracks:
// "api" posts batches of 2,000 over loopback to a real node (SQLite, the
// conflict tick running every second), "service" is the same ingestion
// path in process, "api-stream" the same reports over one NDJSON stream
// per party, and "engine" the engine alone (the baseline). Each
// reports updates/s; run with
//
//	go test ./internal/bench -run '^$' -bench TrackUpdates -benchtime 3x
func BenchmarkTrackUpdates(b *testing.B) {
	const n, batch = 10_000, 2_000
	reps, radius := TrackTraffic(13, n, time.Now())
	b.Run("engine", func(b *testing.B) {
		e, err := NewEngine(radius)
		if err != nil {
			b.Fatal(err)
		}
		k := 0
		for b.Loop() {
			for range batch {
				r := &reps[k%n]
				r.Time = r.Time.Add(time.Millisecond)
				if err := e.UpdateTrack(*r); err != nil {
					b.Fatal(err)
				}
				k++
			}
		}
		b.ReportMetric(float64(k)/b.Elapsed().Seconds(), "updates/s")
	})
	b.Run("service", func(b *testing.B) {
		svc, err := flights.NewService(flights.Deps{Config: flights.Config{Engine: deconflict.Config{CentreLat: trafficLat, CentreLon: trafficLon, MaxRadius: radius}}})
		if err != nil {
			b.Fatal(err)
		}
		by := access.Principal{UserID: "bench", Party: "us", Role: access.RoleReporter}
		var ins []flights.TrackInput
		for _, r := range reps {
			if r.Party == "us" {
				gs, trk := r.GroundSpeedMS, r.TrackDeg
				ins = append(ins, flights.TrackInput{ID: r.ID, Lat: r.Lat, Lon: r.Lon, AltFt: r.AltFt, GroundSpeedMPS: &gs, TrackDeg: &trk})
			}
		}
		k, loop := 0, 0
		t0 := time.Now()
		for b.Loop() {
			// A millisecond per batch (each track is in at most one batch of
			// any two), not per report: the reports must stay within
			// flights.MaxTrackLead of the clock however long the run.
			ts := t0.Add(time.Duration(loop) * time.Millisecond).Format(time.RFC3339Nano)
			loop++
			in := make([]flights.TrackInput, batch)
			for j := range in {
				in[j] = ins[k%len(ins)]
				in[j].Time = ts
				k++
			}
			if _, err := svc.Ingest(by, in); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(k)/b.Elapsed().Seconds(), "updates/s")
	})
	b.Run("api", func(b *testing.B) {
		ctx := context.Background()
		node, err := StartTrackNode(ctx, b.TempDir(), radius)
		if err != nil {
			b.Fatal(err)
		}
		defer node.Close()
		if _, _, err := APITrackUpdates(ctx, node, reps, batch, 2, time.Millisecond); err != nil {
			b.Fatal(err)
		}
		if err := node.App.Flights.Tick(ctx); err != nil {
			b.Fatal(err)
		}
		var total float64
		for b.Loop() {
			rate, _, err := APITrackUpdates(ctx, node, reps, batch, 2, time.Second)
			if err != nil {
				b.Fatal(err)
			}
			total += rate
		}
		b.ReportMetric(total/float64(b.N), "updates/s")
		b.ReportMetric(HeapMiB(), "heap-MiB")
	})
	// The same over one long-lived NDJSON stream per party (the batches of
	// "api" are its baseline in the same run).
	b.Run("api-stream", func(b *testing.B) {
		ctx := context.Background()
		node, err := StartTrackNode(ctx, b.TempDir(), radius)
		if err != nil {
			b.Fatal(err)
		}
		defer node.Close()
		if _, err := APITrackStream(ctx, node, reps, 100*time.Millisecond); err != nil {
			b.Fatal(err)
		}
		if err := node.App.Flights.Tick(ctx); err != nil {
			b.Fatal(err)
		}
		var total float64
		for b.Loop() {
			rate, err := APITrackStream(ctx, node, reps, time.Second)
			if err != nil {
				b.Fatal(err)
			}
			total += rate
		}
		b.ReportMetric(total/float64(b.N), "updates/s")
	})
}

// TestTrafficIsDeterministic: the generators print nothing random; the
// same seed gives the same traffic.
func TestTrafficIsDeterministic(t *testing.T) {
	a, b := Traffic(42, 50, time.Hour, "p"), Traffic(42, 50, time.Hour, "p")
	for i := range a {
		if a[i].Waypoints[5] != b[i].Waypoints[5] || a[i].Party != b[i].Party {
			t.Fatalf("plan %d differs", i)
		}
	}
	e, err := NewEngine(0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Load(a); err != nil {
		t.Fatalf("generated plans are invalid: %v", err)
	}
}

// TestUpdatesRunsEveryPath runs the in-process position-update figure
// briefly: the engine, the service's batch ingestion (which refuses
// reports timed ahead of its clock) and the baseline must all run.
func TestUpdatesRunsEveryPath(t *testing.T) {
	engine, service, baseline, err := Updates(3000, 500, 100*time.Millisecond, func(string, ...any) {})
	if err != nil {
		t.Fatal(err)
	}
	if engine <= 0 || service <= 0 || baseline <= 0 {
		t.Fatalf("rates %v, %v, %v", engine, service, baseline)
	}
}
