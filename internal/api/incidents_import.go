package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"truce/internal/incidents"
	"truce/internal/taxii"
	"truce/internal/zones"
)

// importProblem is the 422 answer to an import with bad rows: an RFC 9457
// problem whose errors name each row and column, with the full report.
type importProblem struct {
	Problem
	Report *incidents.ImportReport `json:"report"`
}

// incidentImportMaxBytes is the largest file the incident import accepts,
// as for zone (zones.MaxImportBytes) and STIX (stixMaxBytes) imports.
const incidentImportMaxBytes = 16 << 20

// bodyLimit returns the most bytes r's body may hold: for the bulk imports
// (incidents, zones, STIX bundles) their own limit, 16 MiB, or MaxBody if
// larger; for every other request MaxBody (--max-body, 1 MiB by default).
func (s *Server) bodyLimit(r *http.Request) int64 {
	if r.Method == http.MethodPost {
		switch r.URL.Path {
		case "/api/v1/incidents:import":
			return max(s.opts.MaxBody, incidentImportMaxBytes)
		case "/api/v1/zones:import":
			return max(s.opts.MaxBody, zones.MaxImportBytes)
		case "/api/v1/stix/bundles":
			return max(s.opts.MaxBody, stixMaxBytes)
		case "/api/v1/sources":
			return s.sourceBodyLimit()
		}
		if strings.HasPrefix(r.URL.Path, taxii.RootPath) {
			return max(s.opts.MaxBody, taxiiMaxBytes)
		}
	}
	return s.opts.MaxBody
}

// importIncidents imports a CSV or GeoJSON file (the raw body):
// POST /api/v1/incidents:import?format=csv|geojson&mapping=field=column,…
// &partial=true&dry_run=true. The format defaults from Content-Type. The
// file may hold up to 16 MiB (bodyLimit), more than other requests.
func (s *Server) importIncidents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = incidents.Format(r.Header.Get("Content-Type"))
	}
	if format != "csv" && format != "geojson" {
		s.writeError(w, r, badRequestf("say format=csv or format=geojson (or send Content-Type text/csv or application/geo+json)"))
		return
	}
	if err := checkImportMediaType(r, format); err != nil {
		s.writeError(w, r, err)
		return
	}
	m, err := incidents.ParseMapping(q.Get("mapping"))
	if err != nil {
		s.writeError(w, r, badRequestf("%v", err))
		return
	}
	opts := incidents.ImportOptions{}
	for name, dst := range map[string]*bool{"partial": &opts.Partial, "dry_run": &opts.DryRun} {
		if v := q.Get(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				s.writeError(w, r, badRequestf("%s must be true or false", name))
				return
			}
			*dst = b
		}
	}
	if err := incidents.MayReport(principal(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	limit := s.bodyLimit(r)
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || int64(len(data)) > limit {
		s.writeError(w, r, &tooLarge{limit})
		return
	}
	if err != nil {
		s.writeError(w, r, badRequestf("could not read the request body"))
		return
	}
	rows, perrs, err := incidents.Parse(format, data, m)
	if err != nil {
		s.writeError(w, r, badRequestf("%v", err))
		return
	}
	rep, err := s.deps.Incidents.Import(r.Context(), principal(r), rows, perrs, opts)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if rep.Invalid > 0 && !opts.Partial && !opts.DryRun {
		p := importProblem{Problem: Problem{Type: problemBase + "invalid-import", Title: "Invalid import", Status: 422,
			Detail:   fmt.Sprintf("%d of %d rows are invalid; nothing was written (fix them, or send partial=true to write the valid rows)", rep.Invalid, rep.Rows),
			Instance: r.URL.Path}, Report: rep}
		for _, e := range rep.Errors {
			p.Errors = append(p.Errors, FieldError{Field: fmt.Sprintf("row %d: %s", e.Row, e.Column), Reason: e.Reason})
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(422)
		_ = json.NewEncoder(w).Encode(p)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
