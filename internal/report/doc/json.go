package doc

import (
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
)

// The JSON form of a Document is its fields as written, with each block
// of a section an object whose "type" names its kind ("paragraph",
// "figures", "table", "bar_chart", "map") beside the block's own fields.
// Geometries of map features are GeoJSON (RFC 7946).

// blockTypes names each kind of block in JSON.
var blockTypes = map[string]func() Block{
	"paragraph": func() Block { return &Paragraph{} },
	"figures":   func() Block { return &Figures{} },
	"table":     func() Block { return &Table{} },
	"bar_chart": func() Block { return &BarChart{} },
	"map":       func() Block { return &Map{} },
}

// typeOf returns the JSON type name of b, or "" for an unknown block.
func typeOf(b Block) string {
	switch b.(type) {
	case Paragraph:
		return "paragraph"
	case Figures:
		return "figures"
	case Table:
		return "table"
	case BarChart:
		return "bar_chart"
	case Map:
		return "map"
	}
	return ""
}

// MarshalJSON writes s with each block tagged by its type. It fails on a
// block of a kind this package does not define.
func (s Section) MarshalJSON() ([]byte, error) {
	blocks := make([]json.RawMessage, 0, len(s.Blocks))
	for _, b := range s.Blocks {
		t := typeOf(b)
		if t == "" {
			return nil, fmt.Errorf("doc: section %s: unknown block %T", s.ID, b)
		}
		raw, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("doc: section %s: %w", s.ID, err)
		}
		tag, _ := json.Marshal(t)
		// raw is an object: insert "type" as its first member.
		if string(raw) == "{}" {
			blocks = append(blocks, json.RawMessage(`{"type":`+string(tag)+`}`))
			continue
		}
		blocks = append(blocks, json.RawMessage(`{"type":`+string(tag)+`,`+string(raw[1:])))
	}
	return json.Marshal(struct {
		ID      string            `json:"id"`
		Heading string            `json:"heading"`
		Blocks  []json.RawMessage `json:"blocks"`
	}{s.ID, s.Heading, blocks})
}

// UnmarshalJSON reads a section written by MarshalJSON. It fails on a
// block without a known type.
func (s *Section) UnmarshalJSON(data []byte) error {
	var v struct {
		ID      string            `json:"id"`
		Heading string            `json:"heading"`
		Blocks  []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	s.ID, s.Heading, s.Blocks = v.ID, v.Heading, nil
	for i, raw := range v.Blocks {
		var tag struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(raw, &tag); err != nil {
			return fmt.Errorf("doc: section %s block %d: %w", v.ID, i, err)
		}
		mk, ok := blockTypes[tag.Type]
		if !ok {
			return fmt.Errorf("doc: section %s block %d: unknown type %q", v.ID, i, tag.Type)
		}
		b := mk()
		if err := json.Unmarshal(raw, b); err != nil {
			return fmt.Errorf("doc: section %s block %d: %w", v.ID, i, err)
		}
		s.Blocks = append(s.Blocks, deref(b))
	}
	return nil
}

// deref returns the block a pointer from blockTypes points to.
func deref(b Block) Block {
	switch b := b.(type) {
	case *Paragraph:
		return *b
	case *Figures:
		return *b
	case *Table:
		return *b
	case *BarChart:
		return *b
	case *Map:
		return *b
	}
	return b
}

// geometryJSON is a GeoJSON geometry object (RFC 7946) of one of the
// types a map draws.
type geometryJSON struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// mapFeatureJSON is the JSON form of a MapFeature.
type mapFeatureJSON struct {
	Geometry *geometryJSON `json:"geometry"`
	Label    string        `json:"label,omitempty"`
}

// MarshalJSON writes f with its geometry as a GeoJSON geometry object.
func (f MapFeature) MarshalJSON() ([]byte, error) {
	v := mapFeatureJSON{Label: f.Label}
	if f.Geometry != nil {
		if _, ok := f.Geometry.(orb.Collection); ok {
			return nil, fmt.Errorf("doc: a map feature may not be a geometry collection")
		}
		c, err := json.Marshal(f.Geometry)
		if err != nil {
			return nil, err
		}
		v.Geometry = &geometryJSON{Type: f.Geometry.GeoJSONType(), Coordinates: c}
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads a feature written by MarshalJSON: a Point,
// MultiPoint, LineString, MultiLineString, Polygon or MultiPolygon.
func (f *MapFeature) UnmarshalJSON(data []byte) error {
	var v mapFeatureJSON
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	f.Label, f.Geometry = v.Label, nil
	if v.Geometry == nil {
		return nil
	}
	var g orb.Geometry
	switch v.Geometry.Type {
	case "Point":
		g = &orb.Point{}
	case "MultiPoint":
		g = &orb.MultiPoint{}
	case "LineString":
		g = &orb.LineString{}
	case "MultiLineString":
		g = &orb.MultiLineString{}
	case "Polygon":
		g = &orb.Polygon{}
	case "MultiPolygon":
		g = &orb.MultiPolygon{}
	default:
		return fmt.Errorf("doc: map feature: geometry type %q", v.Geometry.Type)
	}
	if err := json.Unmarshal(v.Geometry.Coordinates, g); err != nil {
		return fmt.Errorf("doc: map feature: %w", err)
	}
	switch g := g.(type) {
	case *orb.Point:
		f.Geometry = *g
	case *orb.MultiPoint:
		f.Geometry = *g
	case *orb.LineString:
		f.Geometry = *g
	case *orb.MultiLineString:
		f.Geometry = *g
	case *orb.Polygon:
		f.Geometry = *g
	case *orb.MultiPolygon:
		f.Geometry = *g
	}
	return nil
}
