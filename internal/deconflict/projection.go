package deconflict

import "math"

// WGS 84 ellipsoid.
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
)

// Projection is a local metric projection around a centre point: the WGS 84
// ellipsoid is mapped conformally onto the Gauss sphere (whose scale is
// stationary at the centre latitude) and the sphere onto the plane by an
// azimuthal equidistant projection. x points east and y north at the centre,
// both in metres.
//
// Distances between points within 300 km of the centre (a 600 × 600 km
// region) are accurate to better than 0.1 %; the error grows with the square
// of the distance from the centre. A Projection is immutable and safe for
// concurrent use.
type Projection struct {
	lat0, lon0 float64 // degrees
	e          float64 // first eccentricity
	n          float64 // Gauss sphere exponent
	k          float64 // isometric-latitude offset
	r          float64 // Gauss sphere radius, metres
	sinChi0    float64
	cosChi0    float64
	phiSeries  [4]float64 // conformal → geodetic latitude series
}

// NewProjection returns the projection centred on (lat, lon) in degrees.
// The centre must be a valid position; it is not checked.
func NewProjection(lat, lon float64) *Projection {
	e2 := wgs84F * (2 - wgs84F)
	e := math.Sqrt(e2)
	phi0 := lat * math.Pi / 180
	s0, c0 := math.Sincos(phi0)
	n := math.Sqrt(1 + e2*c0*c0*c0*c0/(1-e2))
	chi0 := math.Asin(s0 / n)
	p := &Projection{
		lat0: lat, lon0: lon, e: e, n: n,
		r: wgs84A * math.Sqrt(1-e2) / (1 - e2*s0*s0),
	}
	p.k = math.Atanh(math.Sin(chi0)) - n*p.isometric(s0)
	p.sinChi0, p.cosChi0 = math.Sincos(chi0)
	e4, e6, e8 := e2*e2, e2*e2*e2, e2*e2*e2*e2
	p.phiSeries = [4]float64{
		e2/2 + 5*e4/24 + e6/12 + 13*e8/360,
		7*e4/48 + 29*e6/240 + 811*e8/11520,
		7*e6/120 + 81*e8/1120,
		4279 * e8 / 161280,
	}
	return p
}

// Centre returns the projection's centre (lat, lon) in degrees.
func (p *Projection) Centre() (lat, lon float64) { return p.lat0, p.lon0 }

// isometric returns the isometric latitude of a geodetic latitude given its sine.
func (p *Projection) isometric(sinPhi float64) float64 {
	return math.Atanh(sinPhi) - p.e*math.Atanh(p.e*sinPhi)
}

// Forward projects (lat, lon) in degrees to (x, y) in metres.
func (p *Projection) Forward(lat, lon float64) (x, y float64) {
	sinPhi := math.Sin(lat * math.Pi / 180)
	sinChi := math.Tanh(p.n*p.isometric(sinPhi) + p.k)
	cosChi := math.Sqrt(1 - sinChi*sinChi)
	dl := lon - p.lon0
	if dl > 180 {
		dl -= 360
	} else if dl < -180 {
		dl += 360
	}
	sinL, cosL := math.Sincos(p.n * dl * math.Pi / 180)
	// Unit vector components in the centre's east/north/up frame.
	ex := cosChi * sinL
	ny := p.cosChi0*sinChi - p.sinChi0*cosChi*cosL
	up := p.sinChi0*sinChi + p.cosChi0*cosChi*cosL
	s := math.Hypot(ex, ny)
	if s == 0 {
		return 0, 0
	}
	rho := math.Atan2(s, up)
	f := p.r * rho / s
	return f * ex, f * ny
}

// Inverse returns the (lat, lon) in degrees of the projected point (x, y) in
// metres. It is the inverse of Forward to well below a millimetre.
func (p *Projection) Inverse(x, y float64) (lat, lon float64) {
	d := math.Hypot(x, y)
	if d == 0 {
		return p.lat0, p.lon0
	}
	rho := d / p.r
	sinR, cosR := math.Sincos(rho)
	sinChi := cosR*p.sinChi0 + y*sinR*p.cosChi0/d
	L := math.Atan2(x*sinR, d*p.cosChi0*cosR-y*p.sinChi0*sinR)
	q := (math.Atanh(sinChi) - p.k) / p.n
	// Conformal latitude psi = gd(q) = asin(tanh q) = atan(sinh q), with
	// sin psi = tanh q and cos psi = sech q from one exponential; the
	// series in sin 2k·psi is summed by Clenshaw's recurrence from
	// sin 2psi and cos 2psi (no further transcendental calls).
	eq := math.Exp(q)
	ch, sh := (eq+1/eq)/2, (eq-1/eq)/2
	psi := math.Atan(sh)
	sinPsi, cosPsi := sh/ch, 1/ch
	sin2, cos2 := 2*sinPsi*cosPsi, (cosPsi-sinPsi)*(cosPsi+sinPsi)
	s := p.phiSeries
	b4 := s[3]
	b3 := s[2] + 2*cos2*b4
	b2 := s[1] + 2*cos2*b3 - b4
	b1 := s[0] + 2*cos2*b2 - b3
	phi := psi + b1*sin2
	lon = p.lon0 + L/p.n*180/math.Pi
	if lon > 180 {
		lon -= 360
	} else if lon < -180 {
		lon += 360
	}
	return phi * 180 / math.Pi, lon
}
