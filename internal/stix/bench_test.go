package stix

import (
	"encoding/json"
	"io"
	"strconv"
	"testing"
)

// benchIncidents returns n incidents cycling through the fixtures, each
// with its own id.
func benchIncidents(n int) []incidentFixture {
	fs := fixtures()
	out := make([]incidentFixture, n)
	for i := range out {
		in := fs[i%len(fs)]
		in.ID = "inc_" + strconv.Itoa(i)
		out[i] = incidentFixture{in}
	}
	return out
}

// BenchmarkExportSTIX measures the STIX writer per incident (an incident
// writes 3 to 7 objects); BenchmarkExportJSONBaseline encodes the same
// incidents as plain JSON, the least any export can cost.
func BenchmarkExportSTIX(b *testing.B) {
	ins := benchIncidents(1000)
	b.ReportAllocs()
	ex, err := NewExporter(io.Discard, ID("bundle", "bench"))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := ex.Incident(&ins[i%len(ins)].Incident); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	_ = ex.Close()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "incidents/s")
}

func BenchmarkExportJSONBaseline(b *testing.B) {
	ins := benchIncidents(1000)
	b.ReportAllocs()
	enc := json.NewEncoder(io.Discard)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := enc.Encode(&ins[i%len(ins)].Incident); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "incidents/s")
}

// TestExporterMemoryDoesNotGrow: the exporter remembers only shared
// objects (identities, markings), so exporting more incidents does not
// grow what it holds.
func TestExporterMemoryDoesNotGrow(t *testing.T) {
	ex, err := NewExporter(io.Discard, ID("bundle", "memory"))
	if err != nil {
		t.Fatal(err)
	}
	ins := benchIncidents(5_000)
	held := 0
	for i := range ins {
		if err := ex.Incident(&ins[i].Incident); err != nil {
			t.Fatal(err)
		}
		if i == 99 {
			held = len(ex.w.seen)
		}
	}
	if len(ex.w.seen) != held || held > 10 {
		t.Errorf("the exporter holds %d shared ids after 100 incidents and %d after 5,000", held, len(ex.w.seen))
	}
}
