package api

import (
	"net/http"

	"truce/internal/accounts"
	"truce/internal/membership"
)

// proposeParty is POST /api/v1/parties: a proposal to admit a party, in
// force once every co-chair's liaison agreed (201 with the proposal; its
// status says whether it is already in force).
func (s *Server) proposeParty(w http.ResponseWriter, r *http.Request) {
	var req accounts.NewParty
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.propose(w, r, membership.Spec{Kind: membership.KindAddParty, NewParty: &req})
}

// proposeMembership is POST /api/v1/membership/proposals.
func (s *Server) proposeMembership(w http.ResponseWriter, r *http.Request) {
	var req membership.Spec
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.propose(w, r, req)
}

func (s *Server) propose(w http.ResponseWriter, r *http.Request, spec membership.Spec) {
	p, err := s.deps.Membership.Propose(r.Context(), principal(r), spec)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/membership/proposals/"+p.ID)
	setETag(w, p.Seq)
	writeJSON(w, http.StatusCreated, p)
}

// listMembership is GET /api/v1/membership/proposals[?status=].
func (s *Server) listMembership(w http.ResponseWriter, r *http.Request) {
	ps, err := s.deps.Membership.List(r.Context(), principal(r), membership.Status(r.URL.Query().Get("status")))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ps)})
}

// getMembership is GET /api/v1/membership/proposals/{id}.
func (s *Server) getMembership(w http.ResponseWriter, r *http.Request) {
	p, err := s.deps.Membership.Get(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, p.Seq)
	writeJSON(w, http.StatusOK, p)
}

// withdrawMembership is POST /api/v1/membership/proposals/{id}/withdrawal:
// the proposing party withdraws a pending proposal.
func (s *Server) withdrawMembership(w http.ResponseWriter, r *http.Request) {
	p, err := s.deps.Membership.Withdraw(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, p.Seq)
	writeJSON(w, http.StatusOK, p)
}

// agreeMembership is POST /api/v1/membership/proposals/{id}/agreements:
// the caller's party (a liaison of a required co-chair) agrees.
func (s *Server) agreeMembership(w http.ResponseWriter, r *http.Request) {
	p, err := s.deps.Membership.Agree(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, p.Seq)
	w.Header().Set("Location", "/api/v1/membership/proposals/"+p.ID)
	writeJSON(w, http.StatusCreated, p)
}
