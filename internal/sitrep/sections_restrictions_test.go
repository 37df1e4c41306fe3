package sitrep_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/monitoring"
	"truce/internal/report/doc"
	"truce/internal/report/html"
	"truce/internal/report/pdf"
	"truce/internal/sitrep"
)

// liveDay returns a builder whose cut-off lies 12 hours from now and the
// date of the period holding now: patrols must be filed for the future
// and restrictions recorded in the past, so the tests that write them
// report on the current period, well away from its ends.
func liveDay(t *testing.T) (*sitrep.Builder, string) {
	t.Helper()
	end := time.Now().UTC().Add(12 * time.Hour).Truncate(time.Minute)
	midnight := end.Truncate(24 * time.Hour)
	cfg := sitrep.DefaultConfig()
	cfg.Cutoff = end.Sub(midnight)
	return builderWith(cfg), end.Format(time.DateOnly)
}

// section returns the section id of d, failing the test if it is absent.
func section(t *testing.T, d doc.Document, id string) doc.Section {
	t.Helper()
	for _, s := range d.Sections {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no section %q", id)
	return doc.Section{}
}

// tables returns the tables of s.
func tables(s doc.Section) []doc.Table {
	var out []doc.Table
	for _, b := range s.Blocks {
		if tb, ok := b.(doc.Table); ok {
			out = append(out, tb)
		}
	}
	return out
}

// indexes returns the indexes of refs, sorted.
func indexes(refs []doc.Ref) []uint64 {
	var out []uint64
	for _, r := range refs {
		out = append(out, r.Index)
	}
	slices.Sort(out)
	return out
}

// TestRestrictionsSection: the monitoring cell files a patrol and records
// a CLEAR restriction and an AMBER one (released to the controlling party
// and the co-chairs); a co-chair's report lists both and draws the
// patrol's coverage, a party outside the audience and the public see only
// the CLEAR one, and the figure cites exactly the entries of the
// restrictions each reader may see.
func TestRestrictionsSection(t *testing.T) {
	ctx := context.Background()
	b, day := liveDay(t)
	now := time.Now().UTC().Truncate(time.Second)
	un := user(t, "un-reporter")
	route := json.RawMessage(`{"type":"LineString","coordinates":[[37.10,36.20],[37.20,36.20]]}`)
	p, err := node.Monitoring.FilePatrol(ctx, un, monitoring.PatrolInput{Kind: monitoring.PatrolGround, Route: route, SightM: 2000,
		Window: monitoring.Window{Start: now.Add(time.Minute).Format(time.RFC3339), End: now.Add(3 * time.Hour).Format(time.RFC3339)}, Notified: []string{"us", "ru"}})
	if err != nil {
		t.Fatal(err)
	}
	clear := access.Releasability{TLP: access.TLPClear}
	var seqs []int64
	for _, in := range []monitoring.RestrictionInput{
		{RestrictionRecorded: monitoring.RestrictionRecorded{Kind: "denial", Location: json.RawMessage(`{"type":"Point","coordinates":[37.15,36.20]}`),
			RadiusM: 1500, Time: now.Add(-time.Minute).Format(time.RFC3339), ControlledBy: "ru", PatrolID: p.ID}},
		{RestrictionRecorded: monitoring.RestrictionRecorded{Kind: "jamming", Location: json.RawMessage(`{"type":"Point","coordinates":[37.30,36.30]}`),
			RadiusM: 1000, Time: now.Add(-2 * time.Minute).Format(time.RFC3339), ControlledBy: "us"}, Release: &clear},
	} {
		r, err := node.Monitoring.Record(ctx, un, in)
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, r.Seq)
	}
	amber, public := uint64(seqs[0]), uint64(seqs[1])
	for _, c := range []struct {
		name     string
		by       access.Principal
		want     []uint64
		coverage bool
	}{
		{"co-chair", user(t, "us-observer"), []uint64{amber, public}, true},
		{"controlling party", user(t, "ru-liaison"), []uint64{amber, public}, true},
		{"party outside the audience", user(t, "ngo-liaison"), []uint64{public}, false},
		{"public", access.Public, []uint64{public}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := b.Build(ctx, sitrep.Request{Date: day, Lang: "en", By: c.by})
			if err != nil {
				t.Fatal(err)
			}
			s := section(t, r.Document, "restrictions")
			fig := s.Blocks[0].(doc.Figures).Items[0]
			if fig.Value != int64(len(c.want)) || !slices.Equal(indexes(fig.Refs), c.want) {
				t.Errorf("figure %d citing %v, want %d citing %v", fig.Value, indexes(fig.Refs), len(c.want), c.want)
			}
			tabs := tables(s)
			if len(tabs) != 2 || len(tabs[0].Rows) != len(c.want) {
				t.Fatalf("tables %+v, want a list of %d and a count per party", tabs, len(c.want))
			}
			var listed []uint64
			for _, row := range tabs[0].Rows {
				listed = append(listed, indexes(row[0].Refs)...)
			}
			if slices.Sort(listed); !slices.Equal(listed, c.want) {
				t.Errorf("listed %v, want %v", listed, c.want)
			}
			var m *doc.Map
			for _, b := range s.Blocks {
				if mm, ok := b.(doc.Map); ok {
					m = &mm
				}
			}
			if (m != nil) != c.coverage {
				t.Fatalf("coverage map drawn = %v, want %v", m != nil, c.coverage)
			}
			if m != nil {
				rendered(t, r.Document, "Restrictions of the monitors' freedom of movement")
			}
			if m != nil && (len(m.Layers[0].Features) == 0 || len(m.Layers[1].Features) == 0 || len(m.Layers[2].Features) != 1) {
				t.Errorf("coverage layers seen %d, denied %d, restrictions %d; want some seen, some denied, one restriction",
					len(m.Layers[0].Features), len(m.Layers[1].Features), len(m.Layers[2].Features))
			}
		})
	}
}

// rendered renders d as HTML and as PDF and checks that the HTML draws
// the coverage layers over the basemap and that the PDF's text (read by
// poppler's pdftotext) holds heading.
func rendered(t *testing.T, d doc.Document, heading string) {
	t.Helper()
	page, err := html.Render(d, html.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<g class="basemap">`, `<g class="coverage">`, `<g class="coverage.denied">`, `<g class="restriction">`, heading} {
		if !strings.Contains(strings.ReplaceAll(string(page), "&#39;", "'"), want) {
			t.Errorf("the HTML page lacks %s", want)
		}
	}
	b, err := pdf.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sitrep.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (Debian's poppler-utils): %v", err)
	}
	if text := strings.Join(strings.Fields(string(out)), " "); !strings.Contains(text, strings.ReplaceAll(heading, "'", "’")) && !strings.Contains(text, heading) {
		t.Errorf("the PDF's text lacks %q", heading)
	}
}
