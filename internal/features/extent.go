package features

import (
	"context"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
)

// Extent is where and when the features a caller may see of a collection
// lie: the bounding box of their geometries and the interval their times
// span. It is computed per caller, from the features the collection yields
// to that caller, so that it never widens for a record the caller may not
// see.
type Extent struct {
	// Unbounded is set when the caller sees more features than ExtentOf
	// was allowed to read: the extent is then unknown, and the other
	// fields are zero.
	Unbounded bool
	// BBox is nil when no visible feature has a geometry.
	BBox *orb.Bound
	// HasTime is false when no visible feature has a time. Start (End) is
	// nil when some visible feature's time is open at its start (end).
	HasTime    bool
	Start, End *time.Time
}

// ExtentOf returns the extent of the features of c that by may see. It
// reads every such feature, as an export does, but at most max of them:
// past that it returns an Unbounded extent (so its cost is bounded, and
// what it reveals depends only on what by may see).
func ExtentOf(ctx context.Context, c Collection, by access.Principal, max int) (*Extent, error) {
	e := &Extent{}
	openStart, openEnd := false, false
	n := 0
	err := c.Each(ctx, by, &Query{}, func(f *Feature) error {
		if n++; n > max {
			e = &Extent{Unbounded: true}
			return ErrStop
		}
		if g, err := f.Geom(); err == nil && g != nil {
			b := g.Bound()
			if e.BBox == nil {
				e.BBox = &b
			} else {
				u := e.BBox.Union(b)
				e.BBox = &u
			}
		}
		if f.Start == nil && f.End == nil {
			return nil
		}
		e.HasTime = true
		if f.Start == nil {
			openStart = true
		} else if e.Start == nil || f.Start.Before(*e.Start) {
			e.Start = f.Start
		}
		if f.End == nil {
			openEnd = true
		} else if e.End == nil || f.End.After(*e.End) {
			e.End = f.End
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("features: extent of %s: %w", c.Info().ID, err)
	}
	if e.Unbounded {
		return e, nil
	}
	if openStart {
		e.Start = nil
	}
	if openEnd {
		e.End = nil
	}
	return e, nil
}
