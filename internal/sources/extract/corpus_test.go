package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"truce/internal/gazetteer"
	"truce/internal/incidents"
)

var update = flag.Bool("update", false, "rewrite the golden files of the corpus from the extractor's output")

var (
	loadOnce sync.Once
	testX    *Extractor
	loadErr  error
)

// extractor returns an extractor over the embedded gazetteer, built once.
func extractor(t testing.TB) *Extractor {
	t.Helper()
	loadOnce.Do(func() {
		var g *gazetteer.Gazetteer
		if g, loadErr = gazetteer.Load(); loadErr == nil {
			testX = New(g)
		}
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return testX
}

// article is one corpus text with its hand-written expectations.
type article struct {
	name     string
	text     string
	expected []expectedDraft
}

// expectedDraft is what a person reading the article says it reports:
// the place (a gazetteer id, shifted by bearing and km for a direction
// phrase) and how far a draft's location may be from it, the interval,
// and the acceptable alleged perpetrators (incidents.Perpetrator keys).
type expectedDraft struct {
	Category string   `json:"category"`
	PlaceID  int      `json:"place_id"`
	Bearing  string   `json:"bearing,omitempty"`
	KM       float64  `json:"km,omitempty"`
	WithinKM float64  `json:"within_km"`
	Start    string   `json:"start"`
	End      string   `json:"end"`
	Actors   []string `json:"actors"`
}

// loadCorpus reads every article of testdata/corpus.
func loadCorpus(t *testing.T) []article {
	t.Helper()
	files, err := filepath.Glob("testdata/corpus/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	var out []article
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		exp, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".expected.json")
		if err != nil {
			t.Fatalf("%s: no expectations: %v", name, err)
		}
		var e struct{ Drafts []expectedDraft }
		if err := json.Unmarshal(exp, &e); err != nil {
			t.Fatalf("%s: expectations: %v", name, err)
		}
		out = append(out, article{name: name, text: string(text), expected: e.Drafts})
	}
	return out
}

// The corpus is what issue #22 asks for: at least 30 articles, in the three
// languages, with several events each, and every draft in truce's
// vocabularies.
func TestCorpusShape(t *testing.T) {
	x := extractor(t)
	arts := loadCorpus(t)
	perLang := map[string]int{}
	for _, a := range arts {
		res, err := x.Extract(Input{Text: a.text})
		if err != nil {
			t.Fatalf("%s: %v", a.name, err)
		}
		perLang[res.Lang]++
		if len(a.expected) < 2 {
			t.Errorf("%s: %d expected events, want several", a.name, len(a.expected))
		}
		for _, d := range res.Drafts {
			if !d.Category.Valid() || !slices.Contains(incidents.TimePrecisions, d.Time.IncidentPrecision()) {
				t.Errorf("%s: draft %s with time precision %s", a.name, d.Category, d.Time.Precision)
			}
			for _, l := range d.Locations {
				if !slices.Contains(incidents.LocationPrecisions, l.IncidentPrecision()) {
					t.Errorf("%s: location precision %s", a.name, l.Precision)
				}
			}
		}
	}
	if len(arts) < 30 || perLang[English] < 10 || perLang[Russian] < 10 || perLang[Arabic] < 10 {
		t.Errorf("%d articles, per language %v", len(arts), perLang)
	}
}

// The extractor's output for every article of the corpus is its golden
// file (go test -run TestCorpusGolden -update rewrites them); a change in
// any draft shows up here for review.
func TestCorpusGolden(t *testing.T) {
	x := extractor(t)
	for _, a := range loadCorpus(t) {
		res, err := x.Extract(Input{Text: a.text})
		if err != nil {
			t.Errorf("%s: %v", a.name, err)
			continue
		}
		got, err := json.MarshalIndent(res, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		path := filepath.Join("testdata/corpus", a.name+".golden.json")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run with -update to create it)", a.name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: output differs from %s; review the change and run with -update", a.name, path)
		}
	}
}
