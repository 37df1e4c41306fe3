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
