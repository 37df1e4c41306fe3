package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"truce/internal/access"
	"truce/internal/zones"
)

// zonesImportProblem is the 422 answer to a zone import with bad features:
// an RFC 9457 problem whose errors name each feature, field, ring and
// vertex, with the full report.
type zonesImportProblem struct {
	Problem
	Report *zones.ImportReport `json:"report"`
}

// importZones proposes zones from a KML or GeoJSON document (the raw
// body): POST /api/v1/zones:import?format=kml|geojson&mapping=…&kind=…
// &effective_from=…&effective_until=…&tlp=…&audience=…&dry_run=true. The
// format defaults from Content-Type.
func (s *Server) importZones(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = zones.ImportFormat(r.Header.Get("Content-Type"))
	}
	if format != "kml" && format != "geojson" {
		s.writeError(w, r, badRequestf("say format=kml or format=geojson (or send Content-Type application/vnd.google-earth.kml+xml or application/geo+json)"))
		return
	}
	if err := checkImportMediaType(r, format); err != nil {
		s.writeError(w, r, err)
		return
	}
	m, err := zones.ParseMapping(q.Get("mapping"))
	if err != nil {
		s.writeError(w, r, badRequestf("%v", err))
		return
	}
	opts := zones.ImportOptions{Defaults: map[string]string{}}
	for _, f := range []string{"kind", "effective_from", "effective_until", "note"} {
		if v := q.Get(f); v != "" {
			opts.Defaults[f] = v
		}
	}
	if tlp := q.Get("tlp"); tlp != "" {
		rel := access.Releasability{TLP: access.TLP(strings.ToUpper(tlp))}
		rel.Audience = splitList(q.Get("audience"))
		opts.Releasability = &rel
	}
	if v := q.Get("dry_run"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			s.writeError(w, r, badRequestf("dry_run must be true or false"))
			return
		}
		opts.DryRun = b
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, zones.MaxImportBytes+1))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || len(data) > zones.MaxImportBytes {
		s.writeError(w, r, &tooLarge{zones.MaxImportBytes})
		return
	}
	if err != nil {
		s.writeError(w, r, badRequestf("could not read the request body"))
		return
	}
	feats, ferrs, err := zones.ParseImport(format, data, m)
	var pe *zones.ParseError
	if errors.As(err, &pe) {
		s.writeError(w, r, badRequestf("%s", pe.Reason))
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.deps.Zones.Import(r.Context(), principal(r), feats, ferrs, opts)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if rep.Invalid > 0 {
		p := zonesImportProblem{Problem: Problem{Type: problemBase + "invalid-import", Title: "Invalid import", Status: 422,
			Detail:   fmt.Sprintf("%d of %d features are invalid; nothing was written", rep.Invalid, rep.Features),
			Instance: r.URL.Path}, Report: rep}
		for _, e := range rep.Errors {
			field := e.Where()
			if e.Field != "" {
				field += ": " + e.Field
			}
			p.Errors = append(p.Errors, FieldError{Field: field, Reason: e.Reason})
		}
		writeProblemJSON(w, 422, p)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
