package store

import (
	"context"
	"slices"
	"testing"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// TestIncidentsChangedByAnyNumberOfKinds checks on every engine that the
// query for the incidents changed in a range of the log takes as many kinds
// as it is given (its IN list is built from them) and reads incident ids
// through the incidents package's subjects, ignoring other subjects.
func TestIncidentsChangedByAnyNumberOfKinds(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		_, seq := openSequencer(t, db)
		rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}}
		for _, e := range []struct{ kind, subject string }{
			{"test.one", incidents.Subject("a")},
			{"test.two", incidents.Subject("b")},
			{"test.three", "zone:z"},
			{"test.four", incidents.Subject("a")},
			{"test.five", incidents.Subject("c")},
		} {
			if _, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Kind: e.kind, Subject: e.subject,
				Release: rel, Payload: map[string]string{}}}); err != nil {
				t.Fatal(err)
			}
		}
		all := []string{"test.one", "test.two", "test.three", "test.four", "test.five"}
		tests := []struct {
			name     string
			from, to int64
			kinds    []string
			want     []string
		}{
			{"one kind", 0, 5, all[:1], []string{"a"}},
			{"four kinds", 0, 5, all[:4], []string{"a", "b"}},
			{"five kinds", 0, 5, all, []string{"a", "b", "c"}},
			{"a range", 1, 4, all, []string{"b", "a"}},
		}
		for _, tc := range tests {
			got, err := incidentsChangedBy(ctx, db, tc.from, tc.to, tc.kinds)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.want))
			if !slices.Equal(got, want) {
				t.Errorf("%s: changed incidents %v, want %v", tc.name, got, want)
			}
		}
	})
}
