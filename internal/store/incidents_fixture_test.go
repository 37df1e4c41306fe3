package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/geo"
	"truce/internal/incidents"
)

// fixtureIncident returns a random incident k over a 500 × 500 km square
// (about 4.5° × 4.5° from 36°E 33°N) and the year 2016, 30% of them in ten
// hotspots; one in ten is a polygon (an area of up to 3 km around the
// point) rather than a point, and statuses vary as after verification.
func fixtureIncident(rng *rand.Rand, k int, hotspots []orb.Point) (*IncidentRow, orb.Bound) {
	var p orb.Point
	if rng.IntN(10) < 3 {
		h := hotspots[rng.IntN(len(hotspots))]
		p = orb.Point{h[0] + rng.NormFloat64()*0.05, h[1] + rng.NormFloat64()*0.05}
	} else {
		p = orb.Point{36 + rng.Float64()*4.5, 33 + rng.Float64()*4.5}
	}
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(366*86400)) * time.Second)
	prec := incidents.TimePrecisions[rng.IntN(len(incidents.TimePrecisions))]
	var g orb.Geometry = p
	if rng.IntN(10) == 0 {
		g = geo.Circle(p, 200+rng.Float64()*2800, 8)
	}
	loc, _ := json.Marshal(map[string]any{"type": g.GeoJSONType(), "coordinates": g})
	status := incidents.Statuses[rng.IntN(len(incidents.Statuses))]
	if rng.IntN(2) == 0 {
		status = incidents.StatusReported
	}
	cats := incidents.Categories
	tlps := []access.TLP{access.TLPClear, access.TLPGreen, access.TLPAmber, access.TLPRed}
	parties := []string{"us", "ru", "un"}
	r := &incidents.Report{ID: fmt.Sprintf("inc_%07d", k), Key: fmt.Sprintf("k%d", k), Category: cats[rng.IntN(len(cats))],
		Time:     incidents.TimeSpan{Start: start.Format(time.RFC3339), Precision: prec},
		Location: loc, LocationPrecision: "exact", Narrative: fmt.Sprintf("report %d word%d", k, rng.IntN(50)),
		Perpetrator: incidents.Perpetrator{Kind: "unknown"}}
	if rng.IntN(2) == 0 {
		r.Perpetrator = incidents.Perpetrator{Kind: "party", Party: parties[rng.IntN(3)]}
	}
	if rng.IntN(3) == 0 {
		k, i := rng.IntN(20), rng.IntN(40)
		r.Casualties = []incidents.Casualty{{Outcome: "killed", Group: "civilian", Min: k, Max: k + rng.IntN(5), Source: "local"},
			{Outcome: "injured", Group: "unknown", Min: i, Max: i + 3, Source: "local"}}
	}
	tlp := tlps[rng.IntN(len(tlps))]
	party := parties[rng.IntN(3)]
	var aud []string
	if tlp != access.TLPClear && tlp != access.TLPGreen {
		aud = access.Releasability{TLP: tlp, Audience: []string{parties[rng.IntN(3)]}}.Normalize(party).Audience
	}
	return &IncidentRow{N: int64(k + 1), Report: r, Party: party, Author: party + "-reporter",
		ReportedAt: "2016-12-31T00:00:00Z", TLP: string(tlp), Audience: aud, Seq: int64(k + 1), Status: status}, g.Bound()
}

// fixtureZones returns the zones (among z0…z9) an incident is linked to:
// none for most, up to three for the others.
func fixtureZones(rng *rand.Rand) []string {
	if rng.IntN(4) != 0 {
		return nil
	}
	var zs []string
	for range 1 + rng.IntN(3) {
		if z := fmt.Sprintf("z%d", rng.IntN(10)); !slices.Contains(zs, z) {
			zs = append(zs, z)
		}
	}
	slices.Sort(zs)
	return zs
}

// fillIncidents writes n random incidents straight into the projection
// tables in one transaction (no log), with random zone links among zones
// z0…z9 (fixtureZones: not attributions by geometry, which
// zones_attribution_test.go tests), and returns what it wrote.
func fillIncidents(t testing.TB, d *DB, n int, seed uint64) ([]incidents.Incident, []orb.Bound) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, seed))
	hot := make([]orb.Point, 10)
	for i := range hot {
		hot[i] = orb.Point{36.5 + rng.Float64()*3.5, 33.5 + rng.Float64()*3.5}
	}
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	all := make([]incidents.Incident, 0, n)
	bounds := make([]orb.Bound, 0, n)
	for k := range n {
		row, b := fixtureIncident(rng, k, hot)
		if _, err := insertIncident(ctx, tx, row); err != nil {
			t.Fatal(err)
		}
		in := incidents.Incident{Report: *row.Report, Party: row.Party, Status: row.Status, N: row.N,
			Release: decodeRelease(row.TLP, encodeAudience(row.Audience))}
		in.T0, in.T1 = incidents.Span(row.Report.Time)
		in.Killed, in.Injured = incidents.Conservative(row.Report.Casualties)
		in.Zones = fixtureZones(rng)
		for _, z := range in.Zones {
			if _, err := tx.ExecContext(ctx, `INSERT INTO incident_zones (incident_id, zone_id) VALUES ($1, $2)`, in.ID, z); err != nil {
				t.Fatal(err)
			}
		}
		all = append(all, in)
		bounds = append(bounds, b)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return all, bounds
}

func openTemp(t testing.TB) *DB {
	d, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// fillIncidentsBulk writes the same n random incidents (and zone
// attributions) as fillIncidents with the same seed, with multi-row
// INSERTs of 500 rows, committing every 50,000: fast enough to fill a
// million on either engine. The engine's triggers fill its search indexes.
func fillIncidentsBulk(t testing.TB, d *DB, n int, seed uint64) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, seed))
	hot := make([]orb.Point, 10)
	for i := range hot {
		hot[i] = orb.Point{36.5 + rng.Float64()*3.5, 33.5 + rng.Float64()*3.5}
	}
	const batch, commit = 500, 50_000
	var incs, reps, zones [][]any
	flush := func(tx *sql.Tx, table, cols string, rows [][]any) {
		if len(rows) == 0 {
			return
		}
		var sb strings.Builder
		args := make([]any, 0, len(rows)*len(rows[0]))
		for k, r := range rows {
			if k > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(")
			for c := range r {
				if c > 0 {
					sb.WriteString(", ")
				}
				args = append(args, r[c])
				if d.Engine == Postgres {
					sb.WriteString("$" + strconv.Itoa(len(args)))
				} else {
					sb.WriteString("?") // numbered parameters are slow in bulk on SQLite
				}
			}
			sb.WriteString(")")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+cols+`) VALUES `+sb.String(), args...); err != nil {
			t.Fatalf("fill %s: %v", table, err)
		}
	}
	var tx *sql.Tx
	for k := range n {
		if tx == nil {
			var err error
			if tx, err = d.SQL.BeginTx(ctx, nil); err != nil {
				t.Fatal(err)
			}
		}
		row, _ := fixtureIncident(rng, k, hot)
		inc, rep, _, err := incidentValues(row)
		if err != nil {
			t.Fatal(err)
		}
		incs, reps = append(incs, inc), append(reps, rep)
		for _, z := range fixtureZones(rng) {
			zones = append(zones, []any{row.Report.ID, z})
		}
		if len(incs) == batch || k == n-1 {
			// incidents first: the trigger on incident_reports reads them.
			flush(tx, "incidents", incidentColumns, incs)
			flush(tx, "incident_reports", reportColumns, reps)
			flush(tx, "incident_zones", "incident_id, zone_id", zones)
			incs, reps, zones = incs[:0], reps[:0], zones[:0]
		}
		if (k+1)%commit == 0 || k == n-1 {
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			tx = nil
		}
	}
}
