package notify

import (
	"context"
	"fmt"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/timebound"
)

// Live positions of a movement under way. Its notifier's users post them
// in batches (ReportPositions); each batch is one movement.positions entry
// in the log, released to the notifier and the parties the movement was
// notified to only (PositionRelease) — never to a co-chair or audience
// member that was not notified, never public. Being entries, they are the
// record of where the notifier said the movement was, they reach the
// notified parties' streams and webhooks like any entry, and the public
// sees of them only commitments in its delayed batches (and none before
// the movement's window starts: earlier positions are refused).

// KindMovementPositions is the entry of one batch of reported positions
// (payload PositionsReported, subject "movement:<id>").
const KindMovementPositions = "movement.positions"

// MaxPositionBatch is the most positions one request may report.
const MaxPositionBatch = 500

// PositionReport is one position as its notifier reports it: when it was
// taken (RFC 3339) and where (WGS 84 degrees).
type PositionReport struct {
	Time string  `json:"time"`
	Lat  float64 `json:"lat"`
	Lon  float64 `json:"lon"`
}

// PositionsReported is the payload of movement.positions: a batch of
// positions of movement ID, reported against its version Version.
type PositionsReported struct {
	ID        string           `json:"id"`
	Version   int              `json:"version"`
	Positions []PositionReport `json:"positions"`
}

// Position is one reported position of a movement under way: where its
// notifier says the movement was at Time, as stored and served.
type Position struct {
	// Movement is the movement's id.
	Movement string `json:"movement"`
	// Time is when the position was taken (RFC 3339), within the
	// movement's window.
	Time string  `json:"time"`
	Lat  float64 `json:"lat"`
	Lon  float64 `json:"lon"`
	// Seq is the log entry that reported the position; Index its place in
	// that entry's batch. Reported is the entry's time; Party (the
	// notifier) and Author its party and user.
	Seq      int64                `json:"seq"`
	Index    int                  `json:"index"`
	Reported string               `json:"reported"`
	Party    string               `json:"party"`
	Author   string               `json:"author"`
	Release  access.Releasability `json:"releasability"`
	// Until is when the movement's window ends (set in the listing of
	// latest positions only).
	Until string `json:"until,omitempty"`
}

// PositionRelease returns the releasability of n's positions: its label,
// at least AMBER, and as audience its notifier and the parties it notified
// only. A co-chair or an audience member the notifier did not notify sees
// the movement but not where it is.
func PositionRelease(n *Notice) access.Releasability {
	r := access.Releasability{TLP: n.Release.TLP}
	if r.TLP == access.TLPClear || r.TLP == access.TLPGreen {
		r.TLP = access.TLPAmber
	}
	if n.Movement != nil {
		r.Audience = slices.Clone(n.Movement.Parties)
	}
	return r.Normalize(n.Party)
}

// ReportPositions records a batch of positions of movement id, posted by
// a reporter or liaison of its notifying party, as one log entry, all or
// nothing. Errors: fault.ErrNotFound if by may not see the movement;
// fault.ErrForbidden for any other party or role; fault.ErrConflict once
// it is withdrawn; *fault.InvalidError naming the position ("positions[3].time")
// for an empty or too large batch, a position outside [-90, 90] × [-180,
// 180], timed outside the movement's window or after the node's clock
// (allowing timebound.ClockSkew).
func (s *Service) ReportPositions(ctx context.Context, by access.Principal, id string, in []PositionReport) (*ledger.Entry, error) {
	if err := s.canNotify(ctx, by); err != nil {
		return nil, wrapErr("report positions of", id, err)
	}
	n, err := s.load(ctx, nil, by, TypeMovement, id)
	if err != nil {
		return nil, wrapErr("report positions of", id, err)
	}
	if n.Party != by.Party {
		return nil, fmt.Errorf("notify: positions of %s: only the notifying party %s reports them: %w", id, n.Party, fault.ErrForbidden)
	}
	if n.Status != StatusActive {
		return nil, fault.Conflictf("movement %s is withdrawn; it reports no positions", id)
	}
	if err := positionsValid(n, in, s.now()); err != nil {
		return nil, err
	}
	check := func(ctx context.Context, q ledger.Querier) error {
		n, err := s.load(ctx, q, by, TypeMovement, id)
		if err != nil {
			return err
		}
		switch {
		case n.Party != by.Party:
			return fmt.Errorf("only the notifying party %s reports its positions: %w", n.Party, fault.ErrForbidden)
		case n.Status != StatusActive:
			return fault.Conflictf("movement %s is withdrawn; it reports no positions", id)
		}
		return positionsValid(n, in, s.now())
	}
	es, err := s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindMovementPositions,
		Subject: Subject(TypeMovement, id), Release: PositionRelease(n),
		Payload: &PositionsReported{ID: id, Version: n.Version, Positions: in}}, Check: check})
	if err != nil {
		return nil, wrapErr("report positions of", id, err)
	}
	return es[0], nil
}

// positionsValid checks a batch against movement n at now (see
// ReportPositions).
func positionsValid(n *Notice, in []PositionReport, now time.Time) error {
	if len(in) == 0 || len(in) > MaxPositionBatch {
		return fault.Invalid("positions", "send 1–%d positions", MaxPositionBatch)
	}
	start, err1 := time.Parse(time.RFC3339Nano, n.Movement.Window.Start)
	end, err2 := time.Parse(time.RFC3339Nano, n.Movement.Window.End)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("notify: movement %s: malformed window %v", n.ID, n.Movement.Window)
	}
	for i, p := range in {
		field := func(f string) string { return fmt.Sprintf("positions[%d].%s", i, f) }
		t, err := time.Parse(time.RFC3339Nano, p.Time)
		switch {
		case err != nil:
			return fault.Invalid(field("time"), "%q is not an RFC 3339 time", p.Time)
		case t.Before(start) || t.After(end):
			return fault.Invalid(field("time"), "%s is outside the movement's window, %s to %s; positions are shared only while it is under way",
				p.Time, n.Movement.Window.Start, n.Movement.Window.End)
		case !(p.Lat >= -90 && p.Lat <= 90):
			return fault.Invalid(field("lat"), "%v is outside [-90, 90]", p.Lat)
		case !(p.Lon >= -180 && p.Lon <= 180):
			return fault.Invalid(field("lon"), "%v is outside [-180, 180]", p.Lon)
		}
		if err := timebound.Check(field("time"), t, now, timebound.Happened); err != nil {
			return err
		}
	}
	return nil
}
