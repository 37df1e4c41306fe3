package store

import (
	"context"
	"testing"
	"time"

	"truce/internal/notify"
)

// TestEngineFeedPulls checks on each engine that a party's feed pull
// replaces its last one and that every party's last pull reads back with
// its time and version.
func TestEngineFeedPulls(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		st := open(t).Notify()
		t0 := time.Date(2026, 12, 7, 12, 0, 0, 123456789, time.UTC)
		for _, p := range []notify.FeedPull{
			{Party: "ru", At: t0, Version: 7},
			{Party: "us", At: t0.Add(time.Minute), Version: 7},
			{Party: "ru", At: t0.Add(2 * time.Minute), Version: 9},
		} {
			if err := st.RecordFeedPull(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.FeedPulls(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]notify.FeedPull{
			"ru": {Party: "ru", At: t0.Add(2 * time.Minute), Version: 9},
			"us": {Party: "us", At: t0.Add(time.Minute), Version: 7},
		}
		if len(got) != len(want) {
			t.Fatalf("FeedPulls = %v", got)
		}
		for party, w := range want {
			if g := got[party]; g.Party != w.Party || !g.At.Equal(w.At) || g.Version != w.Version {
				t.Errorf("%s: %+v, want %+v", party, g, w)
			}
		}
	})
}
