package encode

import (
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"truce/internal/features"
)

// benchFeature is an incident-like feature with the incidents collection's
// properties.
func benchFeature(i int) *features.Feature {
	t0 := time.Date(2016, 7, 10, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	t1 := t0.Add(time.Hour)
	return &features.Feature{ID: fmt.Sprintf("inc_%020d", i), Start: &t0, End: &t1,
		Geometry: json.RawMessage(fmt.Sprintf(`{"type":"Point","coordinates":[%.5f,%.5f]}`, 36+float64(i%4500)/1000, 33+float64(i%4300)/1000)),
		Props: []features.Prop{{Name: "category", Value: "shelling_missile"}, {Name: "status", Value: "reported"},
			{Name: "time_start", Value: t0.Format(time.RFC3339)}, {Name: "time_end", Value: t1.Format(time.RFC3339)},
			{Name: "time_precision", Value: "hour"}, {Name: "location_precision", Value: "exact"}, {Name: "place_name", Value: "Market"},
			{Name: "perpetrator", Value: "unknown"}, {Name: "killed", Value: 2}, {Name: "injured", Value: 0},
			{Name: "reporting_party", Value: "un"}, {Name: "reported_at", Value: "2016-12-31T00:00:00Z"}, {Name: "tlp", Value: "GREEN"},
			{Name: "external_id", Value: nil}, {Name: "duplicate_of", Value: nil}}}
}

var benchColumns = []features.Column{{Header: "id", Tag: "#event+id", Prop: "@id"}, {Header: "category", Tag: "#event+type", Prop: "category"},
	{Header: "status", Tag: "#status", Prop: "status"}, {Header: "time_start", Tag: "#date+start", Prop: "time_start"},
	{Header: "latitude", Tag: "#geo+lat", Prop: "@lat"}, {Header: "longitude", Tag: "#geo+lon", Prop: "@lon"},
	{Header: "killed", Tag: "#affected+killed", Prop: "killed"}, {Header: "tlp", Tag: "#meta+tlp", Prop: "tlp"},
	{Header: "geometry_wkt", Tag: "#geo+wkt", Prop: "@wkt"}}

// BenchmarkEncode measures the encoders alone (no store): one op is one
// incident-like feature written to io.Discard. The baseline marshals the
// same feature with encoding/json as a map, as a naive exporter would.
func BenchmarkEncode(b *testing.B) {
	fs := make([]*features.Feature, 1024)
	for i := range fs {
		fs[i] = benchFeature(i)
	}
	for _, f := range Formats {
		b.Run("format="+string(f), func(b *testing.B) {
			w, err := NewWriter(io.Discard, f, features.Info{ID: "incidents", Title: "Incidents", Columns: benchColumns})
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				ft := *fs[i%len(fs)] // a fresh copy: geometry decoded per feature, as in an export
				if err := w.Write(&ft); err != nil {
					b.Fatal(err)
				}
				i++
			}
			w.Close()
		})
	}
	b.Run("format=encoding-json-map", func(b *testing.B) {
		i := 0
		for b.Loop() {
			f := fs[i%len(fs)]
			props := make(map[string]any, len(f.Props))
			for _, p := range f.Props {
				props[p.Name] = p.Value
			}
			if _, err := json.Marshal(map[string]any{"type": "Feature", "id": f.ID, "geometry": f.Geometry, "properties": props}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
