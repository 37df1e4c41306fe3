package api

import (
	"net/http"

	"truce/internal/access"
	"truce/internal/flights"
	"truce/internal/listing"
)

// Handlers of /api/v1/flightplans, /api/v1/reservations and
// /api/v1/conflicts (airspace deconfliction; package flights decides who
// may do what, package access what each caller sees). Live tracks are in
// flights_tracks.go.

// listFlightPlans serves GET /api/v1/flightplans: a page of up to limit
// (1–10000, default 10000) plans in id order, and the cursor of the next
// page in next ("" on the last).
func (s *Server) listFlightPlans(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := flights.PlanFilter{Party: q.Get("party"), Status: q.Get("status")}
	if err := f.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	var after *listing.Cursor
	var err error
	if f.Limit, after, err = pageParams(r, flights.PlanListing); err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Flights.ListPlansPage(r.Context(), principal(r), f, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	for _, pl := range page.Items {
		if !pl.Redacted {
			s.deps.Auditor.Record(p, pl.Party, pl.Release, "flightplan", pl.ID, "api")
		}
	}
	writeJSON(w, 200, page)
}

func (s *Server) getFlightPlan(w http.ResponseWriter, r *http.Request) {
	pl, err := s.deps.Flights.GetPlan(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !pl.Redacted {
		s.deps.Auditor.Record(principal(r), pl.Party, pl.Release, "flightplan", pl.ID, "api")
	}
	setETag(w, pl.Seq)
	writeJSON(w, 200, pl)
}

// writeFlightPlan files (POST on the collection) or amends (PUT on an
// item, with If-Match) a flight plan.
func (s *Server) writeFlightPlan(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	match, err := int64(-1), error(nil)
	if id != "" { // an update: If-Match is required (428 without it)
		if match, err = ifMatch(r); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	var in flights.PlanInput
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	var pl *flights.Plan
	if id == "" {
		pl, err = s.deps.Flights.File(r.Context(), principal(r), in)
	} else {
		pl, err = s.deps.Flights.Amend(r.Context(), principal(r), id, match, in)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, pl.Seq)
	status := 200
	if id == "" {
		status = 201
		w.Header().Set("Location", "/api/v1/flightplans/"+pl.ID)
	}
	writeJSON(w, status, pl)
}

// cancelBody is the body of the cancel actions.
type cancelBody struct {
	Reason string `json:"reason"`
}

func (s *Server) cancelFlightPlan(w http.ResponseWriter, r *http.Request) {
	var in cancelBody
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	match, err := ifMatch(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pl, err := s.deps.Flights.Cancel(r.Context(), principal(r), r.PathValue("id"), match, in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, pl.Seq)
	writeJSON(w, 200, pl)
}

// listReservations serves GET /api/v1/reservations: a page of up to
// limit (1–10000, default 10000) reservations, newest first, and the
// cursor of the next page in next ("" on the last).
func (s *Server) listReservations(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, flights.ReservationListing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Flights.ListReservationsPage(r.Context(), principal(r), limit, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	for _, x := range page.Items {
		s.deps.Auditor.Record(p, x.Party, x.Release, "reservation", x.ID, "api")
	}
	writeJSON(w, 200, page)
}

func (s *Server) getReservation(w http.ResponseWriter, r *http.Request) {
	x, err := s.deps.Flights.GetReservation(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Record(principal(r), x.Party, x.Release, "reservation", x.ID, "api")
	setETag(w, x.Seq)
	writeJSON(w, 200, x)
}

func (s *Server) createReservation(w http.ResponseWriter, r *http.Request) {
	var in flights.ReservationInput
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	x, err := s.deps.Flights.Reserve(r.Context(), principal(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, x.Seq)
	w.Header().Set("Location", "/api/v1/reservations/"+x.ID)
	writeJSON(w, 201, x)
}

func (s *Server) cancelReservation(w http.ResponseWriter, r *http.Request) {
	var in cancelBody
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	match, err := ifMatch(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	x, err := s.deps.Flights.CancelReservation(r.Context(), principal(r), r.PathValue("id"), match, in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, x.Seq)
	writeJSON(w, 200, x)
}

// listConflicts serves GET /api/v1/conflicts: a page of up to limit
// (1–10000, default 10000) of the open and recently cleared conflicts, in
// id order, and the cursor of the next page in next ("" on the last).
func (s *Server) listConflicts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := flights.ConflictFilter{Kind: q.Get("kind"), Status: q.Get("status"), Party: q.Get("party")}
	if err := f.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	var after *listing.Cursor
	var err error
	if f.Limit, after, err = pageParams(r, flights.ConflictListing); err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Flights.ListConflictsPage(r.Context(), principal(r), f, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	for i := range page.Items {
		s.auditConflict(p, &page.Items[i])
	}
	writeJSON(w, 200, page)
}

// auditConflict records a read of a sensitive conflict record, once for
// each party concerned other than the reader's (a conflict belongs to all
// of them) that the view c names to the reader and that may know that the
// reader is concerned (c.AuditFor, decided by flights.Disclosure).
func (s *Server) auditConflict(p access.Principal, c *flights.Conflict) {
	for _, party := range c.AuditFor {
		if party != p.Party {
			s.deps.Auditor.Record(p, party, c.Release, "conflict", c.ID, "api")
		}
	}
}

func (s *Server) getConflict(w http.ResponseWriter, r *http.Request) {
	c, err := s.deps.Flights.GetConflict(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.auditConflict(principal(r), c)
	setETag(w, c.Seq)
	writeJSON(w, 200, c)
}
