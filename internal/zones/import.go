package zones

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"truce/internal/geo"
)

// ImportFields lists the zone fields an imported feature's properties (KML
// ExtendedData, or GeoJSON properties) may give, by these names or as
// mapped by a Mapping.
var ImportFields = []string{"external_id", "name", "kind", "name_ru", "name_ar", "effective_from", "effective_until", "note"}

// Limits on zone imports.
const (
	// MaxImportZones is the most zones one import may propose.
	MaxImportZones = 1000
	// MaxImportBytes is the largest KML or GeoJSON document accepted.
	MaxImportBytes = 16 << 20
)

// Feature is one parsed feature of an import: its 1-based index in the
// document, its properties (after mapping) and its geometry as a GeoJSON
// Polygon or MultiPolygon, not yet validated.
type Feature struct {
	Index    int
	Props    map[string]string
	Geometry json.RawMessage
	// ID is the feature's own id (GeoJSON id, KML id attribute), if any.
	ID string
}

// Name returns the feature's name property ("" if none).
func (f *Feature) Name() string { return f.Props["name"] }

// FeatureError names a bad feature (its index and name), the field at
// fault (for geometry, the JSON pointer of the ring and vertex) and what is
// wrong.
type FeatureError struct {
	Feature int    `json:"feature"`
	Name    string `json:"name,omitempty"`
	Field   string `json:"field,omitempty"`
	Reason  string `json:"reason"`
}

// Where names the feature for a person: "feature 3 (Idlib corridor)".
func (e FeatureError) Where() string {
	w := fmt.Sprintf("feature %d", e.Feature)
	if e.Name != "" {
		w += " (" + e.Name + ")"
	}
	return w
}

// ParseError is a document that cannot be read as KML or GeoJSON at all.
type ParseError struct{ Reason string }

// Error returns the reason, prefixed with the package.
func (e *ParseError) Error() string { return "zones: import: " + e.Reason }

func parseErrorf(format string, args ...any) error {
	return &ParseError{Reason: fmt.Sprintf(format, args...)}
}

// Mapping maps import fields to the property names that hold them; a
// field missing from it is read from the property of its own name.
type Mapping map[string]string

// ParseMapping parses "field=property,field=property". It returns an
// error naming an unknown field.
func ParseMapping(s string) (Mapping, error) {
	m := Mapping{}
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		f, c, ok := strings.Cut(part, "=")
		f, c = strings.TrimSpace(f), strings.TrimSpace(c)
		if !ok || c == "" {
			return nil, fmt.Errorf("mapping %q is not field=property", part)
		}
		if !slices.Contains(ImportFields, f) {
			return nil, fmt.Errorf("mapping names unknown field %q; fields are %v", f, ImportFields)
		}
		m[f] = c
	}
	return m, nil
}

// apply returns the import fields of raw properties under m.
func (m Mapping) apply(raw map[string]string) map[string]string {
	out := map[string]string{}
	for _, f := range ImportFields {
		col := f
		if c, ok := m[f]; ok {
			col = c
		}
		if v, ok := raw[col]; ok && strings.TrimSpace(v) != "" {
			out[f] = strings.TrimSpace(v)
		}
	}
	return out
}

// ImportFormat guesses the import format from a media type or file name:
// "kml" or "geojson", "" if unknown.
func ImportFormat(mediaTypeOrName string) string {
	s := strings.ToLower(mediaTypeOrName)
	switch {
	case strings.Contains(s, "kml"), strings.Contains(s, "xml"):
		return "kml"
	case strings.Contains(s, "json"):
		return "geojson"
	}
	return ""
}

// ParseImport parses data in format ("kml" or "geojson") with mapping m.
// It returns a *ParseError for a document it cannot read; bad features are
// FeatureErrors.
func ParseImport(format string, data []byte, m Mapping) ([]Feature, []FeatureError, error) {
	if len(data) > MaxImportBytes {
		return nil, nil, parseErrorf("the document is larger than %d bytes; split it", MaxImportBytes)
	}
	switch format {
	case "kml":
		return ParseKML(data, m)
	case "geojson":
		return ParseGeoJSON(data, m)
	}
	return nil, nil, parseErrorf("unknown format %q; use kml or geojson", format)
}

// ParseGeoJSON reads a GeoJSON FeatureCollection, Feature, Polygon or
// MultiPolygon (RFC 7946) strictly (geo.DecodeObject: no duplicate or
// foreign members, nothing after the document). A bare geometry is one
// feature without properties.
func ParseGeoJSON(data []byte, m Mapping) ([]Feature, []FeatureError, error) {
	top, err := geo.DecodeObject(data)
	if err != nil {
		return nil, nil, parseErrorf("not GeoJSON: %s", geoReason(err))
	}
	switch top.Type {
	case "Polygon", "MultiPolygon":
		return []Feature{{Index: 1, Props: m.apply(nil), Geometry: json.RawMessage(data)}}, nil, nil
	case "Feature":
		f, fe := geoJSONFeature(1, top, m)
		if fe != nil {
			return nil, []FeatureError{*fe}, nil
		}
		return []Feature{f}, nil, nil
	case "FeatureCollection":
	default:
		return nil, nil, parseErrorf("GeoJSON type %q is not a FeatureCollection, Feature, Polygon or MultiPolygon", top.Type)
	}
	if len(top.Features) > MaxImportZones {
		return nil, nil, parseErrorf("%d features; at most %d zones per import, split the file", len(top.Features), MaxImportZones)
	}
	var feats []Feature
	var errs []FeatureError
	for i, raw := range top.Features {
		o, err := geo.DecodeObject(raw)
		if err != nil {
			var ve *geo.ValidationError
			field := ""
			if errors.As(err, &ve) {
				field = strings.TrimPrefix(ve.Path, "/")
			}
			errs = append(errs, FeatureError{Feature: i + 1, Field: field, Reason: "not a GeoJSON Feature: " + geoReason(err)})
			continue
		}
		if o.Type != "Feature" {
			errs = append(errs, FeatureError{Feature: i + 1, Field: "type", Reason: fmt.Sprintf("%q is not Feature", o.Type)})
			continue
		}
		f, fe := geoJSONFeature(i+1, o, m)
		if fe != nil {
			errs = append(errs, *fe)
			continue
		}
		feats = append(feats, f)
	}
	return feats, errs, nil
}

func geoJSONFeature(n int, o *geo.Object, m Mapping) (Feature, *FeatureError) {
	raw := map[string]string{}
	for k, v := range o.Properties {
		if string(v) == "null" {
			continue
		}
		var s string
		if json.Unmarshal(v, &s) == nil {
			raw[k] = s
		} else {
			raw[k] = string(v)
		}
	}
	f := Feature{Index: n, Props: m.apply(raw), Geometry: o.Geometry}
	if len(o.ID) > 0 && string(o.ID) != "null" {
		var s string
		if json.Unmarshal(o.ID, &s) != nil {
			s = string(o.ID)
		}
		f.ID = s
	}
	if len(o.Geometry) == 0 || string(o.Geometry) == "null" {
		return f, &FeatureError{Feature: n, Name: f.Name(), Field: "geometry", Reason: "is missing; a zone needs a Polygon or MultiPolygon"}
	}
	return f, nil
}

// geoReason is the reason of a geo.ValidationError, with its place.
func geoReason(err error) string {
	var ve *geo.ValidationError
	if errors.As(err, &ve) {
		if ve.Path != "" {
			return ve.Path + ": " + ve.Reason
		}
		return ve.Reason
	}
	return "unreadable"
}
