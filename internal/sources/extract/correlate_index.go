package extract

import (
	"math"
	"time"

	"truce/internal/incidents"
)

// cellDeg is the side of a grid cell of Index, in degrees.
const cellDeg = 0.25

// Index holds candidate incidents in a grid of cellDeg cells so that a
// draft is compared only with those near it. It is immutable and safe for
// concurrent use.
type Index struct {
	cells map[[2]int32][]entry
}

// entry is a candidate with what the index filters on copied out of it.
type entry struct {
	c          Candidate
	cat        incidents.Category
	start, end time.Time
}

// NewIndex indexes cands.
func NewIndex(cands []Candidate) *Index {
	ix := &Index{cells: make(map[[2]int32][]entry)}
	for _, c := range cands {
		lat, lon := c.Point()
		k := cellOf(lat, lon)
		start, end := c.Interval()
		ix.cells[k] = append(ix.cells[k], entry{c: c, cat: c.Category(), start: start, end: end})
	}
	return ix
}

func cellOf(lat, lon float64) [2]int32 {
	return [2]int32{int32(math.Floor(lat / cellDeg)), int32(math.Floor(lon / cellDeg))}
}

// Correlate proposes the possible duplicates of d among the indexed
// incidents: those within MaxKM of the radius of one of d's locations,
// within MaxGap of its interval, with a category compatible with d's (see
// CategoryAffinity), best score first. A draft with no location gets
// none. It proposes duplicates of a past event, nothing else. The search
// does not wrap across the antimeridian.
func (ix *Index) Correlate(d *Draft, o CorrelateOptions) []Match {
	o = o.withDefaults()
	var seen map[string]bool // only needed when several locations may find a candidate twice
	if len(d.Locations) > 1 {
		seen = make(map[string]bool)
	}
	// The window an incident's interval must touch (see scoreMatch).
	from, to := d.Time.Start.Add(-o.MaxGap), d.Time.End.Add(o.MaxGap)
	var out []Match
	for _, l := range d.Locations {
		// A degree of latitude is at least 110.5 km; longitude shrinks by
		// cos(lat), taken at the cell edge farthest from the equator.
		reach := (l.RadiusKM + o.MaxKM) / 110.5 * 1.01
		latLo, latHi := l.Lat-reach, l.Lat+reach
		cos := math.Cos(math.Min(90, math.Max(math.Abs(latLo), math.Abs(latHi))) * math.Pi / 180)
		lonReach := 180.0
		if cos > 1e-6 {
			lonReach = math.Min(180, reach/cos)
		}
		lo, hi := cellOf(latLo, l.Lon-lonReach), cellOf(latHi, l.Lon+lonReach)
		for a := lo[0]; a <= hi[0]; a++ {
			for b := lo[1]; b <= hi[1]; b++ {
				for _, e := range ix.cells[[2]int32{a, b}] {
					if e.end.Before(from) || e.start.After(to) || CategoryAffinity(d.Category, e.cat) == 0 || seen[e.c.ID()] {
						continue
					}
					if m, ok := scoreMatch(d, e.c, o); ok {
						if seen != nil {
							seen[e.c.ID()] = true
						}
						out = append(out, m)
					}
				}
			}
		}
	}
	return sortMatches(out, o.Limit)
}
