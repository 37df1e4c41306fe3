package deconflict

import (
	"math"
	"math/rand/v2"
	"testing"
)

// vincenty returns the WGS 84 geodesic distance in metres between two points
// (Vincenty's inverse formula, converged to 1e-13 rad): the reference the
// projection is measured against.
func vincenty(lat1, lon1, lat2, lon2 float64) float64 {
	const a, f = wgs84A, wgs84F
	b := a * (1 - f)
	rad := math.Pi / 180
	L := (lon2 - lon1) * rad
	U1 := math.Atan((1 - f) * math.Tan(lat1*rad))
	U2 := math.Atan((1 - f) * math.Tan(lat2*rad))
	sinU1, cosU1 := math.Sincos(U1)
	sinU2, cosU2 := math.Sincos(U2)
	lambda := L
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM float64
	for range 200 {
		sinL, cosL := math.Sincos(lambda)
		sinSigma = math.Hypot(cosU2*sinL, cosU1*sinU2-sinU1*cosU2*cosL)
		if sinSigma == 0 {
			return 0
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosL
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinL / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		C := f / 16 * cos2Alpha * (4 + f*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-C)*f*sinAlpha*(sigma+C*sinSigma*(cos2SigmaM+C*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < 1e-13 {
			break
		}
	}
	u2 := cos2Alpha * (a*a - b*b) / (b * b)
	A := 1 + u2/16384*(4096+u2*(-768+u2*(320-175*u2)))
	B := u2 / 1024 * (256 + u2*(-128+u2*(74-47*u2)))
	dSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	return b * A * (sigma - dSigma)
}

// regionPoint returns a random point of the 600 × 600 km region around p's
// centre (chosen in the projection plane).
func regionPoint(r *rand.Rand, p *Projection) (lat, lon float64) {
	return p.Inverse(r.Float64()*600e3-300e3, r.Float64()*600e3-300e3)
}

func TestProjectionRoundTrip(t *testing.T) {
	const seed = 1
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, seed))
	for _, c := range [][2]float64{{35, 38.5}, {0, 0}, {-33.9, 151.2}, {60, -179.9}} {
		p := NewProjection(c[0], c[1])
		for range 2000 {
			x, y := r.Float64()*2000e3-1000e3, r.Float64()*2000e3-1000e3
			lat, lon := p.Inverse(x, y)
			x2, y2 := p.Forward(lat, lon)
			if math.Hypot(x2-x, y2-y) > 1e-4 {
				t.Fatalf("centre %v: (%f,%f) → (%f,%f) → (%f,%f)", c, x, y, lat, lon, x2, y2)
			}
		}
	}
}

// TestProjectionAccuracy checks the documented contract: distances in the
// plane are within 0.1 % of the WGS 84 geodesic across a 600 × 600 km region,
// for separations from 1 km (the scale of the minima) to the region's size.
func TestProjectionAccuracy(t *testing.T) {
	const seed = 2
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, seed))
	for _, c := range [][2]float64{{35, 38.5}, {0, 0}, {60, 20}, {-45, 170}} {
		p := NewProjection(c[0], c[1])
		worst := 0.0
		for i := range 20000 {
			lat1, lon1 := regionPoint(r, p)
			var lat2, lon2 float64
			if i%2 == 0 { // short: up to 20 km
				x, y := p.Forward(lat1, lon1)
				a := r.Float64() * 2 * math.Pi
				d := 1e3 + r.Float64()*19e3
				lat2, lon2 = p.Inverse(clamp(x+d*math.Cos(a), -300e3, 300e3), clamp(y+d*math.Sin(a), -300e3, 300e3))
			} else {
				lat2, lon2 = regionPoint(r, p)
			}
			g := vincenty(lat1, lon1, lat2, lon2)
			if g < 500 {
				continue
			}
			x1, y1 := p.Forward(lat1, lon1)
			x2, y2 := p.Forward(lat2, lon2)
			rel := math.Abs(math.Hypot(x2-x1, y2-y1)-g) / g
			worst = max(worst, rel)
		}
		t.Logf("centre %v: worst relative distance error %.5f %%", c, worst*100)
		if worst > 0.001 {
			t.Errorf("centre %v: worst relative error %.5f %% exceeds 0.1 %%", c, worst*100)
		}
	}
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }
