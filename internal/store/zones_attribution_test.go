package store

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/geo"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/zones"
)

var attributionSeed = flag.Uint64("attribution-seed", 1, "seed of the random zone attribution test (0: from the clock)")

// TestZoneAttributionMatchesBruteForce appends random zone versions
// (defined or withdrawn, open-ended or not, agreed or left pending) and
// random incidents (points and polygons) through the sequencer, interleaved
// and several to a batch, and checks incident_zones against zones.Attribute
// over every agreed version, computed from what was appended. It covers
// both attribution paths (a new incident against the cached attributor; a
// newly agreed version against the incidents already there), agreements
// earlier in the same batch, and a rebuild into a fresh database.
func TestZoneAttributionMatchesBruteForce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		seed := *attributionSeed
		if seed == 0 {
			seed = 1 // deterministic by default; the flag explores other seeds
		}
		t.Logf("seed %d (rerun with -attribution-seed=%d)", seed, seed)
		ctx := context.Background()
		d := open(t)
		_, seq := openSequencer(t, d)
		rng := rand.New(rand.NewPCG(seed, 11))
		start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
		clear := access.Releasability{TLP: access.TLPClear}
		tls := map[string]*zones.Timeline{} // the agreed versions, by zone
		latest := map[string]int{}
		locs := map[string]orb.Geometry{}
		t0s := map[string]int64{}
		var pending []ledger.Change
		flush := func() {
			if len(pending) == 0 {
				return
			}
			if _, err := seq.Append(ctx, pending...); err != nil {
				t.Fatal(err)
			}
			pending = nil
		}
		nIncidents := 0
		for step := range 600 {
			switch r := rng.IntN(10); {
			case r < 3: // a new version of a zone, agreed or not
				id := fmt.Sprintf("z%02d", rng.IntN(25))
				v := latest[id] + 1
				c := orb.Point{36 + rng.Float64()*2, 33 + rng.Float64()*2}
				poly := geo.Circle(c, 2000+rng.Float64()*40000, 12)
				raw, err := zones.EncodeGeometry(orb.MultiPolygon{poly})
				if err != nil {
					t.Fatal(err)
				}
				from := start.Add(time.Duration(rng.IntN(300*24)) * time.Hour)
				spec := zones.Spec{ZoneID: id, Version: v, Action: zones.ActionDefine, Kind: zones.KindCeasefireArea, Name: id,
					Geometry: raw, EffectiveFrom: zones.FormatTime(from)}
				st := zones.Step{Version: v, Start: from, Geometry: orb.MultiPolygon{poly}}
				if rng.IntN(3) == 0 {
					until := from.Add(time.Duration(1+rng.IntN(90*24)) * time.Hour)
					spec.EffectiveUntil, st.End = zones.FormatTime(until), until
				}
				if v > 1 && rng.IntN(5) == 0 {
					spec.Action, st.Withdrawn = zones.ActionWithdraw, true
				}
				latest[id] = v
				pending = append(pending, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-liaison", Kind: zones.KindProposed,
					Subject: zones.Subject(id), Release: clear, Payload: zones.Proposed{Version: spec, Release: clear}}})
				if rng.IntN(4) != 0 {
					pending = append(pending, ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-liaison", Kind: zones.KindAgreed,
						Subject: zones.Subject(id), Release: clear, Payload: zones.Agreed{ZoneID: id, Version: v, Party: "ru", Complete: true}}})
					if tls[id] == nil {
						tls[id] = &zones.Timeline{ZoneID: id}
					}
					tls[id].Steps = append(tls[id].Steps, st)
				}
			default: // an incident: a point, or now and then a polygon
				id := fmt.Sprintf("inc_%04d", nIncidents)
				nIncidents++
				var loc orb.Geometry = orb.Point{36 + rng.Float64()*2, 33 + rng.Float64()*2}
				if rng.IntN(4) == 0 {
					loc = geo.Circle(loc.(orb.Point), 500+rng.Float64()*5000, 8)
				}
				raw, err := json.Marshal(map[string]any{"type": loc.GeoJSONType(), "coordinates": loc})
				if err != nil {
					t.Fatal(err)
				}
				when := start.Add(time.Duration(rng.IntN(366*24)) * time.Hour)
				rep := incidents.Report{ID: id, Key: "k" + id, Category: incidents.Categories[0],
					Time:     incidents.TimeSpan{Start: when.Format(time.RFC3339), Precision: incidents.TimePrecisions[0]},
					Location: raw, LocationPrecision: "exact", Narrative: "n", Perpetrator: incidents.Perpetrator{Kind: "unknown"}}
				locs[id] = loc
				t0s[id], _ = incidents.Span(rep.Time)
				pending = append(pending, ledger.Change{Draft: ledger.Draft{Party: "un", Author: "un-monitor", Kind: incidents.KindReported,
					Subject: incidents.Subject(id), Release: clear, Payload: incidents.Reported{Incident: rep}}})
			}
			if rng.IntN(3) == 0 || step == 599 {
				flush()
			}
		}
		var all []zones.Timeline
		for _, tl := range tls {
			all = append(all, *tl)
		}
		want := map[string][]string{}
		for id, loc := range locs {
			if zs := zones.Attribute(loc, time.Unix(t0s[id], 0), all); len(zs) > 0 {
				want[id] = zs
			}
		}
		check := func(t *testing.T, d *DB) {
			got := map[string][]string{}
			rows, err := d.SQL.QueryContext(ctx, `SELECT incident_id, zone_id FROM incident_zones ORDER BY incident_id, zone_id`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var i, z string
				if err := rows.Scan(&i, &z); err != nil {
					t.Fatal(err)
				}
				got[i] = append(got[i], z)
			}
			n := 0
			for id := range locs {
				if !slices.Equal(got[id], want[id]) {
					t.Errorf("incident %s: store attributes %v, brute force %v", id, got[id], want[id])
				}
				n += len(want[id])
			}
			if n == 0 {
				t.Fatal("no incident falls in any zone: the test tests nothing")
			}
			t.Logf("%d incidents, %d zones agreed, %d attributions", len(locs), len(all), n)
		}
		check(t, d)
		t.Run("rebuild", func(t *testing.T) {
			dst := open(t)
			if err := Rebuild(ctx, d, dst, nil); err != nil {
				t.Fatal(err)
			}
			check(t, dst)
		})
	})
}
