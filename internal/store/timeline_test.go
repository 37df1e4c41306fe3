package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"truce/internal/access"
	"truce/internal/ledger"
)

// TestReplayTimeline checks, on both engines, that the local timeline
// interleaves own entries and mirrored ones as they were applied, gives
// own entries their sequence numbers and mirrored ones their positions,
// and resumes after an own id or a mirrored one alike.
func TestReplayTimeline(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		us, ru := open(t), open(t)
		_, usSeq := openSequencer(t, us)
		_, ruSeq := openSequencer(t, ru)
		green := access.Releasability{TLP: access.TLPGreen}
		for _, id := range []string{"inc_us_1", "inc_us_2"} {
			if _, err := usSeq.Append(ctx, reportChange("us", id, green)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := ruSeq.Append(ctx, reportChange("ru", "inc_ru_1", green)); err != nil {
			t.Fatal(err)
		}
		mirrorWholeLog(t, us.Mirrors(), ru.Mirrors(), us, usOrigin)
		if _, err := ruSeq.Append(ctx, reportChange("ru", "inc_ru_2", green)); err != nil {
			t.Fatal(err)
		}
		read := func(after int64) (subjects []string, ids []int64) {
			t.Helper()
			err := ru.ReplayTimeline(ctx, after, func(id int64, origin string, e *ledger.Entry) error {
				subjects = append(subjects, fmt.Sprintf("%s@%s", e.Subject, origin))
				ids = append(ids, id)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return subjects, ids
		}
		all, ids := read(-1)
		want := []string{"incident:inc_ru_1@", "incident:inc_us_1@" + usOrigin, "incident:inc_us_2@" + usOrigin, "incident:inc_ru_2@"}
		if !slices.Equal(all, want) || ids[0] != 0 || ids[1] != MirrorBase || ids[2] != MirrorBase+1 || ids[3] != 1 {
			t.Fatalf("timeline %v %v, want %v with ids 0, MirrorBase, MirrorBase+1, 1", all, ids, want)
		}
		for _, tc := range []struct {
			after int64
			want  []string
		}{{0, want[1:]}, {MirrorBase, want[2:]}, {MirrorBase + 1, want[3:]}, {1, nil}} {
			if got, _ := read(tc.after); !slices.Equal(got, tc.want) {
				t.Errorf("after %d: %v, want %v", tc.after, got, tc.want)
			}
		}
	})
}
