package features

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ogc/cql2"
)

// fixed is a collection over a fixed list, for the registry's tests.
type fixed []*Feature

func (fixed) Info() Info {
	return Info{ID: "fixed", Queryables: []Queryable{{Name: "kind", Type: cql2.String}, {Name: "n", Type: cql2.Integer}}}
}

func (c fixed) Each(_ context.Context, _ access.Principal, q *Query, yield func(*Feature) error) error {
	return eachSorted(slices.Clone([]*Feature(c)), q.After, yield)
}

func (c fixed) Get(_ context.Context, _ access.Principal, id string) (*Feature, error) {
	return nil, fault.ErrNotFound
}

func tp(s string) *time.Time { t, _ := time.Parse(time.RFC3339, s); return &t }

func sample() fixed {
	return fixed{
		{ID: "c", Geometry: json.RawMessage(`{"type":"Point","coordinates":[37,36]}`), Start: tp("2016-07-10T00:00:00Z"), End: tp("2016-07-10T01:00:00Z"),
			Props: []Prop{{"kind", "a"}, {"n", 1}}},
		{ID: "a", Geometry: json.RawMessage(`{"type":"LineString","coordinates":[[30,30],[31,31]]}`), Start: tp("2016-08-01T00:00:00Z"),
			Props: []Prop{{"kind", "b"}, {"n", 2}}},
		{ID: "b", Geometry: json.RawMessage(`null`), Props: []Prop{{"kind", "a"}, {"n", nil}}},
	}
}

func TestRegistryEachFiltersAndPages(t *testing.T) {
	r := NewRegistry()
	r.Register(sample())
	parse := func(s string) cql2.Expr {
		e, err := cql2.Parse(s, QueryablesOf(fixed{}.Info()))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	cases := []struct {
		name string
		q    Query
		want []string
	}{
		{"all, by id", Query{}, []string{"a", "b", "c"}},
		{"after", Query{After: "a"}, []string{"b", "c"}},
		{"bbox", Query{BBox: &orb.Bound{Min: orb.Point{36, 35}, Max: orb.Point{38, 37}}}, []string{"c"}},
		{"bbox meets a line", Query{BBox: &orb.Bound{Min: orb.Point{30.4, 30}, Max: orb.Point{30.6, 31}}}, []string{"a"}},
		{"from", Query{From: tp("2016-07-10T00:30:00Z")}, []string{"a", "c"}},
		{"to", Query{To: tp("2016-07-09T00:00:00Z")}, nil},
		{"interval", Query{From: tp("2016-07-11T00:00:00Z"), To: tp("2016-07-12T00:00:00Z")}, nil},
		{"equal", Query{Equal: map[string]string{"kind": "a"}}, []string{"b", "c"}},
		{"filter", Query{Filter: parse("n >= 1 AND NOT id = 'a'")}, []string{"c"}},
		{"filter null", Query{Filter: parse("n IS NULL")}, []string{"b"}},
		{"filter datetime", Query{Filter: parse("T_INTERSECTS(datetime, INTERVAL('2016-07-31T00:00:00Z', '..'))")}, []string{"a"}},
	}
	for _, tc := range cases {
		var got []string
		if err := r.Each(context.Background(), access.Public, "fixed", &tc.q, func(f *Feature) error { got = append(got, f.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	n := 0
	if err := r.Each(context.Background(), access.Public, "fixed", &Query{}, func(*Feature) error { n++; return ErrStop }); err != nil || n != 1 {
		t.Fatalf("ErrStop: %v after %d", err, n)
	}
	if _, err := r.Collection("nope"); !errors.Is(err, ErrUnknownCollection) {
		t.Fatalf("unknown collection: %v", err)
	}
}

func TestDecodeGeometry(t *testing.T) {
	for _, g := range []string{`{"type":"Point","coordinates":[1,2]}`, `{"type":"MultiPoint","coordinates":[[1,2]]}`,
		`{"type":"MultiLineString","coordinates":[[[1,2],[3,4]]]}`, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}`,
		`{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}`} {
		if _, err := decodeGeometry(json.RawMessage(g)); err != nil {
			t.Errorf("%s: %v", g, err)
		}
	}
	if _, err := decodeGeometry(json.RawMessage(`{"type":"Circle"}`)); err == nil {
		t.Error("a Circle decoded")
	}
}
