package geo

import (
	"encoding/json"
	"slices"
	"strings"

	"truce/internal/strictjson"
)

// Object is one GeoJSON object (RFC 7946) read from an import: a
// FeatureCollection, a Feature or a bare geometry. Members that the type
// does not have are left empty; Raw is the whole object as received.
type Object struct {
	Type       string
	ID         json.RawMessage
	Geometry   json.RawMessage
	Properties map[string]json.RawMessage
	Features   []json.RawMessage
	Raw        json.RawMessage
}

// objectMembers are the members an imported object of each type may have.
// RFC 7946 tolerates foreign members; imports refuse them, so that a
// misspelt or misplaced member ("Features", "geometries", "crs") is reported
// instead of silently ignored.
var objectMembers = map[string][]string{
	"FeatureCollection": {"type", "features", "bbox"},
	"Feature":           {"type", "id", "geometry", "properties", "bbox"},
	"Point":             {"type", "coordinates", "bbox"},
	"LineString":        {"type", "coordinates", "bbox"},
	"Polygon":           {"type", "coordinates", "bbox"},
	"MultiPolygon":      {"type", "coordinates", "bbox"},
}

// DecodeObject reads raw, which MUST be exactly one JSON object, strictly
// (strictjson: no duplicate members, valid UTF-8, nothing after the value)
// as a GeoJSON object of one of the types in objectMembers, with no member
// its type does not define. It returns a *ValidationError whose Path is the
// JSON pointer of the offending member. Geometries are not validated here:
// pass Geometry (or Raw for a bare geometry) to Decode.
func DecodeObject(raw []byte) (*Object, error) {
	var members map[string]json.RawMessage
	if err := strictjson.Unmarshal(raw, &members); err != nil {
		e, _ := strictjson.AsError(err)
		if e.Pointer == "" && strings.HasPrefix(e.Reason, "must be") {
			return nil, topErr(CodeSyntax, "", "a GeoJSON document must be a JSON object")
		}
		return nil, topErr(CodeSyntax, e.Pointer, "%s", e.Reason)
	}
	if members == nil {
		return nil, topErr(CodeSyntax, "", "a GeoJSON document must be a JSON object, found null")
	}
	o := &Object{Raw: raw}
	rawType, ok := members["type"]
	if !ok {
		return nil, topErr(CodeType, "/type", "missing \"type\" member")
	}
	if err := strictjson.Unmarshal(rawType, &o.Type); err != nil {
		return nil, topErr(CodeType, "/type", "\"type\" must be a string")
	}
	allowed, ok := objectMembers[o.Type]
	if !ok {
		return nil, topErr(CodeType, "/type", "GeoJSON type %.64q is not a FeatureCollection, Feature, Point, LineString, Polygon or MultiPolygon", o.Type)
	}
	for name := range members {
		if !slices.Contains(allowed, name) {
			return nil, topErr(CodeSyntax, "/"+pointerToken(name), "member %.64q is not one of a %s's (%s)", name, o.Type, strings.Join(allowed, ", "))
		}
	}
	o.ID, o.Geometry = members["id"], members["geometry"]
	if p, ok := members["properties"]; ok && string(p) != "null" {
		if err := strictjson.Unmarshal(p, &o.Properties); err != nil {
			return nil, topErr(CodeSyntax, "/properties", "\"properties\" must be an object or null")
		}
	}
	if f, ok := members["features"]; ok {
		if err := strictjson.Unmarshal(f, &o.Features); err != nil || o.Features == nil {
			return nil, topErr(CodeSyntax, "/features", "\"features\" must be an array")
		}
	} else if o.Type == "FeatureCollection" {
		return nil, topErr(CodeEmpty, "/features", "missing \"features\" member")
	}
	return o, nil
}

// pointerToken escapes name as one RFC 6901 reference token.
func pointerToken(name string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}
