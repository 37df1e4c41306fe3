package encode

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/features"
)

// KMLWriter streams a KML 2.2 document: one Placemark per feature, its
// properties as ExtendedData and its time as a TimeSpan.
type KMLWriter struct {
	w          *bufio.Writer
	buf        []byte
	name       string
	collection string
	started    bool
}

// NewKML returns a writer of a KML document named name to w, with no
// styles.
func NewKML(w io.Writer, name string) *KMLWriter {
	return &KMLWriter{w: bufio.NewWriterSize(w, 64<<10), name: name}
}

// NewKMLFor returns a writer of the KML document of collection info to w:
// its styles (kmlstyle.go) come first, and each Placemark refers to the
// style of its kind, category and status.
func NewKMLFor(w io.Writer, info features.Info) *KMLWriter {
	k := NewKML(w, "truce: "+info.Title)
	k.collection = info.ID
	return k
}

func (k *KMLWriter) start() {
	if k.started {
		return
	}
	k.started = true
	b := append(k.buf[:0], xml.Header...)
	b = append(b, `<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>`...)
	b = appendXML(b, k.name)
	b = append(b, "</name>\n"...)
	b = appendKMLStyles(b, kmlStyles(k.collection))
	k.w.Write(b)
	k.buf = b
}

// Write implements Writer.
func (k *KMLWriter) Write(f *features.Feature) error {
	k.start()
	b := append(k.buf[:0], `<Placemark id="`...)
	b = appendXML(b, f.ID)
	b = append(b, `"><name>`...)
	b = appendXML(b, f.ID)
	b = append(b, "</name>"...)
	if f.Start != nil || f.End != nil {
		b = append(b, "<TimeSpan>"...)
		if f.Start != nil {
			b = append(b, "<begin>"...)
			b = f.Start.UTC().AppendFormat(b, time.RFC3339)
			b = append(b, "</begin>"...)
		}
		if f.End != nil {
			b = append(b, "<end>"...)
			b = f.End.UTC().AppendFormat(b, time.RFC3339)
			b = append(b, "</end>"...)
		}
		b = append(b, "</TimeSpan>"...)
	}
	if id := kmlStyleOf(k.collection, f); id != "" {
		b = append(b, "<styleUrl>#"+id+"</styleUrl>"...)
	}
	b = append(b, "<ExtendedData>"...)
	for _, p := range f.Props {
		if p.Value == nil {
			continue
		}
		b = append(b, `<Data name="`...)
		b = appendXML(b, p.Name)
		b = append(b, `"><value>`...)
		b = appendXML(b, text(p.Value))
		b = append(b, "</value></Data>"...)
	}
	b = append(b, "</ExtendedData>"...)
	if g, err := f.Geom(); err == nil && g != nil {
		b = appendKMLGeometry(b, g)
	}
	b = append(b, "</Placemark>\n"...)
	k.buf = b
	if _, err := k.w.Write(b); err != nil {
		return fmt.Errorf("encode: kml: %w", err)
	}
	return nil
}

// Close implements Writer.
func (k *KMLWriter) Close() error {
	k.start()
	if _, err := k.w.WriteString("</Document></kml>\n"); err != nil {
		return fmt.Errorf("encode: kml: %w", err)
	}
	return k.w.Flush()
}

func appendKMLGeometry(b []byte, g orb.Geometry) []byte {
	switch x := g.(type) {
	case orb.Point:
		b = append(b, "<Point><coordinates>"...)
		b = appendCoord(b, x)
		return append(b, "</coordinates></Point>"...)
	case orb.LineString:
		b = append(b, "<LineString><tessellate>1</tessellate><coordinates>"...)
		b = appendCoords(b, x)
		return append(b, "</coordinates></LineString>"...)
	case orb.Polygon:
		b = append(b, "<Polygon>"...)
		for i, r := range x {
			tag := "innerBoundaryIs"
			if i == 0 {
				tag = "outerBoundaryIs"
			}
			b = append(b, "<"+tag+"><LinearRing><coordinates>"...)
			b = appendCoords(b, r)
			b = append(b, "</coordinates></LinearRing></"+tag+">"...)
		}
		return append(b, "</Polygon>"...)
	case orb.MultiPoint:
		return appendMulti(b, len(x), func(b []byte, i int) []byte { return appendKMLGeometry(b, x[i]) })
	case orb.MultiLineString:
		return appendMulti(b, len(x), func(b []byte, i int) []byte { return appendKMLGeometry(b, x[i]) })
	case orb.MultiPolygon:
		return appendMulti(b, len(x), func(b []byte, i int) []byte { return appendKMLGeometry(b, x[i]) })
	case orb.Collection:
		return appendMulti(b, len(x), func(b []byte, i int) []byte { return appendKMLGeometry(b, x[i]) })
	}
	return b
}

func appendMulti(b []byte, n int, part func([]byte, int) []byte) []byte {
	b = append(b, "<MultiGeometry>"...)
	for i := range n {
		b = part(b, i)
	}
	return append(b, "</MultiGeometry>"...)
}

func appendCoords[T ~[]orb.Point](b []byte, pts T) []byte {
	for i, p := range pts {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendCoord(b, p)
	}
	return b
}

func appendCoord(b []byte, p orb.Point) []byte {
	b = strconv.AppendFloat(b, p[0], 'f', -1, 64)
	b = append(b, ',')
	return strconv.AppendFloat(b, p[1], 'f', -1, 64)
}

// appendXML appends s escaped for XML text and attributes, dropping
// characters XML 1.0 does not allow.
func appendXML(b []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '"':
			b = append(b, "&quot;"...)
		case r == '\'':
			b = append(b, "&apos;"...)
		case r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000:
			b = append(b, string(r)...)
		}
	}
	return b
}
