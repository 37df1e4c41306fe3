package listing

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"testing"
)

func TestCursorRoundTripAndRefusals(t *testing.T) {
	c := Cursor{Seq: 42, ID: "x_0123abc"}
	got, err := Parse("a1.", c.Encode("a1."))
	if err != nil || *got != c {
		t.Fatalf("round trip of %+v: %+v, %v", c, got, err)
	}
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, bad := range []string{"", "!!", enc("a1.42"), enc("a1.x.id"), enc("a1.-1.id"), enc("a1.42."), enc("m1.42.id"), "a1.42.id"} {
		if _, err := Parse("a1.", bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

// TestFillWalksEveryVisibleRecordOnce pages through records of which only
// some are visible, with every page size, and checks that the pages
// together are exactly the visible records in order, that every page but
// the last is full, and that Next is empty exactly at the end.
func TestFillWalksEveryVisibleRecordOnce(t *testing.T) {
	type rec struct {
		id      string
		visible bool
	}
	var recs []rec
	var want []string
	for i := range 700 { // more than a chunk, so that pages span fetches
		r := rec{id: fmt.Sprintf("r%04d", i), visible: i%3 != 1}
		recs = append(recs, r)
		if r.visible {
			want = append(want, r.id)
		}
	}
	fetches := 0
	fetch := func(_ context.Context, after *Cursor, n int) ([]rec, error) {
		fetches++
		i := 0
		if after != nil {
			i = slices.IndexFunc(recs, func(r rec) bool { return r.id == after.ID }) + 1
		}
		return recs[i:min(len(recs), i+n)], nil
	}
	at := func(r *rec) Cursor { return Cursor{ID: r.id} }
	keep := func(r *rec) (string, bool) { return r.id, r.visible }
	for _, limit := range []int{1, 2, 7, 255, 256, 300, len(want) - 1, len(want), len(want) + 1} {
		fetches = 0
		var got []string
		var after *Cursor
		for pages := 0; ; pages++ {
			p, err := Fill(context.Background(), limit, 1000, after, "t1.", fetch, at, keep)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, p.Items...)
			if p.Next == "" {
				break
			}
			if len(p.Items) != limit {
				t.Fatalf("limit %d: a page before the last holds %d", limit, len(p.Items))
			}
			if after, err = Parse("t1.", p.Next); err != nil {
				t.Fatal(err)
			}
			if pages > len(recs) {
				t.Fatalf("limit %d: paging does not end", limit)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("limit %d: pages %v, want %v", limit, got, want)
		}
		if pages := (len(want) + limit - 1) / limit; fetches > pages+len(recs)/minChunk+1 {
			t.Fatalf("limit %d: %d fetches for %d pages", limit, fetches, pages)
		}
	}
	p, err := Fill(context.Background(), 0, 5, nil, "t1.", fetch, at, keep)
	if err != nil || len(p.Items) != 5 {
		t.Fatalf("limit 0 means the maximum: %d items, %v", len(p.Items), err)
	}
}
