package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/notify"
)

// TestEngineMovementPositions checks on each engine the positions of a
// movement under way: the listing newest report first with its cursor, the
// latest by time (not by report) for active movements only, and a replay
// that rebuilds the same table.
func TestEngineMovementPositions(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		_, seq := openSequencer(t, db)
		acc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
		for _, p := range []accounts.NewParty{{ID: "un", Name: "un", Kind: "un"}, {ID: "ru", Name: "ru", Kind: "military", CoChair: true}} {
			if _, err := acc.CreateParty(ctx, access.Public, p, true); err != nil {
				t.Fatal(err)
			}
		}
		un := access.Principal{UserID: "u-un", Username: "un-liaison", Party: "un", Role: access.RoleLiaison}
		t0 := time.Now().UTC().Truncate(time.Second)
		now := t0
		ns := notify.NewService(notify.Deps{Store: db.Notify(), Log: seq, Parties: db.Access(), Now: func() time.Time { return now }})
		var ids []string
		for i := range 2 {
			m, err := ns.NotifyMovement(ctx, un, notify.MovementInput{Movement: notify.Movement{
				Route:    json.RawMessage(`{"type":"LineString","coordinates":[[37.1,36.2],[37.2,36.21]]}`),
				Window:   notify.Window{Start: t0.Add(time.Hour).Format(time.RFC3339), End: t0.Add(9 * time.Hour).Format(time.RFC3339)},
				Vehicles: 2 + i, Cargo: "food", Parties: []string{"ru"}}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		now = t0.Add(3 * time.Hour)
		at := func(d time.Duration, lat float64) notify.PositionReport {
			return notify.PositionReport{Time: t0.Add(time.Hour + d).Format(time.RFC3339), Lat: lat, Lon: 37.1}
		}
		for _, b := range []struct {
			id string
			ps []notify.PositionReport
		}{
			{ids[0], []notify.PositionReport{at(10*time.Minute, 36.1), at(20*time.Minute, 36.2)}},
			{ids[1], []notify.PositionReport{at(5*time.Minute, 36.5)}},
			{ids[0], []notify.PositionReport{at(15*time.Minute, 36.15)}}, // reported late: not the latest
		} {
			if _, err := ns.ReportPositions(ctx, un, b.id, b.ps); err != nil {
				t.Fatal(err)
			}
		}
		st := db.Notify()
		all, err := st.MovementPositions(ctx, ids[0], nil, 10)
		if err != nil || fmt.Sprint(lats(all)) != "[36.15 36.2 36.1]" {
			t.Fatalf("positions %v, %v", lats(all), err)
		}
		rest, err := st.MovementPositions(ctx, ids[0], &notify.Cursor{Seq: all[1].Seq, ID: fmt.Sprint(all[1].Index)}, 10)
		if err != nil || fmt.Sprint(lats(rest)) != "[36.1]" {
			t.Fatalf("after a cursor: %v, %v", lats(rest), err)
		}
		latest, err := st.LatestPositions(ctx, nil, 10)
		if err != nil || fmt.Sprint(lats(latest)) != "[36.5 36.2]" || latest[0].Until == "" ||
			latest[1].Release.TLP != access.TLPAmber || fmt.Sprint(latest[1].Release.Audience) != "[ru un]" {
			t.Fatalf("latest %+v, %v", latest, err)
		}
		if next, err := st.LatestPositions(ctx, &notify.Cursor{Seq: latest[0].Seq, ID: latest[0].Movement}, 10); err != nil || len(next) != 1 {
			t.Fatalf("latest after a cursor: %v, %v", next, err)
		}
		if _, err := ns.Cancel(ctx, un, notify.TypeMovement, ids[1], -1, "done"); err != nil {
			t.Fatal(err)
		}
		if latest, err = st.LatestPositions(ctx, nil, 10); err != nil || fmt.Sprint(lats(latest)) != "[36.2]" {
			t.Fatalf("latest after a withdrawal: %v, %v", lats(latest), err)
		}
		replay := open(t)
		if err := Rebuild(ctx, db, replay, nil); err != nil {
			t.Fatal(err)
		}
		a, err1 := db.DumpTable(ctx, "notify_positions")
		b, err2 := replay.DumpTable(ctx, "notify_positions")
		if err1 != nil || err2 != nil || len(a) != 4 || strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Fatalf("notify_positions after replay (%v %v):\n%q\n%q", err1, err2, a, b)
		}
	})
}

func lats(ps []notify.Position) []float64 {
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = p.Lat
	}
	return out
}
