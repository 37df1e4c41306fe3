package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"truce/internal/zones"
)

// errPreconditionRequired: a state change sent without If-Match (428).
var errPreconditionRequired = errors.New("this change needs an If-Match header with the record's ETag: GET the record first")

// writeDomainError answers like writeError (which also maps a missing
// If-Match to 428).
func (s *Server) writeDomainError(w http.ResponseWriter, r *http.Request, err error) {
	s.writeError(w, r, err)
}

// etag formats a record's sequence number as a strong ETag.
func etag(seq int64) string { return `"` + strconv.FormatInt(seq, 10) + `"` }

// ifMatch returns the sequence number in the request's If-Match header:
// errPreconditionRequired if there is none, a bad request if it is not an
// ETag this API issued.
func ifMatch(r *http.Request) (int64, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return 0, errPreconditionRequired
	}
	n, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(h, "W/"), `"`), 10, 64)
	if err != nil || n < 0 {
		return 0, badRequestf("If-Match %q is not an ETag this API issued", h)
	}
	return n, nil
}

func (s *Server) listZones(w http.ResponseWriter, r *http.Request) {
	st := zones.Status(r.URL.Query().Get("status"))
	zs, err := s.deps.Zones.List(r.Context(), principal(r), st)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": zs})
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
	w.Header().Set("ETag", etag(z.Seq))
	w.Header().Set("Location", "/api/v1/zones/"+z.ID)
	writeJSON(w, http.StatusCreated, z)
}

func (s *Server) getZone(w http.ResponseWriter, r *http.Request) {
	z, err := s.deps.Zones.Get(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(z.Seq))
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
		s.writeDomainError(w, r, err)
		return
	}
	z, err := s.deps.Zones.Propose(r.Context(), principal(r), r.PathValue("id"), seq, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(z.Seq))
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
	w.Header().Set("ETag", etag(z.Seq))
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
