package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// ExpandBound returns a bounding box containing every point within metres of
// b (metres ≥ 0). It is conservative (it may be slightly larger than
// needed, never smaller), so it is safe as the prefilter of a distance query.
// Latitudes are clamped to [-90, 90]; if the expansion reaches a pole or
// would wrap past ±180° the longitude range becomes [-180, 180]. Negative
// metres are treated as 0.
func ExpandBound(b orb.Bound, metres float64) orb.Bound {
	if !(metres > 0) {
		return b
	}
	const rMin = 6335439.0 * 0.995 // below every radius of curvature of WGS 84
	ang := metres / rMin           // radians
	dLat := ang / rad
	out := orb.Bound{
		Min: orb.Point{b.Min[0], math.Max(-90, b.Min[1]-dLat)},
		Max: orb.Point{b.Max[0], math.Min(90, b.Max[1]+dLat)},
	}
	latMax := math.Max(math.Abs(out.Min[1]), math.Abs(out.Max[1]))
	// On a sphere a circle of angular radius ang around a point at latitude
	// φ spans asin(sin(ang)/cos φ) of longitude either side.
	s := math.Sin(math.Min(ang, math.Pi/2)) / math.Cos(latMax*rad)
	if latMax >= 90 || s >= 1 || ang >= math.Pi/2 {
		out.Min[0], out.Max[0] = -180, 180
		return out
	}
	dLon := math.Asin(s) / rad
	out.Min[0], out.Max[0] = b.Min[0]-dLon, b.Max[0]+dLon
	if out.Min[0] < -180 || out.Max[0] > 180 {
		out.Min[0], out.Max[0] = -180, 180
	}
	return out
}

// Circle returns a polygon approximating the circle of radius metres around
// centre, for display and test fixtures: a closed counter-clockwise ring of n
// distinct vertices (n < 8 means 64) lying on the circle to within 0.1% of
// the radius (as Distance measures it) for radii up to 300 km. It is meant
// to draw a protected site's buffer, not to test membership; use
// DistanceToGeometry for that.
func Circle(centre orb.Point, metres float64, n int) orb.Polygon {
	if n < 8 {
		n = 64
	}
	ring := make(orb.Ring, n+1)
	for i := range n {
		// Counter-clockwise from east: bearing π/2 - θ.
		bearing := math.Pi/2 - 2*math.Pi*float64(i)/float64(n)
		step := metres
		q := destination(centre, step, bearing)
		// Two corrections of the spherical step by the ellipsoidal
		// distance bring the vertex onto the circle.
		for range 2 {
			if d := Distance(centre, q); d > 0 {
				step *= metres / d
				q = destination(centre, step, bearing)
			}
		}
		ring[i] = q
	}
	ring[n] = ring[0]
	return orb.Polygon{ring}
}

// destination returns the point reached from p by travelling metres along a
// great circle of the mean-radius sphere at bearing radians (0 north, π/2
// east). On the ellipsoid it lies within about 0.5% of metres from p.
func destination(p orb.Point, metres, bearing float64) orb.Point {
	const r = 6371008.8
	phi, lam, d := p[1]*rad, p[0]*rad, metres/r
	phi2 := math.Asin(math.Sin(phi)*math.Cos(d) + math.Cos(phi)*math.Sin(d)*math.Cos(bearing))
	lam2 := lam + math.Atan2(math.Sin(bearing)*math.Sin(d)*math.Cos(phi), math.Cos(d)-math.Sin(phi)*math.Sin(phi2))
	return orb.Point{lam2 / rad, phi2 / rad}
}
