package encode

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"truce/internal/features"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func at(s string) *time.Time { t, _ := time.Parse(time.RFC3339, s); return &t }

// sample returns features of every geometry type, with text that needs
// escaping in each format.
func sample() []*features.Feature {
	return []*features.Feature{
		{ID: "inc-1", Geometry: json.RawMessage(`{"type":"Point","coordinates":[37.1,36.2]}`), Start: at("2016-07-10T08:00:00Z"), End: at("2016-07-10T09:00:00Z"),
			Props: []features.Prop{{Name: "category", Value: "shelling_missile"}, {Name: "place_name", Value: `Al-Ra'i "market" <&> ` + "\u2028\x01"},
				{Name: "killed", Value: 3}, {Name: "buffer_m", Value: 250.5}, {Name: "parties", Value: []string{"ru", "us"}}, {Name: "note", Value: nil}}},
		{ID: "inc-2", Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[36.9,35.9],[37.3,35.9],[37.3,36.3],[36.9,35.9]]]}`),
			Props: []features.Prop{{Name: "category", Value: "=HYPERLINK(\"x\")"}, {Name: "place_name", Value: "مستشفى"}, {Name: "killed", Value: -1}}},
		{ID: "mov-1", Geometry: json.RawMessage(`{"type":"LineString","coordinates":[[37,36],[37.1,36.1]]}`), Start: at("2030-09-19T08:00:00Z"),
			Props: []features.Prop{{Name: "category", Value: "food"}}},
		{ID: "zone-1.v1", Geometry: json.RawMessage(`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}`),
			Props: []features.Prop{{Name: "category", Value: "ceasefire_area"}}},
		{ID: "alert-1", Geometry: json.RawMessage("null"), Props: []features.Prop{{Name: "category", Value: "acknowledgement_overdue"}}},
	}
}

var columns = []features.Column{{Header: "id", Tag: "#event+id", Prop: "@id"}, {Header: "category", Tag: "#event+type", Prop: "category"},
	{Header: "place", Tag: "#loc+name", Prop: "place_name"}, {Header: "killed", Tag: "#affected+killed", Prop: "killed"},
	{Header: "latitude", Tag: "#geo+lat", Prop: "@lat"}, {Header: "longitude", Tag: "#geo+lon", Prop: "@lon"},
	{Header: "parties", Tag: "#org", Prop: "parties"}, {Header: "wkt", Tag: "#geo+wkt", Prop: "@wkt"}}

func write(t *testing.T, f Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, f, features.Info{ID: "test", Title: "Test", Columns: columns})
	if err != nil {
		t.Fatal(err)
	}
	for _, ft := range sample() {
		if err := w.Write(ft); err != nil {
			t.Fatal(err)
		}
	}
	if g, ok := w.(*GeoJSONWriter); ok {
		g.Members = []Member{{Name: "numberReturned", Value: g.Count()}}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGolden compares each format with its golden file (go test -update
// rewrites them) and parses it back with a reader of the format.
func TestGolden(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			got := write(t, f)
			golden := filepath.Join("testdata", "sample."+f.Extension())
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("output differs from %s (run go test -update and review the diff):\n%s", golden, got)
			}
			switch f {
			case GeoJSON:
				var fc struct {
					Type           string
					Features       []map[string]any
					NumberReturned int `json:"numberReturned"`
				}
				if err := json.Unmarshal(got, &fc); err != nil || fc.Type != "FeatureCollection" || len(fc.Features) != 5 || fc.NumberReturned != 5 {
					t.Fatalf("geojson: %v %+v", err, fc)
				}
				if p := fc.Features[0]["properties"].(map[string]any)["place_name"]; p != `Al-Ra'i "market" <&> `+"\u2028\x01" {
					t.Fatalf("place_name round-trips as %q", p)
				}
			case KML:
				var doc struct {
					Placemarks []struct {
						ID string `xml:"id,attr"`
					} `xml:"Document>Placemark"`
				}
				if err := xml.Unmarshal(got, &doc); err != nil || len(doc.Placemarks) != 5 {
					t.Fatalf("kml: %v %+v", err, doc)
				}
			case CSV, HXL:
				rows, err := csv.NewReader(bytes.NewReader(got)).ReadAll()
				if f == HXL {
					if err != nil || len(rows) != 7 || rows[1][0] != "#event+id" {
						t.Fatalf("hxl: %v %v", err, rows)
					}
					rows = append(rows[:1], rows[2:]...)
				}
				if err != nil || len(rows) != 6 || rows[1][0] != "inc-1" {
					t.Fatalf("csv: %v %v", err, rows)
				}
				if rows[2][1] != `'=HYPERLINK("x")` || rows[2][3] != "-1" {
					t.Fatalf("formula not defused or number mangled: %v", rows[2])
				}
			case CSVT:
				rows, err := csv.NewReader(bytes.NewReader(got)).ReadAll()
				if err != nil || len(rows) != 1 || rows[0][0] != "String" || rows[0][7] != "WKT" {
					t.Fatalf("csvt: %v %v", err, rows)
				}
			}
		})
	}
}

func TestCSVNeedsColumns(t *testing.T) {
	for _, f := range []Format{CSV, HXL, CSVT} {
		if _, err := NewWriter(&bytes.Buffer{}, f, features.Info{ID: "zones"}); err != ErrNoCSV {
			t.Fatalf("%s: err = %v, want ErrNoCSV", f, err)
		}
	}
}
