package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS 84 ellipsoid.
const (
	wgsA       = 6378137.0         // semi-major axis, metres
	wgsF       = 1 / 298.257223563 // flattening
	rad        = math.Pi / 180     // degrees to radians
	meanRadius = 6371008.8         // IUGG mean Earth radius, metres
)

// Distance returns the length in metres of the shortest path between a and
// b on the WGS 84 ellipsoid, by Lambert's formula (a spherical distance on
// reduced latitudes with a first-order flattening correction). It agrees with
// the exact geodesic to about 10 m per 1,000 km (0.001%); it is not meant
// for nearly antipodal points.
func Distance(a, b orb.Point) float64 {
	if a == b {
		return 0
	}
	b1 := math.Atan((1 - wgsF) * math.Tan(a[1]*rad))
	b2 := math.Atan((1 - wgsF) * math.Tan(b[1]*rad))
	dl := (b[0] - a[0]) * rad
	sq := func(x float64) float64 { return x * x }
	h := sq(math.Sin((b2-b1)/2)) + math.Cos(b1)*math.Cos(b2)*sq(math.Sin(dl/2))
	h = math.Min(math.Max(h, 0), 1)
	s := 2 * math.Asin(math.Sqrt(h))
	if s == 0 {
		return 0
	}
	c2, s2 := sq(math.Cos(s/2)), sq(math.Sin(s/2))
	if c2 < 1e-12 {
		return wgsA * s
	}
	p, q := (b1+b2)/2, (b2-b1)/2
	x := (s - math.Sin(s)) * sq(math.Sin(p)) * sq(math.Cos(q)) / c2
	y := (s + math.Sin(s)) * sq(math.Cos(p)) * sq(math.Sin(q)) / s2
	return wgsA * (s - wgsF/2*(x+y))
}

// lerp returns the point a fraction t of the way from a to b along the
// straight line in longitude/latitude (RFC 7946 §3.1.1).
func lerp(a, b orb.Point, t float64) orb.Point {
	return orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}
}

// closestT estimates the parameter of the point of segment a–b nearest to p
// in a local equirectangular frame scaled at p's latitude.
func closestT(p, a, b orb.Point) float64 {
	k := math.Cos(p[1] * rad)
	ax, ay := (a[0]-p[0])*k, a[1]-p[1]
	bx, by := (b[0]-p[0])*k, b[1]-p[1]
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return 0
	}
	return math.Min(math.Max(-(ax*dx+ay*dy)/l2, 0), 1)
}

// refineSegment improves d, the distance from p to the point at t on a–b.
func refineSegment(p, a, b orb.Point, t, d float64) float64 {
	if math.Abs(b[0]-a[0])+math.Abs(b[1]-a[1]) < 0.1 {
		// Below ~10 km the local frame is accurate to well under 0.01%.
		return d
	}
	lo, hi := math.Max(t-0.25, 0), math.Min(t+0.25, 1)
	const g = 0.6180339887498949
	x1, x2 := hi-g*(hi-lo), lo+g*(hi-lo)
	f1, f2 := Distance(p, lerp(a, b, x1)), Distance(p, lerp(a, b, x2))
	for i := 0; i < 24; i++ {
		if f1 < f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - g*(hi-lo)
			f1 = Distance(p, lerp(a, b, x1))
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + g*(hi-lo)
			f2 = Distance(p, lerp(a, b, x2))
		}
	}
	return math.Min(d, math.Min(f1, f2))
}

// DistanceToLineString returns the distance in metres from p to the nearest
// point of ls, or +Inf for an empty line. Each segment's nearest point is
// estimated in a local frame and, for segments longer than about 10 km,
// refined by a golden-section search on the ellipsoidal distance, so the
// result is within 0.1% of the true minimum for segments and distances up to
// 1,000 km; it is always the true distance to some point of ls, never an
// underestimate. Segments that cannot be nearer than the best found so far are
// skipped by a cheap lower bound, and only segments whose first estimate is
// within 5% of the best are refined, so long routes cost little more than
// one Distance per vertex.
func DistanceToLineString(p orb.Point, ls orb.LineString) float64 {
	switch len(ls) {
	case 0:
		return math.Inf(1)
	case 1:
		return Distance(p, ls[0])
	}
	type cand struct {
		i    int
		t, d float64
	}
	var cands []cand
	best := math.Inf(1)
	for i := 0; i+1 < len(ls); i++ {
		if segmentLowerBound(p, ls[i], ls[i+1]) >= best {
			continue
		}
		t := closestT(p, ls[i], ls[i+1])
		d := Distance(p, lerp(ls[i], ls[i+1], t))
		best = math.Min(best, d)
		cands = append(cands, cand{i, t, d})
	}
	for _, c := range cands {
		if c.d <= best*1.05 {
			best = math.Min(best, refineSegment(p, ls[c.i], ls[c.i+1], c.t, c.d))
		}
	}
	return best
}

// segmentLowerBound returns a lower bound in metres on the distance from p
// to any point of segment a–b, from the separation of p and the segment's
// bounding box: on a sphere, hav(d) ≥ hav(Δφ) and hav(d) ≥ cos²φmax·hav(Δλ)
// for points at latitudes |φ| ≤ φmax. The smallest radius of curvature of
// the ellipsoid and a 1% margin keep it a bound on the ellipsoid.
func segmentLowerBound(p, a, b orb.Point) float64 {
	const rMin = 6335439.0 * 0.99 // meridional radius of curvature at the equator, with margin
	dy := math.Max(0, math.Max(math.Min(a[1], b[1])-p[1], p[1]-math.Max(a[1], b[1])))
	dx := math.Max(0, math.Max(math.Min(a[0], b[0])-p[0], p[0]-math.Max(a[0], b[0])))
	dx = math.Min(dx, 360-dx)
	lat := math.Max(math.Max(math.Abs(a[1]), math.Abs(b[1])), math.Abs(p[1]))
	y := dy * rad * rMin
	x := 2 * rMin * math.Asin(math.Min(1, math.Cos(lat*rad)*math.Sin(dx*rad/2)))
	return math.Max(x, y)
}

// DistanceToGeometry returns the distance in metres from p to g: 0 if p is
// in or on a Polygon or MultiPolygon, else the distance to its nearest
// boundary, line or point. It returns +Inf for an empty or unsupported g.
func DistanceToGeometry(p orb.Point, g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Point:
		return Distance(p, g)
	case orb.LineString:
		return DistanceToLineString(p, g)
	case orb.Polygon:
		if PointInPolygon(p, g) {
			return 0
		}
		best := math.Inf(1)
		for _, r := range g {
			best = math.Min(best, DistanceToLineString(p, orb.LineString(r)))
		}
		return best
	case orb.MultiPolygon:
		best := math.Inf(1)
		for _, poly := range g {
			best = math.Min(best, DistanceToGeometry(p, poly))
		}
		return best
	}
	return math.Inf(1)
}
