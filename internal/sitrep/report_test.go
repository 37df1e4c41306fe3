package sitrep_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/report/doc"
	"truce/internal/sitrep"
)

// allIncidents returns every incident p may see, read page by page with
// no filter: the direct count the report's figures are checked against.
func allIncidents(t *testing.T, p access.Principal) []incidents.Incident {
	t.Helper()
	var out []incidents.Incident
	f := incidents.Filter{Limit: incidents.Listing.Max, Brief: true}
	for {
		page, err := node.Incidents.Search(context.Background(), p, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out
		}
		if f.After, err = incidents.ParseCursor(page.Next); err != nil {
			t.Fatal(err)
		}
	}
}

// figureB returns the value of r's headline figure labelled label.
func figureB(t testing.TB, r *sitrep.Report, label string) int64 {
	return figure(t, r.Document, label).Value
}

// figure returns the headline figure labelled label.
func figure(t testing.TB, d doc.Document, label string) doc.Figure {
	t.Helper()
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if fs, ok := b.(doc.Figures); ok {
				for _, f := range fs.Items {
					if f.Label == label {
						return f
					}
				}
			}
		}
	}
	t.Fatalf("no figure %q", label)
	return doc.Figure{}
}

func TestFiguresMatchDirectCounts(t *testing.T) {
	ctx := context.Background()
	b := builder()
	us := user(t, "us-observer")
	r, err := b.Build(ctx, sitrep.Request{Date: demoDay, Lang: "en", By: us})
	if err != nil {
		t.Fatal(err)
	}
	prev := b.Config().Previous(r.Period)
	overlaps := func(in *incidents.Incident, p sitrep.Period) bool {
		return in.T1 >= p.From.Unix() && in.T0 <= p.To.Unix()-1
	}
	var want, wantPrev, confirmed, killed int64
	for _, in := range allIncidents(t, us) {
		if overlaps(&in, r.Period) {
			want++
			killed += int64(in.Killed)
			if in.Status == incidents.StatusConfirmed {
				confirmed++
			}
		}
		if overlaps(&in, prev) {
			wantPrev++
		}
	}
	if want == 0 {
		t.Fatalf("the demo has no incident on %s: the test would prove nothing", demoDay)
	}
	for _, c := range []struct {
		label      string
		want, prev int64
	}{
		{"Incidents reported", want, wantPrev},
		{"Confirmed", confirmed, -1},
		{"Killed (conservative)", killed, -1},
	} {
		f := figure(t, r.Document, c.label)
		if f.Value != c.want {
			t.Errorf("%s = %d, counted %d", c.label, f.Value, c.want)
		}
		if c.prev >= 0 && (f.Previous == nil || *f.Previous != c.prev) {
			t.Errorf("%s previous = %v, counted %d", c.label, f.Previous, c.prev)
		}
	}
	if f := figure(t, r.Document, "Incidents reported"); int64(len(f.Refs)) < f.Value {
		t.Errorf("%d incidents cite %d entries", f.Value, len(f.Refs))
	}
	for _, ref := range refsOf(r.Document) {
		if ref.Origin == node.Keys.Origin() && int64(ref.Index) >= r.Tree.N {
			t.Errorf("ref %d is beyond the stated tree of size %d", ref.Index, r.Tree.N)
		}
	}
}

// refsOf returns every Ref the document states.
func refsOf(d doc.Document) []doc.Ref {
	var out []doc.Ref
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			switch b := b.(type) {
			case doc.Figures:
				for _, f := range b.Items {
					out = append(out, f.Refs...)
				}
			case doc.Table:
				for _, row := range b.Rows {
					for _, c := range row {
						out = append(out, c.Refs...)
					}
				}
			}
		}
	}
	return out
}

func TestPublicReportStatesOnlyClearRecords(t *testing.T) {
	ctx := context.Background()
	b := builder()
	full, err := b.Build(ctx, sitrep.Request{Date: demoDay, By: user(t, "us-observer")})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := b.Build(ctx, sitrep.Request{Date: demoDay, By: access.Public})
	if err != nil {
		t.Fatal(err)
	}
	hidden := 0
	for _, ref := range refsOf(full.Document) {
		if !clear(t, ref) {
			hidden++
		}
	}
	if hidden == 0 {
		t.Fatal("the us report of the demo day cites no restricted entry: the test would prove nothing")
	}
	refs := refsOf(pub.Document)
	if len(refs) == 0 {
		t.Fatal("the public report cites nothing")
	}
	for _, ref := range refs {
		if !clear(t, ref) {
			t.Errorf("the public report cites entry %d, which is not CLEAR", ref.Index)
		}
	}
	if a, b := figure(t, pub.Document, "Incidents reported").Value, figure(t, full.Document, "Incidents reported").Value; a >= b {
		t.Errorf("public report counts %d incidents, the us report %d", a, b)
	}
	// Every incident the public report lists is one a public read returns.
	public := map[string]bool{}
	for _, in := range allIncidents(t, access.Public) {
		public[in.ID] = true
	}
	for _, s := range pub.Document.Sections {
		for _, blk := range s.Blocks {
			if tab, ok := blk.(doc.Table); ok && s.ID == "notable" {
				for _, row := range tab.Rows {
					if !public[row[0].Text] {
						t.Errorf("the public report lists incident %s, which a public read does not return", row[0].Text)
					}
				}
			}
		}
	}
}

// clear reports whether the entry ref names is CLEAR.
func clear(t *testing.T, ref doc.Ref) bool {
	t.Helper()
	if ref.Origin != node.Keys.Origin() {
		t.Fatalf("ref to another origin %s", ref.Origin)
	}
	se, err := node.DB.Entry(context.Background(), int64(ref.Index))
	if err != nil {
		t.Fatal(err)
	}
	var e ledger.Entry
	if err := json.Unmarshal(se.Canonical, &e); err != nil {
		t.Fatal(err)
	}
	return e.Release.TLP == access.TLPClear
}

func TestBuildRefusesBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		r    sitrep.Request
		kind error
	}{
		{"no date", sitrep.Request{}, nil},
		{"not a date", sitrep.Request{Date: "2016-13-01"}, nil},
		{"date and time", sitrep.Request{Date: "2016-07-14T06:00:00Z"}, nil},
		{"language", sitrep.Request{Date: demoDay, Lang: "fr"}, nil},
		{"unknown zone", sitrep.Request{Date: demoDay, Zone: "zone_nope"}, fault.ErrNotFound},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := builder().Build(context.Background(), c.r)
			var inv *fault.InvalidError
			switch {
			case c.kind != nil && !errors.Is(err, c.kind):
				t.Fatalf("err = %v, want %v", err, c.kind)
			case c.kind == nil && !errors.As(err, &inv):
				t.Fatalf("err = %v, want an InvalidError", err)
			}
		})
	}
}
