package api

import (
	"net/http"
	"strconv"

	"truce/internal/agreements"
)

// versionParam reads the {version} path value: a positive integer.
func versionParam(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v < 1 {
		return 0, badRequestf("version %q is not a positive integer", r.PathValue("version"))
	}
	return v, nil
}

func (s *Server) listAgreements(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, agreements.Listing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Agreements.ListPage(r.Context(), principal(r), agreements.Status(r.URL.Query().Get("status")), limit, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// proposeAgreement serves both POST /agreements (a new agreement) and POST
// /agreements/{id}/versions (a new version, with If-Match).
func (s *Server) proposeAgreement(w http.ResponseWriter, r *http.Request) {
	var req agreements.Proposal
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
	a, err := s.deps.Agreements.Propose(r.Context(), principal(r), id, seq, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, a.Seq)
	writeCreated(w, "/api/v1/agreements/"+a.ID, a)
}

func (s *Server) getAgreement(w http.ResponseWriter, r *http.Request) {
	a, err := s.deps.Agreements.Get(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, a.Seq)
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) agreeAgreement(w http.ResponseWriter, r *http.Request) {
	if err := noBody(r, s.opts.MaxBody); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := versionParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.deps.Agreements.Agree(r.Context(), principal(r), r.PathValue("id"), v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, a.Seq)
	writeCreated(w, "/api/v1/agreements/"+a.ID, a)
}

func (s *Server) linkToObligation(w http.ResponseWriter, r *http.Request) {
	var req agreements.LinkInput
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.deps.Agreements.Link(r.Context(), principal(r), r.PathValue("id"), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, a.Seq)
	writeCreated(w, "/api/v1/agreements/"+a.ID, a)
}

func (s *Server) agreementCompliance(w http.ResponseWriter, r *http.Request) {
	c, err := s.deps.Agreements.Compliance(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) agreementHistory(w http.ResponseWriter, r *http.Request) {
	es, err := s.deps.Agreements.History(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": es})
}
