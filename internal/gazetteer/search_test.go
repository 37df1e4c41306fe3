package gazetteer

import (
	"sync"
	"testing"
)

var (
	loadOnce sync.Once
	testG    *Gazetteer
	loadErr  error
)

// mustLoad loads the embedded gazetteer once for all tests.
func mustLoad(t testing.TB) *Gazetteer {
	t.Helper()
	loadOnce.Do(func() { testG, loadErr = Load() })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return testG
}

// Every common transliteration of a Syrian place resolves, as first result,
// to the same GeoNames place.
func TestTransliterations(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		id       int
		variants []string
	}{
		{163808, []string{"Palmyra", "Tadmur", "Tadmor", "palmyre", "Tedmor"}},
		{170063, []string{"Aleppo", "Halab", "Haleb", "Alep", "Ḥalab", "Madinat Halab"}},
		{172425, []string{"Sukhnah", "Sukhna", "As Sukhnah", "as-Sukhnah", "Es Sukhne", "Al Sukhna"}},
		{169577, []string{"Homs", "Hims", "Ḥimṣ", "HOMS"}},
		{170794, []string{"Deir ez-Zor", "Dayr az Zawr", "Deir ez Zor", "Deir al-Zour", "Dayr az-Zawr", "Deir el-Zor", "Dair az-Zaur", "Deir Ezzor"}},
		{172955, []string{"Raqqa", "Ar Raqqah", "ar-Raqqa", "Rakka", "Al-Raqqa", "Raqqah"}},
		{169389, []string{"Idlib", "Idleb", "Idlip", "İdlib"}},
		{170905, []string{"Daraa", "Dar'a", "Deraa", "Dar‘ā", "Dara'a", "Der'a"}},
		{170654, []string{"Damascus", "Dimashq", "ash-Sham", "Al-Sham", "Esh Sham", "Damas", "Dimashk"}},
		{170017, []string{"Hama", "Hamah", "Ḩamāh", "Hamat"}},
		{173576, []string{"Latakia", "Al Ladhiqiyah", "Lattakia", "Latakiya", "Al-Laziqiyah", "Lattaquié", "El Ladhiqiya"}},
		{173377, []string{"Qamishli", "Al Qamishli", "Kamishli", "Qamishly", "Al-Qamishli", "El Qamishliye"}},
		{172256, []string{"Kobani", "Kobanî", "Ayn al Arab", "Ain al-Arab", "‘Ayn al ‘Arab"}},
		{163345, []string{"Tartus", "Tartous", "Ţarţūs", "Tartouss"}},
	}
	for _, tt := range tests {
		for _, q := range tt.variants {
			t.Run(q, func(t *testing.T) {
				res := g.Search(q, 3)
				if len(res) == 0 {
					t.Fatalf("Search(%q) found nothing, want %d", q, tt.id)
				}
				if res[0].ID != tt.id {
					t.Errorf("Search(%q)[0] = %d %s, want %d", q, res[0].ID, res[0].Name, tt.id)
				}
			})
		}
	}
}

func TestArabicAndCyrillic(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		q  string
		id int
	}{
		{"حلب", 170063},
		{"دمشق", 170654},
		{"تدمر", 163808},
		{"الرقة", 172955},
		{"رقة", 172955},
		{"دير الزور", 170794},
		{"حمص", 169577},
		{"إدلب", 169389},
		{"ادلب", 169389},
		{"درعا", 170905},
		{"حماة", 170017},
		{"حماه", 170017},
		{"اللاذقية", 173576},
		{"القامشلي", 173377},
		{"Алеппо", 170063},
		{"алеппо", 170063},
		{"Дамаск", 170654},
		{"Пальмира", 163808},
		{"Хомс", 169577},
		{"Ракка", 172955},
		{"Ар-Ракка", 172955},
		{"Дейр-эз-Зор", 170794},
		{"Латакия", 173576},
		{"Идлиб", 169389},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res := g.Search(tt.q, 1)
			if len(res) == 0 || res[0].ID != tt.id {
				t.Errorf("Search(%q) = %v, want %d", tt.q, res, tt.id)
			}
		})
	}
	p, _ := g.ByID(170063)
	if p.NameAR != "حلب" || p.NameRU != "Алеппо" {
		t.Errorf("Aleppo names: ar %q ru %q", p.NameAR, p.NameRU)
	}
}

func TestFuzzy(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		q  string
		id int // 0: want no result
	}{
		{"Alepppo", 170063},
		{"Damscus", 170654},
		{"Damascos", 170654},
		{"Palmira", 163808},
		{"Latakkia", 173576},
		{"Qamishlo", 173377},
		{"Hasakeh", 173811},
		{"Xyzzyqwv", 0},
		{"Hmo", 0}, // short queries get no fuzzy matching
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res := g.Search(tt.q, 1)
			switch {
			case tt.id == 0 && len(res) != 0:
				t.Errorf("Search(%q) = %d %s, want nothing", tt.q, res[0].ID, res[0].Name)
			case tt.id != 0 && (len(res) == 0 || res[0].ID != tt.id):
				t.Errorf("Search(%q) = %v, want %d", tt.q, res, tt.id)
			}
		})
	}
}

func TestRanking(t *testing.T) {
	g := mustLoad(t)
	// An exact match beats a more populous prefix match.
	res := g.Search("Hama", 0)
	if len(res) < 3 || res[0].ID != 170017 {
		t.Fatalf("Search(Hama) = %v", res)
	}
	// The city beats its governorate (same name, larger population); both
	// come before prefix matches.
	if res[1].ID != 170015 || res[1].Precision != PrecisionGovernorate {
		t.Errorf("second result %+v, want the Hama governorate", res[1])
	}
	// Hits are ordered by tier, then population, then id.
	for _, q := range []string{"Kafr", "Tal", "Deir", "Ain", "Aleppo", "Damscus"} {
		hits := g.search(q, 0)
		for i := 1; i < len(hits); i++ {
			a, b := hits[i-1], hits[i]
			pa, pb := g.places[a.idx], g.places[b.idx]
			if a.tier > b.tier || a.tier == b.tier && (pa.Population < pb.Population ||
				pa.Population == pb.Population && pa.ID > pb.ID) {
				t.Fatalf("Search(%q): %s (tier %d) before %s (tier %d)", q, pa.Name, a.tier, pb.Name, b.tier)
			}
		}
	}
	// A governorate is found by its full name.
	if res := g.Search("Aleppo Governorate", 1); len(res) != 1 || res[0].ID != 170062 {
		t.Errorf("Search(Aleppo Governorate) = %v", res)
	}
	// Deterministic: the same query gives the same list.
	a, b := g.Search("Tal", 50), g.Search("Tal", 50)
	for i := range a {
		if a[i].ID != b[i].ID {
			t.Fatal("results differ between calls")
		}
	}
	// No duplicates.
	seen := map[int]bool{}
	for _, p := range g.Search("al", 0) {
		if seen[p.ID] {
			t.Fatalf("place %d returned twice", p.ID)
		}
		seen[p.ID] = true
	}
}

func TestSearchEdges(t *testing.T) {
	g := mustLoad(t)
	for _, q := range []string{"", "   ", "-'-", "،"} {
		if res := g.Search(q, 10); res != nil {
			t.Errorf("Search(%q) = %v, want nil", q, res)
		}
	}
	if n := len(g.Search("a", 5)); n != 5 {
		t.Errorf("limit 5 gave %d results", n)
	}
	if n := len(g.Search("a", 0)); n < 100 {
		t.Errorf("limit 0 gave %d results, want all", n)
	}
}

func TestByIDAndPrecision(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		id        int
		country   string
		admin1    string
		precision string
		code      string
	}{
		{170654, "SY", "Damascus Governorate", PrecisionTown, "PPLC"},
		{172425, "SY", "Homs", PrecisionTown, "PPLA3"},
		{170062, "SY", "Aleppo", PrecisionGovernorate, "ADM1"},
		{276781, "LB", "Beirut", PrecisionTown, "PPLC"},
		{281133, "PS", "Gaza Strip", PrecisionTown, "PPLA"},
	}
	for _, tt := range tests {
		p, ok := g.ByID(tt.id)
		if !ok || p.Country != tt.country || p.Admin1 != tt.admin1 || p.Precision != tt.precision || p.FeatureCode != tt.code {
			t.Errorf("ByID(%d) = %+v, %v", tt.id, p, ok)
		}
	}
	if _, ok := g.ByID(1); ok {
		t.Error("ByID(1) found a place")
	}
	for _, tt := range []struct{ class, code, want string }{
		{"P", "PPL", PrecisionTown}, {"P", "PPLC", PrecisionTown}, {"A", "ADM1", PrecisionGovernorate},
		{"A", "ADM2", PrecisionDistrict}, {"A", "ADM3", PrecisionDistrict}, {"A", "PCLI", PrecisionGovernorate},
		{"A", "ADMX", PrecisionDistrict}, {"S", "AIRB", PrecisionTown},
	} {
		if got := PrecisionFor(tt.class, tt.code); got != tt.want {
			t.Errorf("PrecisionFor(%s, %s) = %s, want %s", tt.class, tt.code, got, tt.want)
		}
	}
}

func TestConcurrentSearch(t *testing.T) {
	g := mustLoad(t)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Go(func() {
			for _, q := range []string{"Aleppo", "Deir ez Zor", "Damscus", "حلب"} {
				if len(g.Search(q, 5)) == 0 {
					t.Errorf("no result for %q", q)
				}
			}
		})
	}
	wg.Wait()
}
