package api

import (
	"net/http"

	"truce/internal/notify"
)

// Handlers of the live positions of movements under way: their notifier
// posts them in batches; the notifier and the notified parties read them
// (package notify decides, per position, with package access).

// positionsBody is the body of POST /api/v1/movements/{id}/positions.
type positionsBody struct {
	Positions []notify.PositionReport `json:"positions"`
}

// reportPositions serves POST /api/v1/movements/{id}/positions: 201 with
// the entry that recorded the batch and the number of positions.
func (s *Server) reportPositions(w http.ResponseWriter, r *http.Request) {
	var in positionsBody
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.deps.Notify.ReportPositions(r.Context(), principal(r), r.PathValue("id"), in.Positions)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"seq": e.Seq, "accepted": len(in.Positions)})
}

// movementPositions serves GET /api/v1/movements/{id}/positions: a page of
// notify.PositionListing, newest report first; 404 for a movement the
// caller may not see. Positions served go to the read audit (path
// "positions").
func (s *Server) movementPositions(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, notify.PositionListing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	page, err := s.deps.Notify.Positions(r.Context(), p, r.PathValue("id"), after, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(page.Items) > 0 {
		it := page.Items[0]
		s.deps.Auditor.Record(p, it.Party, it.Release, string(notify.TypeMovement), it.Movement, "positions")
	}
	writeJSON(w, http.StatusOK, page)
}

// latestPositions serves GET /api/v1/positions: a page of
// notify.LatestPositionListing, the latest position of every movement
// under way whose positions the caller may see (the map's moving markers).
func (s *Server) latestPositions(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, notify.LatestPositionListing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	page, err := s.deps.Notify.LatestPositions(r.Context(), p, after, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, it := range page.Items {
		s.deps.Auditor.Record(p, it.Party, it.Release, string(notify.TypeMovement), it.Movement, "positions")
	}
	writeJSON(w, http.StatusOK, page)
}
