package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"truce/internal/monitoring"
)

// This file serves the monitors' freedom of movement (package
// monitoring): patrols and flights filed as notifications to the parties,
// restrictions of their movement, and the coverage map.

func (s *Server) filePatrol(w http.ResponseWriter, r *http.Request) {
	var in monitoring.PatrolInput
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.deps.Monitoring.FilePatrol(r.Context(), principal(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/movements/"+p.NoticeID)
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) recordRestriction(w http.ResponseWriter, r *http.Request) {
	var in monitoring.RestrictionInput
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	rs, err := s.deps.Monitoring.Record(r.Context(), principal(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, rs)
}

// getCoverage serves the coverage map of from–to (RFC 3339, both
// required) in cells of cell degrees (default 0.01) as GeoJSON, from the
// patrols and restrictions the caller may see.
func (s *Server) getCoverage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var period [2]time.Time
	for i, k := range []string{"from", "to"} {
		t, err := time.Parse(time.RFC3339, q.Get(k))
		if err != nil {
			s.writeError(w, r, badRequestf("%s %q is not an RFC 3339 time (from and to are required)", k, q.Get(k)))
			return
		}
		period[i] = t
	}
	var deg float64
	if c := q.Get("cell"); c != "" {
		v, err := strconv.ParseFloat(c, 64)
		if err != nil {
			s.writeError(w, r, badRequestf("cell %q is not a number of degrees", c))
			return
		}
		deg = v
	}
	m, err := s.deps.Monitoring.Map(r.Context(), principal(r), period[0], period[1], deg)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := json.Marshal(m)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Write(b)
}
