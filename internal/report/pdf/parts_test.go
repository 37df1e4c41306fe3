package pdf

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"truce/internal/report/doc"
)

func TestCompactRefs(t *testing.T) {
	un, us := "truce.un.example/un", "truce.us.example/us"
	tests := []struct {
		name string
		refs []doc.Ref
		want string
	}{
		{"none", nil, ""},
		{"one", []doc.Ref{{Origin: un, Index: 1204}}, "un#1204"},
		{"range and gap", []doc.Ref{{Origin: un, Index: 1206}, {Origin: un, Index: 1204}, {Origin: un, Index: 1205}, {Origin: un, Index: 1300}}, "un#1204–1206,1300"},
		{"duplicates", []doc.Ref{{Origin: un, Index: 7}, {Origin: un, Index: 7}}, "un#7"},
		{"two origins in first-seen order", []doc.Ref{{Origin: us, Index: 17}, {Origin: un, Index: 3}, {Origin: us, Index: 18}}, "us#17–18 un#3"},
		{"origin without a path", []doc.Ref{{Origin: "log", Index: 1204}}, "log#1204"},
		{"empty origin", []doc.Ref{{Index: 1}}, "log#1"},
		{"largest index", []doc.Ref{{Origin: un, Index: math.MaxUint64}, {Origin: un, Index: math.MaxUint64 - 1}}, "un#18446744073709551614–18446744073709551615"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compactRefs(tt.refs); got != tt.want {
				t.Fatalf("compactRefs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestChange(t *testing.T) {
	tests := []struct {
		value, previous int64
		want            string
	}{
		{15, 12, "+3 (12)"},
		{7, 9, "-2 (9)"},
		{5, 5, "0 (5)"},
		{math.MinInt64, 0, "-9223372036854775808 (0)"},
	}
	for _, tt := range tests {
		if got := change(tt.value, tt.previous); got != tt.want {
			t.Errorf("change(%d, %d) = %q, want %q", tt.value, tt.previous, got, tt.want)
		}
	}
}

func TestNiceScale(t *testing.T) {
	tests := []struct {
		max, step, top float64
	}{
		{0, 1, 5}, {math.NaN(), 1, 5}, {5e-324, 1, 5}, {math.MaxFloat64, 1, 5}, {4, 1, 4}, {57, 20, 60}, {100, 20, 100}, {0.3, 0.1, 0.30000000000000004}, {1234, 500, 1500},
	}
	for _, tt := range tests {
		step, top := niceScale(tt.max)
		if step != tt.step || top != tt.top {
			t.Errorf("niceScale(%v) = %v, %v; want %v, %v", tt.max, step, top, tt.step, tt.top)
		}
	}
}

func TestViewBound(t *testing.T) {
	tests := []struct {
		name string
		in   orb.Bound
		want orb.Bound
		ok   bool
	}{
		{"as is", orb.Bound{Min: orb.Point{36, 35}, Max: orb.Point{38, 37}}, orb.Bound{Min: orb.Point{36, 35}, Max: orb.Point{38, 37}}, true},
		{"a point widens", orb.Bound{Min: orb.Point{37, 36}, Max: orb.Point{37, 36}}, orb.Bound{Min: orb.Point{36.95, 35.95}, Max: orb.Point{37.05, 36.05}}, true},
		{"swapped corners", orb.Bound{Min: orb.Point{38, 37}, Max: orb.Point{36, 35}}, orb.Bound{Min: orb.Point{36, 35}, Max: orb.Point{38, 37}}, true},
		{"clamped to the globe", orb.Bound{Min: orb.Point{-500, -95}, Max: orb.Point{500, 95}}, orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}, true},
		{"not finite", orb.Bound{Min: orb.Point{math.NaN(), 0}, Max: orb.Point{1, 1}}, orb.Bound{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := viewBound(tt.in)
			if ok != tt.ok || (ok && !got.Equal(tt.want)) {
				t.Fatalf("viewBound = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// FuzzRender feeds arbitrary text to every text field of a document with every block kind, in
// both directions, and arbitrary numbers to its figures, charts and map: Render must not panic
// and must not fail.
func FuzzRender(f *testing.F) {
	f.Add("Daily report", "مرحبا us#1204 (5–7)", "Ежедневная сводка", 12.5, true)
	f.Add("\u202Bx\u202C\x00\t\n\r", "\U0001F600 日本 \uFFFF \u0301", "ـــ لا", math.Inf(1), false)
	f.Add("", "", "", math.NaN(), true)
	f.Add("\xe2", "(ru) /Lang", "ar) >>", 0.0, false) // invalid UTF-8 in the title; a language tag that is not one
	f.Fuzz(func(t *testing.T, a, b, c string, v float64, rtl bool) {
		prev := int64(v)
		d := doc.Document{
			Title: a, Subtitle: b, Lang: c, RTL: rtl, Footer: c,
			Meta: []doc.Field{{Label: a, Value: b}},
			Sections: []doc.Section{{ID: c, Heading: b, Blocks: []doc.Block{
				doc.Paragraph{Text: a + " " + b + " " + c},
				doc.Figures{Items: []doc.Figure{{Label: b, Value: int64(v), Previous: &prev, Refs: []doc.Ref{{Origin: c, Index: uint64(len(a))}}}}},
				doc.Table{Caption: c, Columns: []string{a, b}, Rows: [][]doc.Cell{{{Text: b, Numeric: true, Refs: []doc.Ref{{Origin: a}}}, {Text: c}}}},
				doc.BarChart{Title: a, Labels: []string{b, c}, Series: []doc.Series{{Name: c, Values: []float64{v, -v}}}},
				doc.Map{Title: b, Bound: orb.Bound{Min: orb.Point{v, 35}, Max: orb.Point{38, v}}, Basemap: rtl,
					Layers: []doc.MapLayer{{Name: a, Style: c, Features: []doc.MapFeature{{Geometry: orb.Point{v, v}, Label: b}, {Geometry: orb.LineString{{v, 1}}, Label: a}}}}},
			}}},
		}
		if _, err := Render(d); err != nil {
			t.Fatalf("Render: %v", err)
		}
	})
}
