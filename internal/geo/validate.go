package geo

import (
	"fmt"

	"github.com/paulmach/orb"
)

// Validate checks a geometry built in memory (for example converted from KML
// or read back from storage) by the same rules as Decode and returns it
// normalised: consecutive duplicate vertices removed and polygons wound per
// RFC 7946. g must be an orb.Point, orb.LineString, orb.Polygon or
// orb.MultiPolygon whose type is in accept. Errors are *ValidationError with
// paths as if g had been sent as GeoJSON. g itself is never modified.
func Validate(g orb.Geometry, accept Kind, lim Limits) (orb.Geometry, error) {
	lim = lim.resolved()
	var k Kind
	switch g.(type) {
	case orb.Point:
		k = KindPoint
	case orb.LineString:
		k = KindLineString
	case orb.Polygon:
		k = KindPolygon
	case orb.MultiPolygon:
		k = KindMultiPolygon
	default:
		return nil, &ValidationError{Code: CodeType, Path: "/type", Polygon: -1, Ring: -1, Vertex: -1,
			Reason: fmt.Sprintf("geometry type %T is not supported; expected %s", g, accept)}
	}
	if k&accept == 0 {
		return nil, &ValidationError{Code: CodeType, Path: "/type", Polygon: -1, Ring: -1, Vertex: -1,
			Reason: fmt.Sprintf("geometry type %s is not accepted here; expected %s", k, accept)}
	}
	switch g := g.(type) {
	case orb.Point:
		return g, checkPosition(g, 1, noLoc)
	case orb.LineString:
		if len(g) > lim.MaxVertices {
			return nil, newErr(CodeLimit, 2, noLoc, "geometry has more than %d vertices", lim.MaxVertices)
		}
		return validateLine(g, lim)
	case orb.Polygon:
		if err := countLimits([]orb.Polygon{g}, lim); err != nil {
			return nil, err
		}
		mp, err := validatePolygons([][]orb.Ring{g}, 3, lim)
		if err != nil {
			return nil, err
		}
		return mp[0], nil
	default:
		mp := g.(orb.MultiPolygon)
		if err := countLimits(mp, lim); err != nil {
			return nil, err
		}
		polys := make([][]orb.Ring, len(mp))
		for i, p := range mp {
			polys[i] = p
		}
		return validatePolygons(polys, 4, lim)
	}
}

func countLimits(polys []orb.Polygon, lim Limits) error {
	v, r := 0, 0
	for _, p := range polys {
		r += len(p)
		for _, ring := range p {
			v += len(ring)
		}
	}
	if v > lim.MaxVertices {
		return newErr(CodeLimit, 0, noLoc, "geometry has more than %d vertices", lim.MaxVertices)
	}
	if r > lim.MaxRings {
		return newErr(CodeLimit, 0, noLoc, "geometry has more than %d ring(s)", lim.MaxRings)
	}
	return nil
}

// validateLine checks a LineString's positions and returns it de-duplicated.
// Lines may cross themselves (a route can loop).
func validateLine(pts []orb.Point, lim Limits) (orb.LineString, error) {
	if len(pts) == 0 {
		return nil, newErr(CodeEmpty, 2, noLoc, "LineString has no positions")
	}
	for i, p := range pts {
		if err := checkPosition(p, 2, loc{-1, -1, i}); err != nil {
			return nil, err
		}
	}
	if len(pts) < 2 {
		return nil, newErr(CodeTooFew, 2, noLoc, "LineString has 1 position; it needs at least 2")
	}
	d, orig := dedup(pts)
	if len(d) < 2 {
		return nil, newErr(CodeTooFew, 2, noLoc, "LineString has fewer than 2 distinct positions")
	}
	if err := checkAntimeridian(d, orig, 2, noLoc); err != nil {
		return nil, err
	}
	ls := orb.LineString(d)
	if err := checkSpan(ls.Bound(), lim); err != nil {
		return nil, err
	}
	return ls, nil
}

// validatePolygons checks polygons (one for a Polygon, depth 3; several for
// a MultiPolygon, depth 4) and returns them normalised.
func validatePolygons(in [][]orb.Ring, depth int, lim Limits) (orb.MultiPolygon, error) {
	if len(in) == 0 {
		return nil, newErr(CodeEmpty, depth, noLoc, "MultiPolygon has no polygons")
	}
	polys := make([][]*ringInfo, len(in))
	var b orb.Bound
	for i, rings := range in {
		pi := i
		if depth == 3 {
			pi = -1
		}
		if len(rings) == 0 {
			if depth == 3 {
				return nil, newErr(CodeEmpty, depth, noLoc, "Polygon has no rings")
			}
			return nil, newErr(CodeEmpty, depth, loc{pi, -1, -1}, "polygon %d has no rings", i)
		}
		for r, ring := range rings {
			ri, err := prepareRing(ring, pi, r, depth)
			if err != nil {
				return nil, err
			}
			polys[i] = append(polys[i], ri)
			if i == 0 && r == 0 {
				b = ri.bound
			} else {
				b = b.Union(ri.bound)
			}
		}
	}
	if err := checkSpan(b, lim); err != nil {
		return nil, err
	}
	if err := newTopo(polys, depth).check(); err != nil {
		return nil, err
	}
	out := make(orb.MultiPolygon, len(polys))
	for i, rings := range polys {
		p := make(orb.Polygon, len(rings))
		for r, ri := range rings {
			p[r] = wound(ri.pts, r == 0)
		}
		out[i] = p
	}
	return out, nil
}
