package encode

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"truce/internal/features"
)

// GeoJSONWriter streams an RFC 7946 FeatureCollection.
type GeoJSONWriter struct {
	w   *bufio.Writer
	buf []byte
	n   int
	// Members are written after "features" when the collection closes
	// (e.g. OGC's numberReturned and links); set them before Close.
	Members []Member
	started bool
}

// Member is one extra top-level member of a FeatureCollection.
type Member struct {
	Name  string
	Value any
}

// NewGeoJSON returns a writer of a FeatureCollection to w.
func NewGeoJSON(w io.Writer) *GeoJSONWriter {
	return &GeoJSONWriter{w: bufio.NewWriterSize(w, 64<<10), buf: make([]byte, 0, 4096)}
}

func (g *GeoJSONWriter) start() {
	if !g.started {
		g.started = true
		g.w.WriteString(`{"type":"FeatureCollection","features":[`)
	}
}

// Write implements Writer.
func (g *GeoJSONWriter) Write(f *features.Feature) error {
	g.start()
	b := g.buf[:0]
	if g.n > 0 {
		b = append(b, ',', '\n')
	}
	b = AppendFeature(b, f)
	g.buf = b
	g.n++
	if _, err := g.w.Write(b); err != nil {
		return fmt.Errorf("encode: geojson: %w", err)
	}
	return nil
}

// Count returns the number of features written.
func (g *GeoJSONWriter) Count() int { return g.n }

// Close implements Writer.
func (g *GeoJSONWriter) Close() error {
	g.start()
	b := append(g.buf[:0], ']')
	for _, m := range g.Members {
		b = append(b, ',')
		b = appendString(b, m.Name)
		b = append(b, ':')
		b = appendValue(b, m.Value)
	}
	b = append(b, '}', '\n')
	if _, err := g.w.Write(b); err != nil {
		return fmt.Errorf("encode: geojson: %w", err)
	}
	return g.w.Flush()
}

// AppendFeature appends f as a GeoJSON Feature object.
func AppendFeature(b []byte, f *features.Feature) []byte {
	b = append(b, `{"type":"Feature","id":`...)
	b = appendString(b, f.ID)
	b = append(b, `,"geometry":`...)
	if len(f.Geometry) == 0 || !json.Valid(f.Geometry) {
		b = append(b, "null"...)
	} else {
		b = append(b, f.Geometry...)
	}
	b = append(b, `,"properties":{`...)
	for i, p := range f.Props {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, p.Name)
		b = append(b, ':')
		b = appendValue(b, p.Value)
	}
	return append(b, '}', '}')
}
