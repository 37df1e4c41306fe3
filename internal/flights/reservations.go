package flights

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/listing"
)

// Reserve records an airspace reservation for by's party (a reporter or
// liaison). An invalid one gets an *fault.InvalidError and changes
// nothing. The reservation, the intrusions of other parties' plans into it
// and their alerts are logged in one commit before Reserve returns.
func (s *Service) Reserve(ctx context.Context, by access.Principal, in ReservationInput) (*Reservation, error) {
	if err := canOperate(by); err != nil {
		return nil, wrap("reserve", "airspace", err)
	}
	id := access.NewID("rsv")
	er, err := checkReservationInput(id, by.Party, &in, s.deps.Now())
	if err != nil {
		return nil, err
	}
	rel, err := s.release(ctx, in.Releasability, by.Party)
	if err != nil {
		return nil, err
	}
	payload := &ReservationPayload{ID: id, Name: in.Name, Geometry: in.Geometry, FloorFt: in.FloorFt, CeilingFt: in.CeilingFt, Start: in.Start, End: in.End}
	err = s.write(ctx, func(w *writeSet) error {
		if err := s.eng.AddReservation(er); err != nil {
			return invalidFrom(err, "geometry.coordinates")
		}
		s.heldRes[id] = rel
		w.add(ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username,
			Kind: EntryReservationCreated, Subject: ReservationSubject(id), Release: rel, Payload: payload}})
		return s.applied(s.reconcilePlans(ctx, w, "a reservation was created"))
	})
	if err != nil {
		return nil, wrap("reserve", id, err)
	}
	return s.GetReservation(ctx, by, id)
}

// CancelReservation cancels reservation id (users of its party only);
// match, if ≥ 0, must be its current ETag (else fault.ErrPrecondition);
// fault.ErrConflict if already cancelled. The cancellation and the
// clearing of its intrusions and their alerts are logged in one commit.
func (s *Service) CancelReservation(ctx context.Context, by access.Principal, id string, match int64, reason string) (*Reservation, error) {
	if err := canOperate(by); err != nil {
		return nil, wrap("cancel", id, err)
	}
	if len(reason) > 4000 {
		return nil, fault.Invalid("reason", "at most 4000 bytes")
	}
	load := func(ctx context.Context, q ledger.Querier) (*Reservation, error) {
		r, err := s.deps.Store.Reservation(ctx, q, id)
		if err != nil {
			return nil, err
		}
		if !by.CanSee(r.Release) {
			return nil, fault.ErrNotFound
		}
		if r.Party != by.Party {
			return nil, fmt.Errorf("reservation %s belongs to party %s: %w", id, r.Party, fault.ErrForbidden)
		}
		if match >= 0 && r.Seq != match {
			return nil, fmt.Errorf("reservation %s is at ETag %d, not %d: %w", id, r.Seq, match, fault.ErrPrecondition)
		}
		if r.Status == StatusCancelled {
			return nil, fault.Conflictf("reservation %s is already cancelled", id)
		}
		return r, nil
	}
	cur, err := load(ctx, nil)
	if err != nil {
		return nil, wrap("cancel", id, err)
	}
	check := func(ctx context.Context, q ledger.Querier) error { _, err := load(ctx, q); return err }
	err = s.write(ctx, func(w *writeSet) error {
		if err := check(ctx, nil); err != nil { // against the projections; inside the write the check decides
			return err
		}
		if _, ok := s.heldRes[id]; !ok {
			return fault.Conflictf("reservation %s is already cancelled", id)
		}
		_ = s.eng.RemoveReservation(id)
		delete(s.heldRes, id)
		w.add(ledger.Change{Draft: ledger.Draft{Party: cur.Party, Author: by.Username, Kind: EntryReservationCancelled, Subject: ReservationSubject(id),
			Release: cur.Release, Payload: &CancelPayload{ID: id, Reason: reason}}, Check: check})
		return s.applied(s.reconcilePlans(ctx, w, "a reservation concerned was cancelled"))
	})
	if err != nil {
		return nil, wrap("cancel", id, err)
	}
	return s.GetReservation(ctx, by, id)
}

// GetReservation returns reservation id if by may see it (its
// releasability decides), else fault.ErrNotFound.
func (s *Service) GetReservation(ctx context.Context, by access.Principal, id string) (*Reservation, error) {
	r, err := s.deps.Store.Reservation(ctx, nil, id)
	if err != nil {
		return nil, wrap("get", id, err)
	}
	if !by.CanSee(r.Release) {
		return nil, wrap("get", id, fault.ErrNotFound)
	}
	return r, nil
}

// ReservationAt is a stored reservation with its position in the
// newest-first listing.
type ReservationAt struct {
	Reservation Reservation
	At          Cursor
}

// ReservationPager is the keyset listing a Store may offer (the SQL store
// does) so that callers can walk every reservation a page at a time.
type ReservationPager interface {
	// ReservationsBefore returns up to limit reservations, cancelled ones
	// included, newest first (by the entry that created each, then by id,
	// both descending), strictly after the position after (nil for the
	// start), each with its position.
	ReservationsBefore(ctx context.Context, after *Cursor, limit int) ([]ReservationAt, error)
}

// ListReservationsPage returns a page of up to limit (1 to MaxLimit; 0 for
// MaxLimit) reservations by may see, newest first, starting after the
// position after (nil for the first page), with the guarantee of package
// listing. Returns ErrNoPaging over
// a store that is not a ReservationPager.
func (s *Service) ListReservationsPage(ctx context.Context, by access.Principal, limit int, after *Cursor) (*Page[Reservation], error) {
	pg, ok := s.deps.Store.(ReservationPager)
	if !ok {
		return nil, ErrNoPaging
	}
	page, err := listing.Fill(ctx, ReservationListing, limit, after, pg.ReservationsBefore,
		func(r *ReservationAt) Cursor { return r.At },
		func(r *ReservationAt) (Reservation, bool) { return r.Reservation, by.CanSee(r.Reservation.Release) })
	if err != nil {
		return nil, fmt.Errorf("flights: list reservations: %w", err)
	}
	return page, nil
}
