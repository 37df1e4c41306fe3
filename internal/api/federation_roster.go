package api

import (
	"context"
	"net/http"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/federation/cite"
	"truce/internal/federation/roster"
	"truce/internal/federation/rosterchange"
)

// RosterChanges proposes, agrees to and reads the changes of a federation's
// roster (package rosterchange, on a party node with a roster; internal/app
// passes it). Its errors are fault kinds the problem mapper answers.
type RosterChanges interface {
	// View returns the roster in force and the proposals the node holds.
	View(ctx context.Context, by access.Principal) (rosterchange.View, error)
	// Propose logs a proposal of the next roster version.
	Propose(ctx context.Context, by access.Principal, req rosterchange.ProposeRequest) (*rosterchange.Proposal, error)
	// Agree logs the agreement of the caller's co-chair party to a
	// proposal the node holds verified.
	Agree(ctx context.Context, by access.Principal, id cite.Citation) (*rosterchange.Proposal, error)
}

// RosterView is the body of GET /api/v1/federation/roster. Federated is
// false on a node that is not a federated party node, and every other
// field is then empty. Agreed are proposals every co-chair has agreed to
// that the node is installing (it does so within a polling interval).
type RosterView struct {
	Federated bool                    `json:"federated"`
	InForce   *RosterInForce          `json:"in_force,omitempty"`
	Pending   []rosterchange.Proposal `json:"pending"`
	Agreed    []rosterchange.Proposal `json:"agreed"`
	Refused   []rosterchange.Proposal `json:"refused"`
}

// RosterInForce is the roster in force on the node and its canonical hash.
type RosterInForce struct {
	Roster *roster.Roster `json:"roster"`
	Hash   string         `json:"hash"`
}

// AgreeRequest is the body of POST /api/v1/federation/roster/agreements:
// the proposal agreed to, as ORIGIN#INDEX or ORIGIN#INDEX:LEAFHASH.
type AgreeRequest struct {
	Proposal string `json:"proposal"`
}

// getRoster serves GET /api/v1/federation/roster to any signed-in user:
// the roster in force with its hash, and every proposal this node holds
// with who agreed (each agreement cited by origin, index and leaf hash).
func (s *Server) getRoster(w http.ResponseWriter, r *http.Request) {
	empty := []rosterchange.Proposal{}
	if s.deps.RosterChanges == nil {
		writeJSON(w, http.StatusOK, RosterView{Pending: empty, Agreed: empty, Refused: empty})
		return
	}
	v, err := s.deps.RosterChanges.View(r.Context(), principal(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body := RosterView{Federated: true, Pending: v.Pending, Agreed: v.Applied, Refused: v.Refused}
	body.InForce = &RosterInForce{Roster: v.Roster, Hash: v.Hash}
	writeJSON(w, http.StatusOK, body)
}

// rosterWriter returns the service for a write by the caller, or an error:
// the roles that may change a roster (admin, liaison; package rosterchange
// decides the co-chair part), then a conflict on a node that is not a
// federated party node.
func (s *Server) rosterWriter(r *http.Request) (RosterChanges, error) {
	if err := principal(r).Require(access.RoleAdmin, access.RoleLiaison); err != nil {
		return nil, err
	}
	if s.deps.RosterChanges == nil {
		return nil, fault.Conflictf("this node is not a federated party node: it has no roster to change")
	}
	return s.deps.RosterChanges, nil
}

// proposeRoster is POST /api/v1/federation/roster/proposals: the whole
// next roster (201 with the proposal, pending until every co-chair's node
// has logged its agreement).
func (s *Server) proposeRoster(w http.ResponseWriter, r *http.Request) {
	rc, err := s.rosterWriter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req rosterchange.ProposeRequest
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := rc.Propose(r.Context(), principal(r), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

// agreeRoster is POST /api/v1/federation/roster/agreements: the caller's
// co-chair party agrees to a proposal this node holds verified.
func (s *Server) agreeRoster(w http.ResponseWriter, r *http.Request) {
	rc, err := s.rosterWriter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req AgreeRequest
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	id, err := cite.Parse(req.Proposal)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := rc.Agree(r.Context(), principal(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
