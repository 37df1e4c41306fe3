package listing

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"testing"

	"truce/internal/fault"
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
			p, err := Fill(context.Background(), Listing{Tag: "t1.", Default: 1000, Max: 1000}, limit, after, fetch, at, keep)
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
		if pages := (len(want) + limit - 1) / limit; fetches > pages+len(recs)/defaultMinFetch+1 {
			t.Fatalf("limit %d: %d fetches for %d pages", limit, fetches, pages)
		}
	}
	small := Listing{Tag: "t1.", Default: 3, Max: 5}
	for _, c := range []struct{ limit, want int }{{0, 3}, {-1, 3}, {4, 4}, {6, 5}} {
		p, err := Fill(context.Background(), small, c.limit, nil, fetch, at, keep)
		if err != nil || len(p.Items) != c.want {
			t.Errorf("limit %d: %d items, %v; want %d", c.limit, len(p.Items), err, c.want)
		}
	}
}

// TestFillReadsOneMoreWithMinFetch checks that a listing with MinFetch 1
// asks the store for one record more than the page, and still fills the
// page when some records are hidden.
func TestFillReadsOneMoreWithMinFetch(t *testing.T) {
	var asked []int
	fetch := func(_ context.Context, after *Cursor, n int) ([]int, error) {
		asked = append(asked, n)
		from := 0
		if after != nil {
			from = int(after.Seq) + 1
		}
		var out []int
		for i := from; i < 50 && len(out) < n; i++ {
			out = append(out, i)
		}
		return out, nil
	}
	l := Listing{Tag: "t1.", Default: 10, Max: 10, MinFetch: 1}
	p, err := Fill(context.Background(), l, 10, nil, fetch, func(i *int) Cursor { return Cursor{Seq: int64(*i), ID: "x"} },
		func(i *int) (int, bool) { return *i, *i%2 == 0 })
	if err != nil || len(p.Items) != 10 || p.Items[9] != 18 || p.Next == "" || asked[0] != 11 {
		t.Fatalf("page %v next %q asked %v: %v", p.Items, p.Next, asked, err)
	}
	if c, err := l.Parse(p.Next); err != nil || c.Seq != 18 {
		t.Fatalf("next names %+v, %v; want the page's last record", c, err)
	}
}

func TestLimit(t *testing.T) {
	l := Listing{Tag: "t1.", Default: 10, Max: 100}
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{{"", 0, true}, {"1", 1, true}, {"100", 100, true}, {"0", 0, false}, {"-1", 0, false}, {"101", 0, false}, {"x", 0, false}, {"1.5", 0, false}} {
		n, err := l.Limit(c.in)
		if n != c.want || (err == nil) != c.ok {
			t.Errorf("Limit(%q) = %d, %v", c.in, n, err)
		}
		var inv *fault.InvalidError
		if err != nil && (!errors.As(err, &inv) || inv.Field != "limit") {
			t.Errorf("Limit(%q): %v, want an invalid limit", c.in, err)
		}
	}
}

// TestByID pages through a sorted slice with ByID, from every position,
// including positions of records that are gone.
func TestByID(t *testing.T) {
	all := []string{"b", "d", "f", "h"}
	fetch := ByID(func(context.Context) ([]string, error) { return all, nil }, func(s *string) string { return *s })
	for _, c := range []struct {
		after string
		n     int
		want  []string
	}{{"", 10, all}, {"", 2, []string{"b", "d"}}, {"b", 2, []string{"d", "f"}}, {"c", 10, []string{"d", "f", "h"}}, {"h", 10, []string{}}, {"z", 1, []string{}}, {"a", 1, []string{"b"}}} {
		var after *Cursor
		if c.after != "" {
			after = &Cursor{ID: c.after}
		}
		got, err := fetch(context.Background(), after, c.n)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("after %q, %d: %v, %v; want %v", c.after, c.n, got, err, c.want)
		}
	}
}
