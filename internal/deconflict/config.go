package deconflict

import (
	"fmt"
	"math"
	"time"
)

// Defaults of Config.
const (
	DefaultLateralMinimum  = 9260.0 // metres (5 NM)
	DefaultVerticalMinimum = 1000.0 // feet
	DefaultSlab            = 60 * time.Second
	DefaultTrackTTL        = 60 * time.Second
	DefaultLookahead       = 300 * time.Second
	DefaultMaxRadius       = 1500e3  // metres from the centre
	DefaultMaxSpeed        = 1000.0  // metres per second
	DefaultMaxAltitude     = 100000. // feet
	DefaultMinAltitude     = -2000.  // feet
)

// SeparationTolerance is how close to a minimum a separation may be and
// still count as at the minimum (and so not lost): 1 mm laterally and
// 0.001 ft vertically. It absorbs floating-point rounding in projection so
// that flights planned at exactly the minimum are never reported.
const (
	lateralTolerance  = 1e-3 // metres
	verticalTolerance = 1e-3 // feet
	// mergeGap: loss-of-separation intervals closer than this (seconds) are
	// one conflict (they meet at a segment or slab boundary).
	mergeGap = 1e-6
)

// SeparationTolerance documents the lateral tolerance in metres; the
// vertical one is the same number in feet.
const SeparationTolerance = lateralTolerance

// Config configures an Engine. The zero value of every field selects its
// default; Centre has no default and must be set.
type Config struct {
	// CentreLat, CentreLon (degrees) is the centre of the region and of the
	// local projection. Accuracy is < 0.1 % within 300 km of it.
	CentreLat, CentreLon float64
	// MaxRadius (metres): waypoints and reports farther than this from the
	// centre are rejected as outside the monitored region.
	MaxRadius float64
	// LateralMinimum (metres) and VerticalMinimum (feet) are the separation
	// minima; separation strictly below both at the same instant is a conflict.
	LateralMinimum, VerticalMinimum float64
	// MaxSpeed (m/s) rejects plan segments and velocities faster than this,
	// which are almost always a typing error in a time.
	MaxSpeed float64
	// MinAltitude, MaxAltitude (feet) bound altitudes.
	MinAltitude, MaxAltitude float64
	// Slab is the duration of the time slabs of the broad phase.
	Slab time.Duration
	// TrackTTL: tracks whose last report is older than this are dropped.
	TrackTTL time.Duration
	// Workers bounds the parallelism of AllConflicts and Tick (default 2).
	Workers int
}

// withDefaults returns c with defaults filled in, or an error naming the
// first bad field.
func (c Config) withDefaults() (Config, error) {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.MaxRadius, DefaultMaxRadius)
	def(&c.LateralMinimum, DefaultLateralMinimum)
	def(&c.VerticalMinimum, DefaultVerticalMinimum)
	def(&c.MaxSpeed, DefaultMaxSpeed)
	def(&c.MaxAltitude, DefaultMaxAltitude)
	def(&c.MinAltitude, DefaultMinAltitude)
	if c.Slab == 0 {
		c.Slab = DefaultSlab
	}
	if c.TrackTTL == 0 {
		c.TrackTTL = DefaultTrackTTL
	}
	if c.Workers == 0 {
		c.Workers = 2
	}
	switch {
	case !(c.CentreLat >= -89 && c.CentreLat <= 89) || !(c.CentreLon >= -180 && c.CentreLon <= 180):
		return c, fmt.Errorf("deconflict: config: centre (%v, %v) out of range", c.CentreLat, c.CentreLon)
	case !(c.LateralMinimum > lateralTolerance) || math.IsInf(c.LateralMinimum, 0):
		return c, fmt.Errorf("deconflict: config: lateral minimum %v m must be positive", c.LateralMinimum)
	case !(c.VerticalMinimum > verticalTolerance) || math.IsInf(c.VerticalMinimum, 0):
		return c, fmt.Errorf("deconflict: config: vertical minimum %v ft must be positive", c.VerticalMinimum)
	case !(c.MaxRadius > 0 && c.MaxRadius <= 5000e3):
		return c, fmt.Errorf("deconflict: config: max radius %v m must be in (0, 5000 km]", c.MaxRadius)
	case !(c.MaxSpeed > 0):
		return c, fmt.Errorf("deconflict: config: max speed %v must be positive", c.MaxSpeed)
	case !(c.MinAltitude < c.MaxAltitude):
		return c, fmt.Errorf("deconflict: config: altitude range [%v, %v] is empty", c.MinAltitude, c.MaxAltitude)
	case c.Slab < time.Second:
		return c, fmt.Errorf("deconflict: config: slab %v shorter than 1s", c.Slab)
	case c.TrackTTL < 0 || c.Workers < 0:
		return c, fmt.Errorf("deconflict: config: negative track TTL or workers")
	}
	return c, nil
}
