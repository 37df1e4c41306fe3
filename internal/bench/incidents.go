package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"truce/internal/access"
	"truce/internal/incidents"
)

// FillIncidents reports n random incidents as by (a reporter, analyst or
// liaison of its party) through svc.Import, in all-or-nothing imports of
// 5,000, so that every incident is a real log entry with its projection.
// Incidents lie over 500 × 500 km (36–40.5°E, 33–37.5°N) and the year 2016,
// 30% of them in ten hotspots, in every category, half of them GREEN and
// half CLEAR. The same seed gives the same incidents. It returns the first
// error of an import, or an error naming the first invalid row.
func FillIncidents(ctx context.Context, svc *incidents.Service, by access.Principal, n int, seed uint64, say Progress) error {
	return FillIncidentsReleasable(ctx, svc, by, n, seed, []access.Releasability{{TLP: access.TLPGreen}, {TLP: access.TLPClear}}, say)
}

// FillIncidentsReleasable is FillIncidents with each incident's
// releasability drawn uniformly from labels (which must not be empty): the
// same seed and labels give the same incidents, and FillIncidents is this
// with GREEN and CLEAR.
func FillIncidentsReleasable(ctx context.Context, svc *incidents.Service, by access.Principal, n int, seed uint64, labels []access.Releasability, say Progress) error {
	rng := rand.New(rand.NewPCG(seed, seed))
	hot := make([][2]float64, 10)
	for i := range hot {
		hot[i] = [2]float64{36.5 + rng.Float64()*3.5, 33.5 + rng.Float64()*3.5}
	}
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	precisions := []string{incidents.TimeHour, incidents.TimeDay, incidents.TimeWeek}
	const batch = 5000
	for off := 0; off < n; off += batch {
		rows := make([]incidents.Row, 0, min(batch, n-off))
		for k := off; k < min(off+batch, n); k++ {
			lon, lat := 36+rng.Float64()*4.5, 33+rng.Float64()*4.5
			if rng.IntN(10) < 3 {
				h := hot[rng.IntN(len(hot))]
				lon, lat = h[0]+rng.NormFloat64()*0.05, h[1]+rng.NormFloat64()*0.05
			}
			loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{lon, lat}})
			rel := labels[rng.IntN(len(labels))]
			rows = append(rows, incidents.Row{Row: k + 1, Incident: incidents.NewIncident{
				ExternalID: fmt.Sprintf("bench-%d-%d", seed, k),
				Category:   incidents.Categories[rng.IntN(len(incidents.Categories))],
				Time: incidents.TimeSpan{Start: start.Add(time.Duration(rng.Int64N(366*86400)) * time.Second).Format(time.RFC3339),
					Precision: precisions[rng.IntN(len(precisions))]},
				Location: loc, LocationPrecision: "exact",
				Perpetrator:   incidents.Perpetrator{Kind: "unknown"},
				Narrative:     fmt.Sprintf("Illustrative benchmark incident %d near marker %d.", k, rng.IntN(100)),
				Sources:       []incidents.Source{{Name: "bench monitor", Reliability: "B", Credibility: 2}},
				Releasability: &rel,
			}})
		}
		rep, err := svc.Import(ctx, by, rows, nil, incidents.ImportOptions{})
		if err != nil {
			return fmt.Errorf("bench: import incidents %d–%d: %w", off+1, off+len(rows), err)
		}
		if len(rep.Errors) > 0 {
			return fmt.Errorf("bench: import incidents: row %d: %+v", rep.Errors[0].Row, rep.Errors[0])
		}
		if say != nil {
			say("incidents: %d of %d reported", off+len(rows), n)
		}
	}
	return nil
}

// IncidentPagePath returns the path of a random API page of 100 incidents:
// the newest of a random category, or (every other call on average) those
// after a random cursor in 2016, as a client paging through a listing does.
func IncidentPagePath(r *rand.Rand) string {
	p := "/api/v1/incidents?limit=100&category=" + string(incidents.Categories[r.IntN(len(incidents.Categories))])
	if r.IntN(2) == 0 {
		t0 := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + r.Int64N(366*86400)
		p += "&cursor=" + incidents.Cursor{T0: t0, N: 1 << 40}.String()
	}
	return p
}
