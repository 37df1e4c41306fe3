package notify

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"truce/internal/access"
	"truce/internal/listing"
)

// The listings of positions: a movement's positions, and the latest
// position of every movement under way.
var (
	PositionListing       = listing.Listing{Tag: "vp1.", Default: 100, Max: 1000}
	LatestPositionListing = listing.Listing{Tag: "vl1.", Default: MaxLimit, Max: MaxLimit}
)

// PositionPage is one page of a listing of positions.
type PositionPage = listing.Page[Position]

// keepPosition is the releasability check of every read of positions.
func keepPosition(by access.Principal) func(*Position) (Position, bool) {
	return func(p *Position) (Position, bool) { return *p, by.CanSee(p.Release) }
}

// Positions returns a page of PositionListing: the positions of movement
// id that by may see, newest report first, after the position after (nil
// for the first page), with the guarantee of package listing. Returns
// fault.ErrNotFound if by may not see the movement; a party that sees the
// movement but was not notified of it (a co-chair) gets empty pages.
func (s *Service) Positions(ctx context.Context, by access.Principal, id string, after *Cursor, limit int) (*PositionPage, error) {
	if _, err := s.load(ctx, nil, by, TypeMovement, id); err != nil {
		return nil, wrapErr("positions of", id, err)
	}
	p, err := listing.Fill(ctx, PositionListing, limit, after,
		func(ctx context.Context, cur *Cursor, n int) ([]Position, error) {
			return s.store.MovementPositions(ctx, id, cur, n)
		}, positionCursor, keepPosition(by))
	if err != nil {
		return nil, fmt.Errorf("notify: positions of %s: %w", id, err)
	}
	return p, nil
}

// positionCursor is a position's place in PositionListing: its entry and
// its index in that entry's batch.
func positionCursor(p *Position) Cursor { return Cursor{Seq: p.Seq, ID: strconv.Itoa(p.Index)} }

// LatestPositions returns a page of LatestPositionListing: the latest
// position (by Time) of every active movement whose window has not ended
// and whose positions by may see, newest report first, after the position
// after (nil for the first page). Each carries Until, the window's end.
func (s *Service) LatestPositions(ctx context.Context, by access.Principal, after *Cursor, limit int) (*PositionPage, error) {
	now := s.now()
	keep := keepPosition(by)
	p, err := listing.Fill(ctx, LatestPositionListing, limit, after, s.store.LatestPositions,
		func(p *Position) Cursor { return Cursor{Seq: p.Seq, ID: p.Movement} },
		func(p *Position) (Position, bool) {
			end, err := time.Parse(time.RFC3339Nano, p.Until)
			if err != nil || !now.Before(end) {
				return Position{}, false
			}
			return keep(p)
		})
	if err != nil {
		return nil, fmt.Errorf("notify: latest positions: %w", err)
	}
	return p, nil
}

// latestPositions returns the latest position of each movement of ns
// that by may see, by movement id (for the feed).
func (s *Service) latestPositions(ctx context.Context, by access.Principal, ns []Notice) (map[string]Position, error) {
	out := map[string]Position{}
	want := map[string]bool{}
	for _, n := range ns {
		if n.Type == TypeMovement {
			want[n.ID] = true
		}
	}
	if len(want) == 0 {
		return out, nil
	}
	var after *Cursor
	for {
		ps, err := s.store.LatestPositions(ctx, after, 1000)
		if err != nil {
			return nil, fmt.Errorf("notify: latest positions: %w", err)
		}
		for _, p := range ps {
			if want[p.Movement] && by.CanSee(p.Release) {
				out[p.Movement] = p
			}
		}
		if len(ps) < 1000 {
			return out, nil
		}
		after = &Cursor{Seq: ps[len(ps)-1].Seq, ID: ps[len(ps)-1].Movement}
	}
}
