package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/monitoring"
)

// TestEngineMonitoring projects patrols and restrictions on every engine,
// reads them by period and releasability, and checks that a replay
// rebuilds the same tables.
func TestEngineMonitoring(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		_, seq := openSequencer(t, db)
		t0 := time.Date(2016, 7, 10, 8, 0, 0, 0, time.UTC)
		route := json.RawMessage(`{"type":"LineString","coordinates":[[37.1,36.2],[37.2,36.2]]}`)
		pt := json.RawMessage(`{"type":"Point","coordinates":[37.15,36.2]}`)
		amber := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "un", "us"}}
		strict := access.Releasability{TLP: access.TLPAmberStrict, Audience: []string{"un"}}
		put := func(kind, subject string, rel access.Releasability, payload any) {
			t.Helper()
			if _, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "un", Author: "un-liaison", Kind: kind,
				Subject: subject, Release: rel, Payload: payload}}); err != nil {
				t.Fatal(err)
			}
		}
		patrol := func(id string, start time.Time) monitoring.PatrolFiled {
			return monitoring.PatrolFiled{ID: id, Kind: "patrol", Route: route, SightM: 1000, Notified: []string{"ru"},
				Window: monitoring.Window{Start: start.Format(time.RFC3339), End: start.Add(4 * time.Hour).Format(time.RFC3339)}}
		}
		put(monitoring.KindPatrolFiled, monitoring.PatrolSubject("p1"), amber, patrol("p1", t0))
		put(monitoring.KindPatrolFiled, monitoring.PatrolSubject("p2"), strict, patrol("p2", t0.Add(48*time.Hour)))
		put(monitoring.KindRestrictionRecorded, monitoring.RestrictionSubject("r1"), amber, monitoring.RestrictionRecorded{ID: "r1",
			PatrolID: "p1", Kind: "denial", Location: pt, RadiusM: 500, Time: t0.Add(time.Hour).Format(time.RFC3339), ControlledBy: "ru"})
		put(monitoring.KindRestrictionRecorded, monitoring.RestrictionSubject("r2"), amber, monitoring.RestrictionRecorded{ID: "r2",
			Kind: "jamming", Location: pt, RadiusM: 500, Time: t0.Add(49 * time.Hour).Format(time.RFC3339), ControlledBy: "us"})

		st := db.Monitoring()
		ids := func(ps []monitoring.Patrol) string {
			var out []string
			for _, p := range ps {
				out = append(out, p.ID)
			}
			return strings.Join(out, ",")
		}
		for _, tc := range []struct {
			viewer   string
			from, to time.Time
			want     string
		}{
			{"un", t0.Add(-time.Hour), t0.Add(72 * time.Hour), "p1,p2"},
			{"ru", t0.Add(-time.Hour), t0.Add(72 * time.Hour), "p1"},
			{"", t0.Add(-time.Hour), t0.Add(72 * time.Hour), ""},
			{"un", t0.Add(5 * time.Hour), t0.Add(47 * time.Hour), ""},
		} {
			ps, err := st.PatrolsIn(ctx, tc.viewer, tc.from, tc.to)
			if err != nil || ids(ps) != tc.want {
				t.Errorf("patrols of %q in %s–%s: %q (%v), want %q", tc.viewer, tc.from, tc.to, ids(ps), err, tc.want)
			}
		}
		rs, err := st.RestrictionsFor(ctx, "ru", []string{"p1"}, t0, t0.Add(4*time.Hour))
		if err != nil || len(rs) != 1 || rs[0].ID != "r1" || rs[0].Release.TLP != access.TLPAmber {
			t.Errorf("restrictions of p1: %+v (%v)", rs, err)
		}
		if rs, _ := st.RestrictionsFor(ctx, "ru", nil, t0.Add(48*time.Hour), t0.Add(52*time.Hour)); len(rs) != 1 || rs[0].ID != "r2" {
			t.Errorf("restrictions naming no patrol in the period: %+v", rs)
		}
		if p, err := st.Patrol(ctx, nil, "p2"); err != nil || p.Release.TLP != access.TLPAmberStrict || p.SightM != 1000 {
			t.Errorf("patrol p2: %+v (%v)", p, err)
		}
		if _, err := st.Patrol(ctx, nil, "none"); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("unknown patrol: %v", err)
		}

		replay := open(t)
		if err := Rebuild(ctx, db, replay, nil); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"monitoring_patrols", "monitoring_restrictions"} {
			x, err := db.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			y, err := replay.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(x, "\n") != strings.Join(y, "\n") || len(x) != 2 {
				t.Fatalf("%s differs after replay:\n%q\n%q", table, x, y)
			}
		}
	})
}
