package encode

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"testing"

	"truce/internal/features"
)

// kmlDoc is a styled KML document as read back.
type kmlDoc struct {
	Styles []struct {
		ID   string `xml:"id,attr"`
		Icon struct {
			Color string `xml:"color"`
			Href  string `xml:"Icon>href"`
		} `xml:"IconStyle"`
		Line struct {
			Color string `xml:"color"`
		} `xml:"LineStyle"`
		Poly struct {
			Color string `xml:"color"`
		} `xml:"PolyStyle"`
	} `xml:"Document>Style"`
	Placemarks []struct {
		ID       string `xml:"id,attr"`
		StyleURL string `xml:"styleUrl"`
	} `xml:"Document>Placemark"`
}

// TestKMLStylesFollowTheMap writes features of each collection and checks
// that each Placemark refers to a Style the document defines, with the
// web map's colour for its kind or status (KML writes aabbggrr) and an
// icon per incident category; a value the map does not know gets no
// style rather than a wrong one.
func TestKMLStylesFollowTheMap(t *testing.T) {
	point := json.RawMessage(`{"type":"Point","coordinates":[37.1,36.2]}`)
	area := json.RawMessage(`{"type":"Polygon","coordinates":[[[36.9,35.9],[37.3,35.9],[37.3,36.3],[36.9,35.9]]]}`)
	props := func(kv ...string) []features.Prop {
		var ps []features.Prop
		for i := 0; i+1 < len(kv); i += 2 {
			ps = append(ps, features.Prop{Name: kv[i], Value: kv[i+1]})
		}
		return ps
	}
	for _, tc := range []struct {
		collection             string
		feature                *features.Feature
		style                  string // "" for none
		icon, line, poly, href string
	}{
		{"zones", &features.Feature{ID: "z1", Geometry: area, Props: props("kind", "humanitarian_corridor", "status", "in_force")},
			"zone-humanitarian_corridor", "", "ff377f1a", "33377f1a", ""},
		{"zones", &features.Feature{ID: "z2", Geometry: area, Props: props("kind", "demilitarized_zone", "status", "proposed")},
			"zone-demilitarized_zone-pending", "", "992e22cf", "142e22cf", ""},
		{"zones", &features.Feature{ID: "z3", Geometry: area, Props: props("kind", "unknown_kind", "status", "in_force")}, "", "", "", "", ""},
		{"incidents", &features.Feature{ID: "i1", Geometry: point, Props: props("category", "air_strike", "status", "confirmed")},
			"incident-air_strike-confirmed", "ff1a16a4", "", "", googleShapes + "airports.png"},
		{"incidents", &features.Feature{ID: "i2", Geometry: point, Props: props("category", "shelling_missile", "status", "reported")},
			"incident-shelling_missile-reported", "ff0677d9", "", "", googleShapes + "triangle.png"},
		{"incidents", &features.Feature{ID: "i3", Geometry: point, Props: props("category", "other", "status", "no_such_status")}, "", "", "", "", ""},
		{"movements", &features.Feature{ID: "m1", Geometry: area, Props: props("status", "active")}, "movements", "ff0c59e8", "ff0c59e8", "330c59e8", googleShapes + "placemark_circle.png"},
		{"test", &features.Feature{ID: "t1", Geometry: point}, "", "", "", "", ""},
	} {
		var buf bytes.Buffer
		w := NewKMLFor(&buf, features.Info{ID: tc.collection, Title: tc.collection})
		if err := w.Write(tc.feature); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		var doc kmlDoc
		if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil || len(doc.Placemarks) != 1 {
			t.Fatalf("%s: %v\n%s", tc.feature.ID, err, buf.Bytes())
		}
		url := doc.Placemarks[0].StyleURL
		if tc.style == "" {
			if url != "" {
				t.Errorf("%s: styleUrl %q, want none", tc.feature.ID, url)
			}
			continue
		}
		if url != "#"+tc.style {
			t.Errorf("%s: styleUrl %q, want #%s", tc.feature.ID, url, tc.style)
			continue
		}
		found := false
		for _, s := range doc.Styles {
			if s.ID != tc.style {
				continue
			}
			found = true
			if s.Icon.Color != tc.icon || s.Line.Color != tc.line || s.Poly.Color != tc.poly || s.Icon.Href != tc.href {
				t.Errorf("%s: style %+v", tc.feature.ID, s)
			}
		}
		if !found {
			t.Errorf("%s: the document defines no style %s", tc.feature.ID, tc.style)
		}
	}
}
