package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"truce/internal/incidents"
	"truce/internal/stix"
)

// stixPageSize is how many incidents the STIX export reads per page: the
// export holds one page in memory at a time, whatever the total.
const stixPageSize = 500

// stixMaxBytes is the largest STIX bundle the import accepts.
const stixMaxBytes = 16 << 20

// exportSTIX streams the incidents matching the incident filters that the
// caller may see as a STIX 2.1 bundle: GET /api/v1/exports/stix?… (the
// filters of GET /api/v1/incidents; limit and brief are ignored, cursor
// starts the export after a listing's cursor).
func (s *Server) exportSTIX(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f.Limit, f.Brief = stixPageSize, false
	p := principal(r)
	ctx := r.Context()
	page, err := s.deps.Incidents.Search(ctx, p, f) // errors surface before the first byte
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/stix+json;version=2.1")
	w.Header().Set("Content-Disposition", `attachment; filename="truce-incidents.stix.json"`)
	w.Header().Set("Cache-Control", "no-store")
	ex, err := stix.NewExporter(w, stix.ID("bundle", p.Party+"?"+r.URL.RawQuery))
	if err != nil {
		s.log.ErrorContext(ctx, "stix export", "err", err)
		return
	}
	for n := 0; ; n++ {
		for i := range page.Items {
			in := &page.Items[i]
			s.deps.Auditor.Record(p, in.Party, in.Release, "incident", in.ID, "stix")
			f, err := s.deps.Findings.View(ctx, p, in.ID)
			if err != nil {
				s.log.ErrorContext(ctx, "stix export: finding", "id", in.ID, "err", err)
				return
			}
			if err := ex.IncidentWithFinding(in, f); err != nil {
				s.log.ErrorContext(ctx, "stix export: incident", "id", in.ID, "err", err)
				return // the bundle stays unterminated: the client sees a broken export, not a short one
			}
		}
		if page.Next == "" {
			break
		}
		if err := ex.Flush(); err != nil {
			return
		}
		cur, err := incidents.ParseCursor(page.Next)
		if err != nil {
			s.log.ErrorContext(ctx, "stix export: cursor", "err", err)
			return
		}
		f.After = cur
		if page, err = s.deps.Incidents.Search(ctx, p, f); err != nil {
			s.log.ErrorContext(ctx, "stix export: page", "page", n+1, "err", err)
			return
		}
	}
	if err := ex.Close(); err != nil {
		s.log.DebugContext(ctx, "stix export: close", "err", err)
	}
}

// stixImportResult is the answer to a STIX import: the incidents import
// report and, per incident object, what became of it.
type stixImportResult struct {
	*incidents.ImportReport
	// Objects maps each incident object's STIX id to its row in the report.
	Objects []string `json:"objects"`
}

// bundleProblem is the 422 answer to a bundle that cannot be imported.
func bundleProblem(r *http.Request, detail string, errs []stix.ObjectError, report *incidents.ImportReport) any {
	p := importProblem{Problem: Problem{Type: problemBase + "invalid-bundle", Title: "Invalid STIX bundle", Status: 422,
		Detail: detail, Instance: r.URL.Path}, Report: report}
	for _, e := range errs {
		f := e.Object
		if e.Field != "" {
			f += " " + e.Field
		}
		p.Errors = append(p.Errors, FieldError{Field: f, Reason: e.Reason})
	}
	return p
}

// importSTIX imports the incident objects of a STIX 2.1 bundle (the raw
// body) as incident reports of the caller's party: POST
// /api/v1/stix/bundles?dry_run=true. All or nothing; idempotent.
func (s *Server) importSTIX(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	if err := incidents.MayReport(p); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := checkImportMediaType(r, "stix"); err != nil {
		s.writeError(w, r, err)
		return
	}
	opts := incidents.ImportOptions{}
	if v := r.URL.Query().Get("dry_run"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			s.writeError(w, r, badRequestf("dry_run must be true or false"))
			return
		}
		opts.DryRun = b
	}
	lim := stix.DefaultLimits
	lim.MaxBytes = stixMaxBytes
	b, err := stix.ReadBundle(r.Body, lim)
	var big *stix.TooLargeError
	var be *stix.BundleError
	switch {
	case errors.As(err, &big):
		s.writeError(w, r, &tooLarge{big.Limit})
		return
	case errors.As(err, &be):
		writeProblemJSON(w, 422, bundleProblem(r, "the bundle is not valid STIX 2.1; nothing was imported", be.Errors, nil))
		return
	case err != nil:
		s.writeError(w, r, badRequestf("could not read the request body"))
		return
	}
	im, err := stix.Incidents(b)
	if errors.As(err, &be) {
		writeProblemJSON(w, 422, bundleProblem(r, fmt.Sprintf("%d objects of the bundle cannot be imported; nothing was imported", len(be.Errors)), be.Errors, nil))
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.deps.Incidents.Import(r.Context(), p, im.Rows, nil, opts)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if rep.Invalid > 0 {
		var errs []stix.ObjectError
		for _, e := range rep.Errors {
			errs = append(errs, stix.ObjectError{Object: im.Object(e.Row), Field: stix.ErrorField(e.Column), Reason: e.Reason})
		}
		writeProblemJSON(w, 422, bundleProblem(r, fmt.Sprintf("%d of %d incidents are invalid; nothing was imported", rep.Invalid, rep.Rows), errs, rep))
		return
	}
	writeJSON(w, http.StatusOK, stixImportResult{ImportReport: rep, Objects: im.Objects})
}

// writeProblemJSON answers status with the problem document v.
func writeProblemJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
