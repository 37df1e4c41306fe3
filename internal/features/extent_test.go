package features_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/features"
)

// fixedCollection yields its features to everyone.
type fixedCollection []*features.Feature

func (c fixedCollection) Info() features.Info { return features.Info{ID: "fixed"} }

func (c fixedCollection) Each(ctx context.Context, by access.Principal, q *features.Query, yield func(*features.Feature) error) error {
	for _, f := range c {
		if err := yield(f); err != nil {
			if err == features.ErrStop {
				return nil
			}
			return err
		}
	}
	return nil
}

func (c fixedCollection) Get(ctx context.Context, by access.Principal, id string) (*features.Feature, error) {
	return nil, nil
}

// TestExtentOf checks the bounding box, the interval with its open ends,
// a collection without geometry or time, and the cap on features read.
func TestExtentOf(t *testing.T) {
	at := func(s string) *time.Time { v, _ := time.Parse(time.RFC3339, s); return &v }
	pt := func(lon, lat float64) json.RawMessage {
		b, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{lon, lat}})
		return b
	}
	for _, tc := range []struct {
		name       string
		c          fixedCollection
		max        int
		unbounded  bool
		bbox       [4]float64
		hasBBox    bool
		start, end *time.Time
		hasTime    bool
	}{
		{"points and closed times", fixedCollection{{Geometry: pt(36, 35), Start: at("2016-07-01T00:00:00Z"), End: at("2016-07-02T00:00:00Z")},
			{Geometry: pt(38, 37), Start: at("2016-06-01T00:00:00Z"), End: at("2016-06-03T00:00:00Z")}}, 10, false,
			[4]float64{36, 35, 38, 37}, true, at("2016-06-01T00:00:00Z"), at("2016-07-02T00:00:00Z"), true},
		{"an open end", fixedCollection{{Geometry: pt(36, 35), Start: at("2016-07-01T00:00:00Z")},
			{Geometry: pt(36, 35), Start: at("2016-06-01T00:00:00Z"), End: at("2016-06-03T00:00:00Z")}}, 10, false,
			[4]float64{36, 35, 36, 35}, true, at("2016-06-01T00:00:00Z"), nil, true},
		{"no geometry, no time", fixedCollection{{Geometry: json.RawMessage("null")}}, 10, false, [4]float64{}, false, nil, nil, false},
		{"more than max", fixedCollection{{Geometry: pt(1, 1)}, {Geometry: pt(2, 2)}, {Geometry: pt(3, 3)}}, 2, true, [4]float64{}, false, nil, nil, false},
		{"exactly max", fixedCollection{{Geometry: pt(1, 1)}, {Geometry: pt(2, 2)}}, 2, false, [4]float64{1, 1, 2, 2}, true, nil, nil, false},
	} {
		e, err := features.ExtentOf(context.Background(), tc.c, access.Public, tc.max)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if e.Unbounded != tc.unbounded || (e.BBox != nil) != tc.hasBBox || e.HasTime != tc.hasTime {
			t.Errorf("%s: %+v", tc.name, e)
			continue
		}
		if tc.hasBBox && [4]float64{e.BBox.Min[0], e.BBox.Min[1], e.BBox.Max[0], e.BBox.Max[1]} != tc.bbox {
			t.Errorf("%s: bbox %v, want %v", tc.name, e.BBox, tc.bbox)
		}
		same := func(a, b *time.Time) bool { return a == nil && b == nil || a != nil && b != nil && a.Equal(*b) }
		if !same(e.Start, tc.start) || !same(e.End, tc.end) {
			t.Errorf("%s: interval %v–%v, want %v–%v", tc.name, e.Start, e.End, tc.start, tc.end)
		}
	}
}
