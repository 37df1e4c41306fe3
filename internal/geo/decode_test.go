package geo

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// sq is a closed square ring from (x0,y0) with side s, counter-clockwise.
func sq(x0, y0, s float64) string {
	return fmt.Sprintf("[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]",
		x0, y0, x0+s, y0, x0+s, y0+s, x0, y0+s, x0, y0)
}

func poly(rings ...string) string {
	return `{"type":"Polygon","coordinates":[` + strings.Join(rings, ",") + `]}`
}

func multi(polys ...string) string {
	return `{"type":"MultiPolygon","coordinates":[` + strings.Join(polys, ",") + `]}`
}

// decodeCases are inputs that must be rejected; their messages are golden.
var decodeCases = []struct {
	name   string
	accept Kind
	lim    Limits
	in     string
	code   Code
}{
	{"not json", KindAny, Limits{}, `{"type":`, CodeSyntax},
	{"array", KindAny, Limits{}, `[1,2]`, CodeSyntax},
	{"null", KindAny, Limits{}, `null`, CodeSyntax},
	{"duplicate member", KindAny, Limits{}, `{"type":"Point","type":"Polygon","coordinates":[1,2]}`, CodeSyntax},
	{"lone surrogate", KindAny, Limits{}, `{"type":"Point","coordinates":[1,2],"name":"\ud800"}`, CodeSyntax},
	{"missing type", KindAny, Limits{}, `{"coordinates":[1,2]}`, CodeType},
	{"type not string", KindAny, Limits{}, `{"type":5,"coordinates":[1,2]}`, CodeType},
	{"type wrong case", KindAny, Limits{}, `{"type":"point","coordinates":[1,2]}`, CodeType},
	{"unknown type", KindAny, Limits{}, `{"type":"Circle","coordinates":[1,2]}`, CodeType},
	{"feature", KindPolygonal, Limits{}, `{"type":"Feature","geometry":null}`, CodeType},
	{"collection", KindAny, Limits{}, `{"type":"GeometryCollection","geometries":[]}`, CodeType},
	{"point not accepted", KindPolygonal, Limits{}, `{"type":"Point","coordinates":[1,2]}`, CodeType},
	{"missing coordinates", KindAny, Limits{}, `{"type":"Point"}`, CodeEmpty},
	{"null coordinates", KindAny, Limits{}, `{"type":"Point","coordinates":null}`, CodeNesting},
	{"point too deep", KindAny, Limits{}, `{"type":"Point","coordinates":[[1,2]]}`, CodeNesting},
	{"point string", KindAny, Limits{}, `{"type":"Point","coordinates":["1",2]}`, CodeNumber},
	{"point null number", KindAny, Limits{}, `{"type":"Point","coordinates":[1,null]}`, CodeNumber},
	{"point one number", KindAny, Limits{}, `{"type":"Point","coordinates":[1]}`, CodePosition},
	{"point empty", KindAny, Limits{}, `{"type":"Point","coordinates":[]}`, CodePosition},
	{"point four numbers", KindAny, Limits{}, `{"type":"Point","coordinates":[1,2,3,4]}`, CodePosition},
	{"point overflow", KindAny, Limits{}, `{"type":"Point","coordinates":[1e400,2]}`, CodeNumber},
	{"longitude range", KindAny, Limits{}, `{"type":"Point","coordinates":[180.5,2]}`, CodeRange},
	{"latitude range", KindAny, Limits{}, `{"type":"Point","coordinates":[35,-90.01]}`, CodeRange},
	{"line empty", KindAny, Limits{}, `{"type":"LineString","coordinates":[]}`, CodeEmpty},
	{"line one", KindAny, Limits{}, `{"type":"LineString","coordinates":[[1,2]]}`, CodeTooFew},
	{"line duplicates", KindAny, Limits{}, `{"type":"LineString","coordinates":[[1,2],[1,2,5]]}`, CodeTooFew},
	{"line too shallow", KindAny, Limits{}, `{"type":"LineString","coordinates":[1,2]}`, CodeNesting},
	{"line bad vertex", KindAny, Limits{}, `{"type":"LineString","coordinates":[[1,2],[3,4],[5,95]]}`, CodeRange},
	{"line antimeridian", KindAny, Limits{MaxSpanDeg: -1}, `{"type":"LineString","coordinates":[[179,2],[-179,2]]}`, CodeAntimeridian},
	{"line span", KindAny, Limits{}, `{"type":"LineString","coordinates":[[10,2],[50,2]]}`, CodeSpan},
	{"polygon no rings", KindAny, Limits{}, `{"type":"Polygon","coordinates":[]}`, CodeEmpty},
	{"ring empty", KindAny, Limits{}, poly(`[]`), CodeEmpty},
	{"ring three", KindAny, Limits{}, poly(`[[0,0],[1,0],[0,0]]`), CodeTooFew},
	{"ring unclosed", KindAny, Limits{}, poly(`[[0,0],[1,0],[1,1],[0,1]]`), CodeUnclosed},
	{"ring collapsed", KindAny, Limits{}, poly(`[[0,0],[1,0],[1,0],[0,0]]`), CodeTooFew},
	{"polygon too deep", KindAny, Limits{}, poly(`[[[0,0]]]`), CodeNesting},
	{"polygon too shallow", KindAny, Limits{}, `{"type":"Polygon","coordinates":[[0,0],[1,0],[1,1],[0,0]]}`, CodeNesting},
	{"polygon object ring", KindAny, Limits{}, poly(`{"a":1}`), CodeNesting},
	{"bow tie", KindAny, Limits{}, poly(`[[0,0],[1,1],[1,0],[0,1],[0,0]]`), CodeSelfIntersect},
	{"self touch", KindAny, Limits{}, poly(`[[0,0],[2,0],[2,2],[1,0],[0,2],[0,0]]`), CodeSelfIntersect},
	{"figure eight", KindAny, Limits{}, poly(`[[0,0],[1,1],[2,0],[2,2],[1,1],[0,2],[0,0]]`), CodeSelfIntersect},
	{"spike", KindAny, Limits{}, poly(`[[0,0],[2,0],[3,0],[2,0],[2,2],[0,2],[0,0]]`), CodeSelfIntersect},
	{"collinear ring", KindAny, Limits{}, poly(`[[0,0],[1,0],[2,0],[0,0]]`), CodeSelfIntersect},
	{"hole outside", KindAny, Limits{}, poly(sq(0, 0, 4), sq(10, 10, 1)), CodeHoleOutside},
	{"hole crosses shell", KindAny, Limits{}, poly(sq(0, 0, 4), sq(3, 1, 2)), CodeRingCross},
	{"hole shares edge", KindAny, Limits{}, poly(sq(0, 0, 4), sq(0, 0, 1)), CodeRingCross},
	{"hole crosses at vertex", KindAny, Limits{}, poly(sq(0, 0, 4), `[[4,2],[5,1],[5,3],[3,3],[4,2]]`), CodeRingCross},
	{"hole crosses through shell vertices", KindAny, Limits{}, poly(sq(0, 0, 4), `[[2,2],[6,6],[6,2],[4,0],[2,2]]`), CodeRingCross},
	{"holes cross", KindAny, Limits{}, poly(sq(0, 0, 10), sq(1, 1, 3), sq(2, 2, 3)), CodeRingCross},
	{"nested holes", KindAny, Limits{}, poly(sq(0, 0, 10), sq(1, 1, 6), sq(2, 2, 1)), CodeNestedHole},
	{"hole touches twice", KindAny, Limits{}, poly(sq(0, 0, 4), `[[0,2],[2,1],[4,2],[2,3],[0,2]]`), CodeDisconnected},
	{"holes chain", KindAny, Limits{}, poly(sq(0, 0, 6), `[[0,3],[2,2],[3,3],[2,4],[0,3]]`, `[[3,3],[4,2],[6,3],[4,4],[3,3]]`), CodeDisconnected},
	{"multipolygon empty", KindAny, Limits{}, `{"type":"MultiPolygon","coordinates":[]}`, CodeEmpty},
	{"multipolygon empty polygon", KindAny, Limits{}, multi(`[`+sq(0, 0, 1)+`]`, `[]`), CodeEmpty},
	{"multipolygon overlap", KindAny, Limits{}, multi(`[`+sq(0, 0, 2)+`]`, `[`+sq(1, 1, 2)+`]`), CodePolygonOverlap},
	{"multipolygon inside", KindAny, Limits{}, multi(`[`+sq(0, 0, 4)+`]`, `[`+sq(1, 1, 1)+`]`), CodePolygonOverlap},
	{"multipolygon shared edge", KindAny, Limits{}, multi(`[`+sq(0, 0, 1)+`]`, `[`+sq(1, 0, 1)+`]`), CodePolygonOverlap},
	{"multipolygon ring bad", KindAny, Limits{}, multi(`[`+sq(0, 0, 1)+`]`, `[`+sq(5, 5, 1)+`,[[6,6],[6.5,6.5],[6,6]]]`), CodeTooFew},
	{"too many vertices", KindAny, Limits{MaxVertices: 4}, poly(sq(0, 0, 1)), CodeLimit},
	{"too many rings", KindAny, Limits{MaxRings: 1}, poly(sq(0, 0, 4), sq(1, 1, 1)), CodeLimit},
	{"polygon span", KindAny, Limits{}, poly(sq(0, 0, 31)), CodeSpan},
	{"polygon antimeridian", KindAny, Limits{MaxSpanDeg: -1}, poly(`[[179,0],[-179,0],[-179,1],[179,1],[179,0]]`), CodeAntimeridian},
}

func TestDecodeErrorsGolden(t *testing.T) {
	var got strings.Builder
	for _, tc := range decodeCases {
		_, err := Decode(json.RawMessage(tc.in), tc.accept, tc.lim)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: got %v, want *ValidationError", tc.name, err)
			continue
		}
		if ve.Code != tc.code {
			t.Errorf("%s: code %q, want %q (%v)", tc.name, ve.Code, tc.code, ve)
		}
		fmt.Fprintf(&got, "%s: [%s] %s\n", tc.name, ve.Code, ve.Error())
	}
	golden(t, "decode_errors.golden", got.String())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden (run go test -update and review the diff):\n%s", name, got)
	}
}

func TestDecodeValid(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want orb.Geometry
	}{
		{"point", `{"type":"Point","coordinates":[35.5, 33.9]}`, orb.Point{35.5, 33.9}},
		{"point altitude and members", `{"type":"Point","coordinates":[35.5,33.9,120],"bbox":[0,0,0,0],"x":{}}`, orb.Point{35.5, 33.9}},
		{"line dedup", `{"type":"LineString","coordinates":[[1,2],[1,2],[3,4],[3,4],[1,2]]}`,
			orb.LineString{{1, 2}, {3, 4}, {1, 2}}},
		{"polygon clockwise shell reversed", poly(`[[0,0],[0,1],[1,1],[1,0],[0,0]]`),
			orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}},
		{"polygon hole made clockwise", poly(sq(0, 0, 4), sq(1, 1, 1)),
			orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}}},
		{"polygon duplicates removed", poly(`[[0,0],[1,0],[1,0],[1,1],[0,0],[0,0]]`),
			orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}},
		{"hole touching shell once", poly(sq(0, 0, 4), `[[0,2],[2,1],[2,3],[0,2]]`),
			orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{0, 2}, {2, 3}, {2, 1}, {0, 2}}}},
		{"multipolygon touching at a point", multi(`[`+sq(0, 0, 1)+`]`, `[`+sq(1, 1, 1)+`]`),
			orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}, {{{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}}}}},
		{"multipolygon island in hole", multi(`[`+sq(0, 0, 10)+`,`+sq(2, 2, 6)+`]`, `[`+sq(4, 4, 1)+`]`),
			orb.MultiPolygon{
				{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{2, 2}, {2, 8}, {8, 8}, {8, 2}, {2, 2}}},
				{{{4, 4}, {5, 4}, {5, 5}, {4, 5}, {4, 4}}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := Decode(json.RawMessage(tc.in), KindAny, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(g) != fmt.Sprint(tc.want) {
				t.Errorf("got  %v\nwant %v", g, tc.want)
			}
		})
	}
}

func TestDecodeHelpers(t *testing.T) {
	mp, err := DecodePolygonal(json.RawMessage(poly(sq(35, 33, 1))), Limits{})
	if err != nil || len(mp) != 1 {
		t.Fatalf("DecodePolygonal: %v %v", mp, err)
	}
	if _, err := DecodePolygonal(json.RawMessage(`{"type":"Point","coordinates":[1,2]}`), Limits{}); err == nil {
		t.Error("DecodePolygonal accepted a Point")
	}
	if p, err := DecodePoint(json.RawMessage(`{"type":"Point","coordinates":[1,2]}`)); err != nil || p != (orb.Point{1, 2}) {
		t.Errorf("DecodePoint: %v %v", p, err)
	}
	if ls, err := DecodeLineString(json.RawMessage(`{"type":"LineString","coordinates":[[1,2],[2,3]]}`), Limits{}); err != nil || len(ls) != 2 {
		t.Errorf("DecodeLineString: %v %v", ls, err)
	}
}
