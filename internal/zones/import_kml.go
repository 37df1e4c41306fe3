package zones

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// kmlPlacemark is the part of a KML 2.2 Placemark a zone import reads.
type kmlPlacemark struct {
	ID       string `xml:"id,attr"`
	Name     string `xml:"name"`
	TimeSpan *struct {
		Begin string `xml:"begin"`
		End   string `xml:"end"`
	} `xml:"TimeSpan"`
	Data []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value"`
	} `xml:"ExtendedData>Data"`
	SimpleData []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:",chardata"`
	} `xml:"ExtendedData>SchemaData>SimpleData"`
	Polygons      []kmlPolygon `xml:"Polygon"`
	MultiPolygons []kmlPolygon `xml:"MultiGeometry>Polygon"`
	Points        []struct{}   `xml:"Point"`
	Lines         []struct{}   `xml:"LineString"`
	MultiPoints   []struct{}   `xml:"MultiGeometry>Point"`
	MultiLines    []struct{}   `xml:"MultiGeometry>LineString"`
}

type kmlPolygon struct {
	Outer string   `xml:"outerBoundaryIs>LinearRing>coordinates"`
	Inner []string `xml:"innerBoundaryIs>LinearRing>coordinates"`
}

// ParseKML reads the Placemarks of a KML 2.2 document (anywhere under
// Document and Folder elements) whose geometry is a Polygon or a
// MultiGeometry of Polygons. Properties come from ExtendedData (Data and
// SchemaData/SimpleData); the name element is the name property unless
// ExtendedData gives one; a TimeSpan gives effective_from and
// effective_until unless ExtendedData does.
//
// Parsing is safe against entity expansion: encoding/xml resolves no
// external entities, a document with a DOCTYPE is refused outright, and
// the caller caps the document's size (MaxImportBytes).
func ParseKML(data []byte, m Mapping) ([]Feature, []FeatureError, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var feats []Feature
	var errs []FeatureError
	n := 0
	sawKML := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, parseErrorf("not well-formed KML: %v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(string(t))), "DOCTYPE") {
				return nil, nil, parseErrorf("the document has a DOCTYPE; KML needs none, remove it")
			}
		case xml.StartElement:
			if t.Name.Local == "kml" {
				sawKML = true
			}
			if t.Name.Local != "Placemark" {
				continue
			}
			n++
			if n > MaxImportZones {
				return nil, nil, parseErrorf("more than %d Placemarks; at most %d zones per import, split the file", MaxImportZones, MaxImportZones)
			}
			var pm kmlPlacemark
			if err := d.DecodeElement(&pm, &t); err != nil {
				return nil, nil, parseErrorf("Placemark %d is not well-formed: %v", n, err)
			}
			f, fe := kmlFeature(n, &pm, m)
			if fe != nil {
				errs = append(errs, *fe)
				continue
			}
			feats = append(feats, f)
		}
	}
	if !sawKML {
		return nil, nil, parseErrorf("no kml element: this is not a KML document")
	}
	return feats, errs, nil
}

func kmlFeature(n int, pm *kmlPlacemark, m Mapping) (Feature, *FeatureError) {
	raw := map[string]string{}
	if s := strings.TrimSpace(pm.Name); s != "" {
		raw["name"] = s
	}
	if pm.TimeSpan != nil {
		if s := strings.TrimSpace(pm.TimeSpan.Begin); s != "" {
			raw["effective_from"] = s
		}
		if s := strings.TrimSpace(pm.TimeSpan.End); s != "" {
			raw["effective_until"] = s
		}
	}
	for _, d := range pm.SimpleData {
		raw[d.Name] = d.Value
	}
	for _, d := range pm.Data {
		raw[d.Name] = d.Value
	}
	f := Feature{Index: n, Props: m.apply(raw), ID: strings.TrimSpace(pm.ID)}
	bad := func(field, format string, args ...any) (Feature, *FeatureError) {
		return f, &FeatureError{Feature: n, Name: f.Name(), Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	polys := append(pm.Polygons, pm.MultiPolygons...)
	if len(polys) == 0 {
		if len(pm.Points)+len(pm.Lines)+len(pm.MultiPoints)+len(pm.MultiLines) > 0 {
			return bad("geometry", "is a point or a line; a zone needs a Polygon or a MultiGeometry of Polygons")
		}
		return bad("geometry", "is missing; a zone needs a Polygon or a MultiGeometry of Polygons")
	}
	coords := make([][][][]float64, len(polys))
	for p, poly := range polys {
		rings := append([]string{poly.Outer}, poly.Inner...)
		for r, text := range rings {
			ring, fe := kmlRing(text)
			if fe != "" {
				return bad(fmt.Sprintf("geometry/coordinates/%d/%d", p, r), "polygon %d, ring %d: %s", p, r, fe)
			}
			coords[p] = append(coords[p], ring)
		}
	}
	var g any = map[string]any{"type": "MultiPolygon", "coordinates": coords}
	if len(coords) == 1 {
		g = map[string]any{"type": "Polygon", "coordinates": coords[0]}
	}
	f.Geometry, _ = json.Marshal(g)
	return f, nil
}

// kmlRing parses a KML coordinates string: whitespace-separated
// lon,lat[,alt] tuples. It returns a reason naming the vertex on failure.
func kmlRing(text string) ([][]float64, string) {
	tuples := strings.Fields(text)
	if len(tuples) == 0 {
		return nil, "has no coordinates"
	}
	if len(tuples) > MaxVertices {
		return nil, fmt.Sprintf("has %d vertices; at most %d are allowed", len(tuples), MaxVertices)
	}
	ring := make([][]float64, 0, len(tuples))
	for v, t := range tuples {
		parts := strings.Split(t, ",")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Sprintf("vertex %d: %q is not lon,lat[,alt]", v, t)
		}
		lon, err1 := strconv.ParseFloat(parts[0], 64)
		lat, err2 := strconv.ParseFloat(parts[1], 64)
		if err1 != nil || err2 != nil || math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
			return nil, fmt.Sprintf("vertex %d: %q is not lon,lat[,alt] in decimal degrees", v, t)
		}
		ring = append(ring, []float64{lon, lat})
	}
	return ring, ""
}
