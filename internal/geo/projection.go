package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// projK0 is the central scale factor of Projection. Transverse Mercator
// scale grows as k0·(1 + x²/2R²) away from the central meridian; k0 below 1
// balances the error over ±300 km east and west to within ±0.06%.
const projK0 = 0.99945

// Krüger series coefficients for WGS 84 (third order in n; millimetre
// accuracy within thousands of kilometres of the central meridian).
var (
	tmN     = wgsF / (2 - wgsF)
	tmA     = wgsA / (1 + tmN) * (1 + tmN*tmN/4 + tmN*tmN*tmN*tmN/64)
	tmE     = 2 * math.Sqrt(tmN) / (1 + tmN)
	tmAlpha = [3]float64{
		tmN/2 - 2*tmN*tmN/3 + 5*tmN*tmN*tmN/16,
		13*tmN*tmN/48 - 3*tmN*tmN*tmN/5,
		61 * tmN * tmN * tmN / 240,
	}
	tmBeta = [3]float64{
		tmN/2 - 2*tmN*tmN/3 + 37*tmN*tmN*tmN/96,
		tmN*tmN/48 + tmN*tmN*tmN/15,
		17 * tmN * tmN * tmN / 480,
	}
	tmDelta = [3]float64{
		2*tmN - 2*tmN*tmN/3 - 2*tmN*tmN*tmN,
		7*tmN*tmN/3 - 8*tmN*tmN*tmN/5,
		56 * tmN * tmN * tmN / 15,
	}
)

// Projection is a local metric projection of the WGS 84 ellipsoid: a
// transverse Mercator projection whose central meridian passes through a
// reference point, with the reference point at the origin, x metres east and
// y metres north. Within a 600 × 600 km square centred on the reference
// point, distances measured in the plane are within 0.1% of geodesic
// distances (the scale factor lies in [0.99945, 1.00056]); Forward and
// Inverse round-trip to better than a millimetre. The zero value is not
// usable; construct with NewProjection. A Projection is immutable and safe
// for concurrent use.
type Projection struct {
	ref  orb.Point
	lon0 float64 // radians
	y0   float64 // northing of the reference point before the shift
}

// NewProjection returns the projection centred on ref (longitude, latitude
// in degrees).
func NewProjection(ref orb.Point) Projection {
	p := Projection{ref: ref, lon0: ref[0] * rad}
	p.y0 = p.forward(ref)[1]
	return p
}

// Ref returns the reference point, which Forward maps to (0, 0).
func (p Projection) Ref() orb.Point { return p.ref }

// Forward maps q (longitude, latitude in degrees) to planar coordinates in
// metres: [0] east and [1] north of the reference point.
func (p Projection) Forward(q orb.Point) orb.Point {
	xy := p.forward(q)
	xy[1] -= p.y0
	return xy
}

func (p Projection) forward(q orb.Point) orb.Point {
	phi, dl := q[1]*rad, q[0]*rad-p.lon0
	s := math.Sin(phi)
	t := math.Sinh(math.Atanh(s) - tmE*math.Atanh(tmE*s))
	xi := math.Atan2(t, math.Cos(dl))
	eta := math.Atanh(math.Sin(dl) / math.Sqrt(1+t*t))
	x, y := eta, xi
	for j := 1; j <= 3; j++ {
		jj := 2 * float64(j)
		x += tmAlpha[j-1] * math.Cos(jj*xi) * math.Sinh(jj*eta)
		y += tmAlpha[j-1] * math.Sin(jj*xi) * math.Cosh(jj*eta)
	}
	return orb.Point{projK0 * tmA * x, projK0 * tmA * y}
}

// Inverse maps planar coordinates in metres (as returned by Forward) back to
// longitude and latitude in degrees.
func (p Projection) Inverse(xy orb.Point) orb.Point {
	xi := (xy[1] + p.y0) / (projK0 * tmA)
	eta := xy[0] / (projK0 * tmA)
	xp, ep := xi, eta
	for j := 1; j <= 3; j++ {
		jj := 2 * float64(j)
		xp -= tmBeta[j-1] * math.Sin(jj*xi) * math.Cosh(jj*eta)
		ep -= tmBeta[j-1] * math.Cos(jj*xi) * math.Sinh(jj*eta)
	}
	chi := math.Asin(math.Sin(xp) / math.Cosh(ep))
	phi := chi
	for j := 1; j <= 3; j++ {
		phi += tmDelta[j-1] * math.Sin(2*float64(j)*chi)
	}
	lon := p.lon0 + math.Atan2(math.Sinh(ep), math.Cos(xp))
	return orb.Point{lon / rad, phi / rad}
}
