package doc

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestJSONRoundTrip(t *testing.T) {
	prev := int64(2)
	d := Document{Title: "t", Lang: "ar", RTL: true, Meta: []Field{{Label: "a", Value: "b"}},
		Sections: []Section{{ID: "s", Heading: "h", Blocks: []Block{
			Paragraph{Text: "p"},
			Figures{Items: []Figure{{Label: "n", Value: 3, Previous: &prev, Refs: []Ref{{Origin: "o", Index: 9}}}}},
			Table{Caption: "c", Columns: []string{"x"}, Rows: [][]Cell{{{Text: "1", Numeric: true, Refs: []Ref{{Origin: "o", Index: 1}}}}}},
			BarChart{Title: "b", Labels: []string{"d"}, Series: []Series{{Name: "s", Values: []float64{1}}}},
			Map{Title: "m", Bound: orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}, Layers: []MapLayer{{Name: "l", Style: "zone",
				Features: []MapFeature{{Geometry: orb.Point{1, 2}, Label: "x"}, {Geometry: orb.Polygon{{{1, 2}, {3, 2}, {3, 4}, {1, 2}}}}}}}},
		}}}}
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{`"type":"paragraph"`, `"type":"figures"`, `"type":"table"`, `"type":"bar_chart"`, `"type":"map"`, `"type":"Polygon"`} {
		if !strings.Contains(string(raw), typ) {
			t.Errorf("JSON lacks %s: %s", typ, raw)
		}
	}
	var back Document
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, d) {
		t.Errorf("round trip changed the document:\n%+v\n%+v", back, d)
	}
	if err := json.Unmarshal([]byte(`{"Sections":[{"ID":"s","Blocks":[{"type":"video"}]}]}`), &back); err == nil {
		t.Error("an unknown block type was accepted")
	}
}
