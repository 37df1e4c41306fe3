package gazetteer

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var seed = flag.Uint64("seed", 1, "seed for the random property tests")

func TestCountsPerCountry(t *testing.T) {
	g := mustLoad(t)
	perCountry := map[string]int{}
	adm1 := map[string]int{}
	for _, p := range g.Places() {
		perCountry[p.Country]++
		if p.FeatureCode == "ADM1" {
			adm1[p.Country]++
		}
		if p.Precision == "" || p.Name == "" || p.Lat < 29 || p.Lat > 43 || p.Lon < 24 || p.Lon > 50 {
			t.Errorf("implausible place %+v", p)
		}
	}
	// GeoNames cities500 (places of 500 people or more) plus Natural
	// Earth's first-level divisions.
	bounds := map[string][2]int{
		"SY": {250, 400}, "LB": {30, 80}, "JO": {100, 250}, "IQ": {100, 300},
		"TR": {1800, 2600}, "IL": {500, 900}, "PS": {300, 600}, "CY": {80, 200},
	}
	for c, b := range bounds {
		if n := perCountry[c]; n < b[0] || n > b[1] {
			t.Errorf("%s: %d places, want %d–%d", c, n, b[0], b[1])
		}
	}
	if len(perCountry) != len(bounds) {
		t.Errorf("countries %v", perCountry)
	}
	if adm1["SY"] != 14 || adm1["TR"] != 81 || adm1["IQ"] != 18 {
		t.Errorf("first-level divisions per country: %v", adm1)
	}
	withAR, withRU := 0, 0
	for _, p := range g.Places() {
		if p.Country == "SY" && p.FeatureClass == "P" {
			if p.NameAR != "" {
				withAR++
			}
			if p.NameRU != "" {
				withRU++
			}
		}
	}
	if withAR < 200 || withRU < 20 {
		t.Errorf("Syrian places with Arabic names %d, Russian %d", withAR, withRU)
	}
	// Every Syrian governorate has its Arabic and Russian name.
	for _, p := range g.Places() {
		if p.Country == "SY" && p.FeatureCode == "ADM1" && (p.NameAR == "" || p.NameRU == "") {
			t.Errorf("governorate %s (%d): Arabic %q, Russian %q", p.Name, p.ID, p.NameAR, p.NameRU)
		}
	}
}

func embeddedTSV(t testing.TB) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(placesGz))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Parsing the rows in any order gives the same gazetteer: the same places
// in ID order and the same search results.
func TestParseOrderIndependent(t *testing.T) {
	t.Logf("seed %d (rerun with -seed N)", *seed)
	rng := rand.New(rand.NewPCG(*seed, 0))
	lines := strings.Split(strings.TrimRight(string(embeddedTSV(t)), "\n"), "\n")
	rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	g2, err := Parse(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	g := mustLoad(t)
	if !slices.Equal(g.Places(), g2.Places()) {
		t.Fatal("places differ after shuffling the rows")
	}
	for range 50 {
		p := g.places[rng.IntN(len(g.places))]
		q := p.Name[:min(len(p.Name), 2+rng.IntN(8))]
		a, b := g.Search(q, 20), g2.Search(q, 20)
		if !slices.Equal(a, b) {
			t.Fatalf("Search(%q) differs after shuffling the rows", q)
		}
	}
}

func TestParseErrors(t *testing.T) {
	good := "1\tA\tA\t\t\tSY\t\t33.5\t36.3\tP\tPPL\t10\t"
	tests := []struct{ name, in string }{
		{"columns", "1\tA\tA"},
		{"id", strings.Replace(good, "1", "x", 1)},
		{"zero id", strings.Replace(good, "1", "0", 1)},
		{"lat", strings.Replace(good, "33.5", "93.5", 1)},
		{"lon", strings.Replace(good, "36.3", "NaN", 1)},
		{"population", strings.Replace(good, "\t10\t", "\t-1\t", 1)},
		{"name", strings.Replace(good, "\tA\t", "\t\t", 1)},
		{"duplicate", good + "\n" + good},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader("# header\n" + tt.in + "\n"))
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "line ") {
				t.Errorf("Parse: %v, want an ErrFormat naming the line", err)
			}
		})
	}
	g, err := Parse(strings.NewReader("# header\n\n" + good + "Ali,Alī\n"))
	if err != nil || g.Len() != 1 || len(g.Search("Ali", 1)) != 1 {
		t.Fatalf("Parse(good) = %v, %v", g, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("1\tA\tA\t\t\tSY\t\t33.5\t36.3\tP\tPPL\t10\tB,C\n")
	f.Add("# x\n2\tحلب\t\tحلب\tАлеппо\tSY\tAleppo\t36\t37\tA\tADM1\t0\t\n")
	f.Fuzz(func(t *testing.T, s string) {
		g, err := Parse(strings.NewReader(s))
		if err != nil {
			if !errors.Is(err, ErrFormat) && !strings.Contains(err.Error(), "read") {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		for _, p := range g.Places() {
			if q, ok := g.ByID(p.ID); !ok || q != p {
				t.Fatalf("ByID(%d) = %+v, %v", p.ID, q, ok)
			}
			if Normalize(p.Name) != "" && len(g.Search(p.Name, 0)) == 0 {
				t.Fatalf("Search(%q) does not find its own place", p.Name)
			}
		}
	})
}

// levenshtein is the textbook full-matrix edit distance.
func levenshtein(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
		}
	}
	return d[len(a)][len(b)]
}

func TestBoundedLevenshteinMatchesReference(t *testing.T) {
	t.Logf("seed %d (rerun with -seed N)", *seed)
	rng := rand.New(rand.NewPCG(*seed, 1))
	alphabet := []rune("abcdلمن")
	word := func() []rune {
		w := make([]rune, rng.IntN(9))
		for i := range w {
			w[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return w
	}
	var row []int
	for range 5000 {
		a, b := word(), word()
		want := min(levenshtein(a, b), 3)
		if got := boundedLevenshtein(a, b, 2, &row); got != want {
			t.Fatalf("boundedLevenshtein(%q, %q) = %d, want %d", string(a), string(b), got, want)
		}
	}
}

// The rune-mask bound never exceeds the true distance, so maskFar never
// skips a key that is within reach.
func TestMaskFarIsALowerBound(t *testing.T) {
	t.Logf("seed %d (rerun with -seed N)", *seed)
	rng := rand.New(rand.NewPCG(*seed, 2))
	alphabet := []rune("abcdefghijklmnopqrstuvwxyzلمنабв")
	word := func() []rune {
		w := make([]rune, 1+rng.IntN(10))
		for i := range w {
			w[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return w
	}
	for range 5000 {
		a, b := word(), word()
		if d := levenshtein(a, b); d <= 2 && maskFar(runeMask(string(a)), runeMask(string(b)), 2) {
			t.Fatalf("maskFar(%q, %q) with distance %d", string(a), string(b), d)
		}
	}
}
