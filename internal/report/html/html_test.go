package html

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"truce/internal/report/doc"
)

// sample is a small document with every kind of block.
func sample(lang string, rtl bool) doc.Document {
	prev := int64(3)
	return doc.Document{Title: "Report <1>", Lang: lang, RTL: rtl, Footer: "end",
		Meta: []doc.Field{{Label: "Period", Value: "a – b"}},
		Sections: []doc.Section{{ID: "s", Heading: "Figures", Blocks: []doc.Block{
			doc.Paragraph{Text: "<script>alert(1)</script>"},
			doc.Figures{Items: []doc.Figure{{Label: "Incidents", Value: 5, Previous: &prev, Refs: []doc.Ref{{Origin: "o", Index: 42}}}}},
			doc.Table{Caption: "T", Columns: []string{"a", "b"}, Rows: [][]doc.Cell{{{Text: "x", Link: "/incidents/inc_1"}, {Text: "2", Numeric: true, Refs: []doc.Ref{{Origin: "o", Index: 7}}}}}},
			doc.BarChart{Title: "C", Labels: []string{"d1", "d2"}, Series: []doc.Series{{Name: "n", Values: []float64{1, 2}}}},
			doc.Map{Title: "M", Bound: orb.Bound{Min: orb.Point{36, 33}, Max: orb.Point{38, 35}},
				Layers: []doc.MapLayer{{Name: "z", Style: "zone", Features: []doc.MapFeature{{Geometry: orb.Polygon{{{36, 33}, {37, 33}, {37, 34}, {36, 33}}}}}},
					{Name: "i", Style: "incident.confirmed", Features: []doc.MapFeature{{Geometry: orb.Point{37, 34}}}}}},
		}}}}
}

func TestRender(t *testing.T) {
	for _, c := range []struct {
		lang string
		rtl  bool
		want []string
	}{
		{"en", false, []string{`<html lang="en" dir="ltr">`}},
		{"ar", true, []string{`<html lang="ar" dir="rtl">`}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			out, err := Render(sample(c.lang, c.rtl), Options{Base: "https://node.example"})
			if err != nil {
				t.Fatal(err)
			}
			page := string(out)
			for _, w := range append(c.want,
				`href="https://node.example/api/v1/log/entries/42"`,
				`href="https://node.example/api/v1/log/entries/7"`,
				`href="https://node.example/incidents/inc_1"`,
				`<span class="delta">(&#43;2)</span>`,
				`&lt;script&gt;alert(1)&lt;/script&gt;`,
				`Report &lt;1&gt;`,
				`<circle`, `<path d="M`, `<rect x=`) {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %s", w)
				}
			}
			for _, bad := range []string{"<script", `src="http`, `<link`} {
				if strings.Contains(page, bad) {
					t.Errorf("page holds %s: it must need nothing from elsewhere", bad)
				}
			}
		})
	}
}

func TestBarChartRunsRightToLeft(t *testing.T) {
	c := &doc.BarChart{Labels: []string{"first", "second"}, Series: []doc.Series{{Name: "n", Values: []float64{1, 1}}}}
	ltr, rtl := barChartSVG(c, false), barChartSVG(c, true)
	if !(xOf(ltr, "first") < xOf(ltr, "second")) || !(xOf(rtl, "first") > xOf(rtl, "second")) {
		t.Errorf("labels ltr %v %v, rtl %v %v", xOf(ltr, "first"), xOf(ltr, "second"), xOf(rtl, "first"), xOf(rtl, "second"))
	}
}

// xOf returns the x coordinate of the text element labelled label.
func xOf(svg, label string) float64 {
	i := strings.Index(svg, ">"+label+"</text>")
	j := strings.LastIndex(svg[:i], `<text x="`)
	var v float64
	for _, r := range svg[j+len(`<text x="`):] {
		if r == '"' {
			break
		}
		if r >= '0' && r <= '9' {
			v = v*10 + float64(r-'0')
		} else if r == '.' {
			break
		}
	}
	return v
}

// TestMapDrawsTheBasemap checks that a map asking for the basemap draws
// the Natural Earth outlines in its view (with their attribution) and a
// map that does not ask draws none.
func TestMapDrawsTheBasemap(t *testing.T) {
	for _, c := range []struct {
		name    string
		basemap bool
	}{{"with basemap", true}, {"without", false}} {
		t.Run(c.name, func(t *testing.T) {
			d := sample("en", false)
			m := d.Sections[0].Blocks[4].(doc.Map)
			m.Basemap = c.basemap
			d.Sections[0].Blocks[4] = m
			out, err := Render(d, Options{})
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			i := strings.Index(s, `<g class="basemap">`)
			if got := i >= 0; got != c.basemap {
				t.Fatalf("basemap drawn = %v, want %v", got, c.basemap)
			}
			if !c.basemap {
				return
			}
			if n := strings.Count(s[i:strings.Index(s[i:], "</g>")+i], "<path"); n < 5 {
				t.Errorf("basemap has %d outlines around Syria, want several", n)
			}
			if !strings.Contains(s, "Natural Earth") {
				t.Error("no attribution under a map with a basemap")
			}
		})
	}
}
