package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"truce/internal/gazetteer"
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
