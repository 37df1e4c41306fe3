package monitoring

import (
	"errors"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/geo"
)

// Track is a patrol as the coverage engine sees it: where it went, how far
// it saw either side, and when.
type Track struct {
	ID         string
	Route      orb.LineString
	SightM     float64
	Start, End time.Time
}

// Blocked is a restriction as the coverage engine sees it.
type Blocked struct {
	ID, PatrolID, ControlledBy string
	At                         orb.Point
	RadiusM                    float64
	Time                       time.Time
}

// Cell is the grid cell [X·deg, (X+1)·deg) × [Y·deg, (Y+1)·deg) of a grid
// of deg degrees; grids of one size are aligned on (0, 0).
type Cell struct{ X, Y int }

// Centre returns the centre of c in a grid of deg degrees.
func (c Cell) Centre(deg float64) orb.Point {
	return orb.Point{(float64(c.X) + 0.5) * deg, (float64(c.Y) + 0.5) * deg}
}

// Seen is the coverage of one cell: seen by some patrol, or, when no
// patrol saw it, denied by the restrictions in By (parties controlling the
// area, sorted, without repeats).
type Seen struct {
	Seen bool
	By   []string
}

// ErrTooManyCells is returned when a map would examine more than MaxCells
// cells: a larger cell or a shorter period is needed.
var ErrTooManyCells = errors.New("monitoring: coverage needs too many cells")

// MaxCells bounds the cells one coverage map examines.
const MaxCells = 400_000

// Active reports whether t was active at some time in [from, to).
func (t Track) Active(from, to time.Time) bool { return t.Start.Before(to) && t.End.After(from) }

// Applies reports whether b restricts t: it names t, or it names no patrol
// and happened while t was active.
func (b Blocked) Applies(t Track) bool {
	if b.PatrolID != "" {
		return b.PatrolID == t.ID
	}
	return !b.Time.Before(t.Start) && b.Time.Before(t.End)
}

// Coverage returns the coverage of the cells of a grid of deg degrees in
// [from, to) by tracks restricted by blocks: a cell is present when the
// centre lies within SightM of the route of a track active in the period;
// it is seen when at least one such track was not restricted there (no
// block that applies to it within RadiusM of the centre), and denied
// otherwise, By naming the parties of the blocks. Cells no track reached
// are absent. It returns ErrTooManyCells before any work when the tracks'
// extents hold more than MaxCells cells.
func Coverage(tracks []Track, blocks []Blocked, from, to time.Time, deg float64) (map[Cell]Seen, error) {
	type job struct {
		t      Track
		bs     []Blocked
		x0, x1 int
		y0, y1 int
	}
	var jobs []job
	total := 0
	for _, t := range tracks {
		if !t.Active(from, to) || len(t.Route) == 0 {
			continue
		}
		b := geo.ExpandBound(t.Route.Bound(), t.SightM)
		j := job{t: t, x0: index(b.Min[0], deg), x1: index(b.Max[0], deg), y0: index(b.Min[1], deg), y1: index(b.Max[1], deg)}
		total += (j.x1 - j.x0 + 1) * (j.y1 - j.y0 + 1)
		if total > MaxCells {
			return nil, ErrTooManyCells
		}
		for _, bl := range blocks {
			if bl.Applies(t) {
				j.bs = append(j.bs, bl)
			}
		}
		jobs = append(jobs, j)
	}
	out := map[Cell]Seen{}
	for _, j := range jobs {
		for x := j.x0; x <= j.x1; x++ {
			for y := j.y0; y <= j.y1; y++ {
				c := Cell{x, y}
				p := c.Centre(deg)
				if geo.DistanceToLineString(p, j.t.Route) > j.t.SightM {
					continue
				}
				s := out[c]
				if s.Seen {
					continue
				}
				by := blockedAt(p, j.bs)
				if len(by) == 0 {
					out[c] = Seen{Seen: true}
					continue
				}
				s.By = union(s.By, by)
				out[c] = s
			}
		}
	}
	return out, nil
}

// index returns the grid index of coordinate v in a grid of deg degrees.
func index(v, deg float64) int { return int(math.Floor(v / deg)) }

// blockedAt returns the parties of the blocks within their radius of p.
func blockedAt(p orb.Point, bs []Blocked) []string {
	var by []string
	for _, b := range bs {
		if geo.Distance(p, b.At) <= b.RadiusM {
			by = append(by, b.ControlledBy)
		}
	}
	return by
}

func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
