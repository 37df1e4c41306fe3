package basemap

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"truce/internal/gazetteer"
)

type featureCollection struct {
	Type     string `json:"type"`
	Features []struct {
		Type       string         `json:"type"`
		ID         string         `json:"id"`
		Properties map[string]any `json:"properties"`
		Geometry   struct {
			Type        string           `json:"type"`
			Coordinates [][][][2]float64 `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// decode parses b strictly as a FeatureCollection of MultiPolygons and
// checks every ring: closed, at least four positions, inside the region's
// bounding box, exterior counter-clockwise and holes clockwise (RFC 7946).
func decode(t *testing.T, b []byte) featureCollection {
	t.Helper()
	var fc featureCollection
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fc); err != nil {
		t.Fatalf("not valid GeoJSON of the expected shape: %v", err)
	}
	if fc.Type != "FeatureCollection" {
		t.Fatalf("type %q", fc.Type)
	}
	for _, f := range fc.Features {
		if f.Type != "Feature" || f.Geometry.Type != "MultiPolygon" || len(f.Geometry.Coordinates) == 0 {
			t.Fatalf("feature %s: type %q geometry %q with %d polygons", f.ID, f.Type, f.Geometry.Type, len(f.Geometry.Coordinates))
		}
		for pi, poly := range f.Geometry.Coordinates {
			for ri, r := range poly {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Fatalf("feature %s polygon %d ring %d: %d positions, closed=%v", f.ID, pi, ri, len(r), r[0] == r[len(r)-1])
				}
				for _, p := range r {
					if p[0] < 24 || p[0] > 50 || p[1] < 29 || p[1] > 43 {
						t.Fatalf("feature %s: position %v outside the region", f.ID, p)
					}
				}
				if ccw := area(r) > 0; ccw != (ri == 0) {
					t.Errorf("feature %s polygon %d ring %d: wrong winding", f.ID, pi, ri)
				}
			}
		}
	}
	return fc
}

func area(r [][2]float64) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a
}

// inside reports whether p lies in the MultiPolygon (even-odd rule).
func inside(mp [][][][2]float64, p [2]float64) bool {
	for _, poly := range mp {
		in := false
		for _, r := range poly {
			for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
				if (r[i][1] > p[1]) != (r[j][1] > p[1]) &&
					p[0] < (r[j][0]-r[i][0])*(p[1]-r[i][1])/(r[j][1]-r[i][1])+r[i][0] {
					in = !in
				}
			}
		}
		if in {
			return true
		}
	}
	return false
}

func TestCountries(t *testing.T) {
	fc := decode(t, Countries())
	var got []string
	byCode := map[string]int{}
	for i, f := range fc.Features {
		code, _ := f.Properties["iso_a2"].(string)
		if code != "" {
			got = append(got, code)
			byCode[code] = i
			for _, k := range []string{"name", "name_ar", "name_ru", "iso_a3"} {
				if s, _ := f.Properties[k].(string); s == "" {
					t.Errorf("%s: property %s missing", code, k)
				}
			}
		}
	}
	if !slices.Equal(got, Codes) {
		t.Fatalf("countries %v, want %v", got, Codes)
	}
	// Capitals fall inside their own country and not inside a neighbour
	// (Limassol stands for Cyprus: Nicosia straddles the Green Line).
	capitals := []struct {
		code     string
		lon, lat float64
	}{
		{"SY", 36.29128, 33.5102}, {"LB", 35.49442, 33.88894}, {"JO", 35.94503, 31.95522},
		{"IQ", 44.40088, 33.34058}, {"TR", 32.85427, 39.91987}, {"CY", 33.04133, 34.68406},
	}
	for _, c := range capitals {
		for code, i := range byCode {
			want := code == c.code
			if got := inside(fc.Features[i].Geometry.Coordinates, [2]float64{c.lon, c.lat}); got != want {
				t.Errorf("capital of %s inside %s = %v, want %v", c.code, code, got, want)
			}
		}
	}
}

func TestAdmin1(t *testing.T) {
	fc := decode(t, Admin1())
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	perCountry := map[string]int{}
	ids := map[string]bool{}
	for _, f := range fc.Features {
		if ids[f.ID] {
			t.Errorf("duplicate id %s", f.ID)
		}
		ids[f.ID] = true
		c, _ := f.Properties["country"].(string)
		perCountry[c]++
		if gid, ok := f.Properties["geonames_id"].(float64); ok {
			p, found := g.ByID(int(gid))
			if !found || p.FeatureCode != "ADM1" || p.Country != c {
				t.Errorf("%s: geonames_id %v not a gazetteer ADM1 of %s (%+v)", f.ID, gid, c, p)
			}
		}
	}
	// Natural Earth's counts: Syria's 14 governorates plus the UNDOF zone,
	// Turkey's 81 provinces (a nameless sliver
	// vanishes in simplification), and so on.
	want := map[string]int{"SY": 15, "LB": 6, "JO": 12, "IQ": 18, "TR": 81, "IL": 6, "PS": 2, "CY": 5, "": 1}
	for c, n := range want {
		if perCountry[c] != n {
			t.Errorf("country %q: %d divisions, want %d", c, perCountry[c], n)
		}
	}
	// Aleppo city lies in the Aleppo governorate.
	for _, f := range fc.Features {
		if f.Properties["name"] == "Aleppo" && f.Properties["country"] == "SY" {
			if !inside(f.Geometry.Coordinates, [2]float64{37.16117, 36.20124}) {
				t.Error("Aleppo city is not inside the Aleppo governorate")
			}
			return
		}
	}
	t.Error("no Aleppo governorate")
}

func TestAttribution(t *testing.T) {
	if !strings.Contains(Attribution(), "Natural Earth") {
		t.Errorf("attribution %q does not credit Natural Earth", Attribution())
	}
}

func TestCountriesReturnsCopy(t *testing.T) {
	a := Countries()
	a[0] = 'X'
	if Countries()[0] != '{' {
		t.Fatal("Countries returned shared storage")
	}
}

func BenchmarkAdmin1(b *testing.B) {
	for b.Loop() {
		_ = Admin1()
	}
}
