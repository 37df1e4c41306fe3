package extract

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// The fields scored against the hand-written expectations.
var fields = []string{"event", "place", "date", "actor"}

// qualityFloors are the precision and recall, per field over the whole
// corpus, below which TestCorpusQuality fails. docs/benchmarks.md gives
// the measured figures.
var qualityFloors = map[string][2]float64{ // field → {precision, recall}
	"event": {0.85, 0.85},
	"place": {0.80, 0.80},
	"date":  {0.80, 0.80},
	"actor": {0.80, 0.80},
}

// heldOutFloors are the floors for the held-out articles, which the
// lexicons were not tuned on.
var heldOutFloors = map[string][2]float64{
	"event": {0.50, 0.50},
	"place": {0.50, 0.50},
	"date":  {0.50, 0.50},
	"actor": {0.30, 0.30},
}

// dateSlack is how far an extracted interval's ends may be from the
// expected ones.
const dateSlack = day

// agreement tells which fields of an extracted draft agree with an
// expected one.
func agreement(x *Extractor, d Draft, e expectedDraft) map[string]bool {
	ok := map[string]bool{"event": string(d.Category) == e.Category}
	if p, found := x.g.ByID(e.PlaceID); found {
		lat, lon := p.Lat, p.Lon
		if e.Bearing != "" {
			lat, lon = destination(lat, lon, bearings[e.Bearing], e.KM)
		}
		within := e.WithinKM
		if within == 0 {
			within = 25
		}
		for _, l := range d.Locations {
			ok["place"] = ok["place"] || distanceKM(lat, lon, l.Lat, l.Lon) <= within
		}
	}
	start, err1 := time.Parse(time.DateOnly, e.Start)
	end, err2 := time.Parse(time.DateOnly, e.End)
	if err1 == nil && err2 == nil {
		ok["date"] = absDur(d.Time.Start.Sub(start)) <= dateSlack && absDur(d.Time.End.Sub(end)) <= dateSlack
	}
	for _, a := range d.Actors {
		ok["actor"] = ok["actor"] || slices.Contains(e.Actors, a.Perpetrator().Key())
	}
	return ok
}

func absDur(d time.Duration) time.Duration { return time.Duration(math.Abs(float64(d))) }

// tally counts, per field, the agreeing pairs, the extracted drafts and
// the expected drafts.
type tally struct {
	agree               map[string]int
	extracted, expected int
}

func (t *tally) add(o tally) {
	for f, n := range o.agree {
		t.agree[f] += n
	}
	t.extracted += o.extracted
	t.expected += o.expected
}

func (t tally) precision(f string) float64 { return ratio(t.agree[f], t.extracted) }
func (t tally) recall(f string) float64    { return ratio(t.agree[f], t.expected) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// score pairs each expected draft with the extracted draft that agrees on
// most fields (the event and place weigh most), each extracted draft used
// once, and counts the agreements. An extracted draft left unpaired (a
// distractor taken for an event, an event split in two) lowers precision
// on every field; an expected draft left unpaired lowers recall.
func score(x *Extractor, drafts []Draft, expected []expectedDraft) (tally, []string) {
	t := tally{agree: map[string]int{}, extracted: len(drafts), expected: len(expected)}
	used := make([]bool, len(drafts))
	var misses []string
	for _, e := range expected {
		best, bestScore := -1, 0
		var bestAgree map[string]bool
		for i, d := range drafts {
			if used[i] {
				continue
			}
			a := agreement(x, d, e)
			s := 0
			for f, w := range map[string]int{"event": 4, "place": 4, "date": 2, "actor": 1} {
				if a[f] {
					s += w
				}
			}
			if (a["event"] || a["place"]) && s > bestScore {
				best, bestScore, bestAgree = i, s, a
			}
		}
		if best < 0 {
			misses = append(misses, fmt.Sprintf("no draft for %s at %d", e.Category, e.PlaceID))
			continue
		}
		used[best] = true
		for _, f := range fields {
			if bestAgree[f] {
				t.agree[f]++
			} else {
				misses = append(misses, fmt.Sprintf("%s at %d: %s wrong", e.Category, e.PlaceID, f))
			}
		}
	}
	for i, u := range used {
		if !u {
			misses = append(misses, fmt.Sprintf("extra draft %s (%q)", drafts[i].Category, drafts[i].Trigger))
		}
	}
	return t, misses
}

// Precision and recall per field, per language and overall, against the
// expectations written by hand for each article of the corpus. The
// lexicons were developed against the articles; the "held-" articles were
// written after, and are scored apart, as the fairer estimate. The test
// logs the table (go test -run TestCorpusQuality -v) and fails when the
// development corpus falls below qualityFloors (and the held-out articles
// below heldOutFloors).
func TestCorpusQuality(t *testing.T) {
	x := extractor(t)
	total := tally{agree: map[string]int{}}
	heldOut := tally{agree: map[string]int{}}
	byLang := map[string]*tally{}
	for _, a := range loadCorpus(t) {
		res, err := x.Extract(Input{Text: a.text})
		if err != nil {
			t.Errorf("%s: %v", a.name, err)
			continue
		}
		got, misses := score(x, res.Drafts, a.expected)
		for _, m := range misses {
			t.Logf("%s: %s", a.name, m)
		}
		if strings.HasPrefix(a.name, "held-") {
			heldOut.add(got)
			continue
		}
		if byLang[res.Lang] == nil {
			byLang[res.Lang] = &tally{agree: map[string]int{}}
		}
		byLang[res.Lang].add(got)
		total.add(got)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| language | drafts (expected) | event P/R | place P/R | date P/R | actor P/R |\n|---|---:|---|---|---|---|\n")
	row := func(name string, tl tally) {
		fmt.Fprintf(&b, "| %s | %d (%d) |", name, tl.extracted, tl.expected)
		for _, f := range fields {
			fmt.Fprintf(&b, " %.2f / %.2f |", tl.precision(f), tl.recall(f))
		}
		b.WriteString("\n")
	}
	for _, l := range []string{English, Russian, Arabic} {
		if tl := byLang[l]; tl != nil {
			row(l, *tl)
		}
	}
	row("all", total)
	row("held out", heldOut)
	t.Log(b.String())
	for _, f := range fields {
		floor := qualityFloors[f]
		if p, r := total.precision(f), total.recall(f); p < floor[0] || r < floor[1] {
			t.Errorf("%s: precision %.2f recall %.2f, floors %.2f / %.2f", f, p, r, floor[0], floor[1])
		}
		floor = heldOutFloors[f]
		if p, r := heldOut.precision(f), heldOut.recall(f); p < floor[0] || r < floor[1] {
			t.Errorf("held out %s: precision %.2f recall %.2f, floors %.2f / %.2f", f, p, r, floor[0], floor[1])
		}
	}
}
