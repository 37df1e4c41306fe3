package geo

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"truce/internal/strictjson"
)

// Decode parses one RFC 7946 geometry object from untrusted input, validates
// it and returns it normalised as an orb.Point, orb.LineString, orb.Polygon
// or orb.MultiPolygon. Only types in accept are allowed. Foreign members and
// "bbox" are ignored (the bounding box is recomputed, never trusted); member
// names are case-sensitive. Zero fields of lim take DefaultLimits values.
//
// The object is decoded by strictjson: a member given twice, invalid UTF-8
// or a lone surrogate is refused.
//
// Every failure is a *ValidationError (use errors.As) whose Path locates the
// offending member; Decode never panics on any input and its work is bounded
// by lim.
func Decode(raw json.RawMessage, accept Kind, lim Limits) (orb.Geometry, error) {
	lim = lim.resolved()
	var obj map[string]json.RawMessage
	if err := strictjson.Unmarshal(raw, &obj); err != nil {
		e, _ := strictjson.AsError(err)
		if e.Pointer == "" && strings.HasPrefix(e.Reason, "must be") {
			return nil, topErr(CodeSyntax, "", "geometry must be a JSON object")
		}
		return nil, topErr(CodeSyntax, e.Pointer, "%s", e.Reason)
	}
	if obj == nil {
		return nil, topErr(CodeSyntax, "", "geometry must be a JSON object, found null")
	}
	rawType, ok := obj["type"]
	if !ok {
		return nil, topErr(CodeType, "/type", "missing \"type\" member; expected %s", accept)
	}
	var typ string
	if err := json.Unmarshal(rawType, &typ); err != nil {
		return nil, topErr(CodeType, "/type", "\"type\" must be a string naming the geometry type")
	}
	k, depth, ok := kindOf(typ)
	switch {
	case !ok && (typ == "Feature" || typ == "FeatureCollection"):
		return nil, topErr(CodeType, "/type", "%q is not a geometry object; send its geometry (expected %s)", typ, accept)
	case !ok && (typ == "MultiPoint" || typ == "MultiLineString" || typ == "GeometryCollection"):
		return nil, topErr(CodeType, "/type", "geometry type %q is not supported; expected %s", typ, accept)
	case !ok:
		return nil, topErr(CodeType, "/type", "unknown geometry type %.64q; expected %s", typ, accept)
	case k&accept == 0:
		return nil, topErr(CodeType, "/type", "geometry type %s is not accepted here; expected %s", typ, accept)
	}
	coords, ok := obj["coordinates"]
	if !ok {
		return nil, topErr(CodeEmpty, "/coordinates", "missing \"coordinates\" member")
	}
	p := &coordParser{data: coords, depth: depth, typ: typ, lim: lim}
	switch k {
	case KindPoint:
		pt, err := p.position(noLoc)
		if err != nil {
			return nil, err
		}
		return pt, checkPosition(pt, 1, noLoc)
	case KindLineString:
		pts, err := p.positions(noLoc)
		if err != nil {
			return nil, err
		}
		return validateLine(pts, lim)
	case KindPolygon:
		rings, err := p.polygon(noLoc)
		if err != nil {
			return nil, err
		}
		if len(rings) == 0 {
			return nil, newErr(CodeEmpty, 3, noLoc, "Polygon has no rings")
		}
		mp, err := validatePolygons([][]orb.Ring{toRings(rings)}, 3, lim)
		if err != nil {
			return nil, err
		}
		return mp[0], nil
	default:
		polys, err := p.multiPolygon()
		if err != nil {
			return nil, err
		}
		in := make([][]orb.Ring, len(polys))
		for i, rings := range polys {
			in[i] = toRings(rings)
		}
		return validatePolygons(in, 4, lim)
	}
}

func toRings(rings [][]orb.Point) []orb.Ring {
	out := make([]orb.Ring, len(rings))
	for i, r := range rings {
		out[i] = r
	}
	return out
}

// DecodePoint decodes a GeoJSON Point; see Decode for the contract.
func DecodePoint(raw json.RawMessage) (orb.Point, error) {
	g, err := Decode(raw, KindPoint, Limits{})
	if err != nil {
		return orb.Point{}, err
	}
	return g.(orb.Point), nil
}

// DecodeLineString decodes a GeoJSON LineString (a route); see Decode for
// the contract. The result has at least 2 distinct positions and may cross
// itself.
func DecodeLineString(raw json.RawMessage, lim Limits) (orb.LineString, error) {
	g, err := Decode(raw, KindLineString, lim)
	if err != nil {
		return nil, err
	}
	return g.(orb.LineString), nil
}

// DecodePolygonal decodes a GeoJSON Polygon or MultiPolygon (a zone or an
// airspace reservation) and returns it as a valid, normalised MultiPolygon
// (a Polygon becomes a MultiPolygon of one); see Decode for the contract.
func DecodePolygonal(raw json.RawMessage, lim Limits) (orb.MultiPolygon, error) {
	g, err := Decode(raw, KindPolygonal, lim)
	if err != nil {
		return nil, err
	}
	if p, ok := g.(orb.Polygon); ok {
		return orb.MultiPolygon{p}, nil
	}
	return g.(orb.MultiPolygon), nil
}

func topErr(code Code, path, format string, args ...any) *ValidationError {
	return &ValidationError{Code: code, Path: path, Polygon: -1, Ring: -1, Vertex: -1,
		Reason: fmt.Sprintf(format, args...)}
}
