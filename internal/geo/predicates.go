package geo

import (
	"github.com/paulmach/orb"
)

// PointInPolygon reports whether p lies in the polygon's interior or on its
// boundary (a point on a hole's boundary counts as inside). Edges are
// straight lines in longitude/latitude, per RFC 7946. The test is exact.
func PointInPolygon(p orb.Point, poly orb.Polygon) bool {
	if len(poly) == 0 {
		return false
	}
	l := locate(p, poly[0])
	if l <= 0 {
		return l == 0
	}
	for _, h := range poly[1:] {
		switch locate(p, h) {
		case 0:
			return true
		case 1:
			return false
		}
	}
	return true
}

// parts is a geometry taken apart for the intersection test: isolated
// points, polylines (LineStrings and polygon rings) and polygons.
type parts struct {
	pts   []orb.Point
	paths [][]orb.Point
	polys []orb.Polygon
	bound orb.Bound
}

func partsOf(g orb.Geometry) (parts, bool) {
	var ps parts
	switch g := g.(type) {
	case orb.Point:
		ps.pts = []orb.Point{g}
	case orb.LineString:
		ps.paths = [][]orb.Point{g}
	case orb.Polygon:
		ps.polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		ps.polys = g
	default:
		return ps, false
	}
	for _, poly := range ps.polys {
		for _, r := range poly {
			ps.paths = append(ps.paths, r)
		}
	}
	ps.bound = g.Bound()
	return ps, true
}

// covers reports whether p is on or in any part.
func (ps *parts) covers(p orb.Point) bool {
	if !ps.bound.Contains(p) {
		return false
	}
	for _, q := range ps.pts {
		if q == p {
			return true
		}
	}
	for _, poly := range ps.polys {
		if PointInPolygon(p, poly) {
			return true
		}
	}
	for _, path := range ps.paths {
		for i := 0; i+1 < len(path); i++ {
			if orient(path[i], path[i+1], p) == 0 && onSegment(p, path[i], path[i+1]) {
				return true
			}
		}
	}
	return false
}

// Intersects reports whether two geometries share at least one point,
// boundaries included (closed-set semantics, as OGC "intersects"). Both must
// be orb.Point, orb.LineString, orb.Polygon or orb.MultiPolygon; any other
// type intersects nothing. The test is exact; its cost is bounded by the
// product of the two edge counts, pruned by bounding boxes.
func Intersects(a, b orb.Geometry) bool {
	pa, ok1 := partsOf(a)
	pb, ok2 := partsOf(b)
	if !ok1 || !ok2 || !pa.bound.Intersects(pb.bound) {
		return false
	}
	for _, p := range pa.pts {
		if pb.covers(p) {
			return true
		}
	}
	for _, p := range pb.pts {
		if pa.covers(p) {
			return true
		}
	}
	if pathsMeet(pa.paths, pb.paths, pb.bound) {
		return true
	}
	// No boundaries meet: one geometry can only lie wholly inside the other.
	for _, path := range pa.paths {
		if len(path) > 0 && pb.covers(path[0]) {
			return true
		}
	}
	for _, path := range pb.paths {
		if len(path) > 0 && pa.covers(path[0]) {
			return true
		}
	}
	return false
}

// pathsMeet reports whether any segment of as meets any segment of bs.
func pathsMeet(as, bs [][]orb.Point, bb orb.Bound) bool {
	for _, pa := range as {
		for i := 0; i+1 < len(pa); i++ {
			a0, a1 := pa[i], pa[i+1]
			sb := orb.Bound{Min: a0, Max: a0}.Extend(a1)
			if !sb.Intersects(bb) {
				continue
			}
			for _, pb := range bs {
				for j := 0; j+1 < len(pb); j++ {
					b0, b1 := pb[j], pb[j+1]
					if max(b0[0], b1[0]) < sb.Min[0] || min(b0[0], b1[0]) > sb.Max[0] ||
						max(b0[1], b1[1]) < sb.Min[1] || min(b0[1], b1[1]) > sb.Max[1] {
						continue
					}
					if a0 == a1 || b0 == b1 {
						// A degenerate segment is a point.
						if a0 == a1 && orient(b0, b1, a0) == 0 && onSegment(a0, b0, b1) ||
							b0 == b1 && orient(a0, a1, b0) == 0 && onSegment(b0, a0, a1) {
							return true
						}
						continue
					}
					if k, _ := intersect(a0, a1, b0, b1); k != xNone {
						return true
					}
				}
			}
		}
	}
	return false
}
