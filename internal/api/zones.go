package api

import (
	"net/http"
	"strconv"

	"truce/internal/zones"
)

func (s *Server) listZones(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, zones.Listing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Zones.ListPage(r.Context(), principal(r), zones.Status(r.URL.Query().Get("status")), limit, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) createZone(w http.ResponseWriter, r *http.Request) {
	var req zones.Proposal
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	z, err := s.deps.Zones.Propose(r.Context(), principal(r), "", 0, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, z.Seq)
	w.Header().Set("Location", "/api/v1/zones/"+z.ID)
	writeJSON(w, http.StatusCreated, z)
}

func (s *Server) getZone(w http.ResponseWriter, r *http.Request) {
	z, err := s.deps.Zones.Get(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, z.Seq)
	writeJSON(w, http.StatusOK, z)
}

func (s *Server) proposeZoneVersion(w http.ResponseWriter, r *http.Request) {
	var req zones.Proposal
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	seq, err := ifMatch(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	z, err := s.deps.Zones.Propose(r.Context(), principal(r), r.PathValue("id"), seq, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, z.Seq)
	w.Header().Set("Location", "/api/v1/zones/"+z.ID)
	writeJSON(w, http.StatusCreated, z)
}

func (s *Server) agreeZoneVersion(w http.ResponseWriter, r *http.Request) {
	if err := noBody(r, s.opts.MaxBody); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v < 1 {
		s.writeError(w, r, badRequestf("version %q is not a positive integer", r.PathValue("version")))
		return
	}
	z, err := s.deps.Zones.Agree(r.Context(), principal(r), r.PathValue("id"), v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, z.Seq)
	w.Header().Set("Location", "/api/v1/zones/"+z.ID)
	writeJSON(w, http.StatusCreated, z)
}

func (s *Server) zoneHistory(w http.ResponseWriter, r *http.Request) {
	es, err := s.deps.Zones.History(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": es})
}
