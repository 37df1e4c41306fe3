package geo

import (
	"flag"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

var seedFlag = flag.Uint64("seed", 1, "seed for random property tests (0 picks one from the clock)")

// newRand returns the test's deterministic random source and logs its seed.
func newRand(t testing.TB) *rand.Rand {
	seed := *seedFlag
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("seed %d (rerun with -seed=%d)", seed, seed)
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// starRing returns a simple closed counter-clockwise ring of n vertices
// around c whose radius (in degrees) varies in [r/2, r].
func starRing(rng *rand.Rand, c orb.Point, r float64, n int) orb.Ring {
	angles := make([]float64, n)
	for i := range angles {
		angles[i] = (float64(i) + 0.9*rng.Float64()) / float64(n) * 2 * math.Pi
	}
	ring := make(orb.Ring, 0, n+1)
	for _, a := range angles {
		rr := r * (0.5 + 0.5*rng.Float64())
		ring = append(ring, orb.Point{c[0] + rr*math.Cos(a), c[1] + rr*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// starPolygon returns a valid polygon with a star-shaped shell and, if hole,
// a small star-shaped hole around its centre.
func starPolygon(rng *rand.Rand, c orb.Point, r float64, n int, hole bool) orb.Polygon {
	p := orb.Polygon{starRing(rng, c, r, n)}
	if hole && n >= 8 {
		h := starRing(rng, c, r/5, max(3, n/4))
		for i, j := 0, len(h)-1; i < j; i, j = i+1, j-1 {
			h[i], h[j] = h[j], h[i]
		}
		p = append(p, h)
	}
	return p
}

// signedArea is the shoelace area in square degrees (positive if CCW).
func signedArea(r orb.Ring) float64 {
	s := 0.0
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s / 2
}

// vincenty is the reference geodesic distance on WGS 84 (Vincenty's inverse
// formula, iterated to 1e-12), used only as a test oracle.
func vincenty(p, q orb.Point) float64 {
	a, f := wgsA, wgsF
	b := a * (1 - f)
	L := (q[0] - p[0]) * rad
	U1 := math.Atan((1 - f) * math.Tan(p[1]*rad))
	U2 := math.Atan((1 - f) * math.Tan(q[1]*rad))
	sU1, cU1, sU2, cU2 := math.Sin(U1), math.Cos(U1), math.Sin(U2), math.Cos(U2)
	lam := L
	var sSig, cSig, sig, c2a, c2sm float64
	for i := 0; i < 200; i++ {
		sl, cl := math.Sin(lam), math.Cos(lam)
		sSig = math.Sqrt((cU2*sl)*(cU2*sl) + (cU1*sU2-sU1*cU2*cl)*(cU1*sU2-sU1*cU2*cl))
		if sSig == 0 {
			return 0
		}
		cSig = sU1*sU2 + cU1*cU2*cl
		sig = math.Atan2(sSig, cSig)
		sa := cU1 * cU2 * sl / sSig
		c2a = 1 - sa*sa
		c2sm = 0
		if c2a != 0 {
			c2sm = cSig - 2*sU1*sU2/c2a
		}
		C := f / 16 * c2a * (4 + f*(4-3*c2a))
		prev := lam
		lam = L + (1-C)*f*sa*(sig+C*sSig*(c2sm+C*cSig*(-1+2*c2sm*c2sm)))
		if math.Abs(lam-prev) < 1e-13 {
			break
		}
	}
	u2 := c2a * (a*a - b*b) / (b * b)
	A := 1 + u2/16384*(4096+u2*(-768+u2*(320-175*u2)))
	B := u2 / 1024 * (256 + u2*(-128+u2*(74-47*u2)))
	dSig := B * sSig * (c2sm + B/4*(cSig*(-1+2*c2sm*c2sm)-B/6*c2sm*(-3+4*sSig*sSig)*(-3+4*c2sm*c2sm)))
	return b * A * (sig - dSig)
}
