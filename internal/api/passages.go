package api

import (
	"net/http"

	"truce/internal/agreements"
)

func (s *Server) listPassages(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, agreements.PassageListing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Agreements.PassagesPage(r.Context(), principal(r), agreements.PassageStatus(r.URL.Query().Get("status")), limit, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// proposePassage serves both POST /passages (a new passage) and POST
// /passages/{id}/versions (a new version, with If-Match).
func (s *Server) proposePassage(w http.ResponseWriter, r *http.Request) {
	var req agreements.PassageInput
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	id := r.PathValue("id")
	var seq int64
	if id != "" {
		var err error
		if seq, err = ifMatch(r); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	p, err := s.deps.Agreements.ProposePassage(r.Context(), principal(r), id, seq, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, p.Seq)
	writeCreated(w, "/api/v1/passages/"+p.ID, p)
}

func (s *Server) getPassage(w http.ResponseWriter, r *http.Request) {
	p, err := s.deps.Agreements.GetPassage(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, p.Seq)
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) guaranteePassage(w http.ResponseWriter, r *http.Request) {
	if err := noBody(r, s.opts.MaxBody); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := versionParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.deps.Agreements.Guarantee(r.Context(), principal(r), r.PathValue("id"), v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, p.Seq)
	writeCreated(w, "/api/v1/passages/"+p.ID, p)
}

func (s *Server) setPassageStatus(w http.ResponseWriter, r *http.Request) {
	var req agreements.StatusInput
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	seq, err := ifMatch(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.deps.Agreements.SetStatus(r.Context(), principal(r), r.PathValue("id"), seq, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, p.Seq)
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) reportPassageHazard(w http.ResponseWriter, r *http.Request) {
	var req agreements.HazardInput
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.deps.Agreements.ReportHazard(r.Context(), principal(r), r.PathValue("id"), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, p.Seq)
	writeCreated(w, "/api/v1/passages/"+p.ID, p)
}

func (s *Server) passageHistory(w http.ResponseWriter, r *http.Request) {
	es, err := s.deps.Agreements.PassageHistory(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": es})
}
