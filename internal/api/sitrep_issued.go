package api

import (
	"errors"
	"net/http"

	"truce/internal/fault"
	"truce/internal/sitrep"
)

// issueRequest is the body of POST /api/v1/reports/sitrep.
type issueRequest struct {
	Date string `json:"date"`
	Lang string `json:"lang"`
}

// issuedReports is the answer of GET /api/v1/reports/sitrep/issued/{date}:
// the period's issued reports (at most one per language), not a listing.
type issuedReports struct {
	Date    string                `json:"date"`
	Reports []sitrep.IssuedReport `json:"reports"`
}

// asBadRequest turns an invalid parameter into a 400 naming it.
func asBadRequest(err error) error {
	var inv *fault.InvalidError
	if errors.As(err, &inv) {
		return &fault.BadRequestError{Msg: inv.Error(), Field: inv.Field, Reason: inv.Reason}
	}
	return err
}

// issueSitrep issues the public report of a date (a co-chair's liaison):
// 201 with the issued report, or 200 with the one issued before.
func (s *Server) issueSitrep(w http.ResponseWriter, r *http.Request) {
	var req issueRequest
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.Date == "" {
		s.writeError(w, r, &fault.BadRequestError{Msg: "date is required (YYYY-MM-DD)", Field: "date", Reason: "is missing"})
		return
	}
	before, err := s.deps.SitrepIssuer.List(r.Context(), req.Date)
	if err != nil {
		s.writeError(w, r, asBadRequest(err))
		return
	}
	rep, err := s.deps.SitrepIssuer.Issue(r.Context(), principal(r), req.Date, req.Lang)
	if err != nil {
		s.writeError(w, r, asBadRequest(err))
		return
	}
	status := http.StatusCreated
	for _, b := range before {
		if b.SHA256 == rep.SHA256 {
			status = http.StatusOK
		}
	}
	w.Header().Set("Location", "/api/v1/reports/sitrep/issued/"+rep.Date+"/"+rep.SHA256)
	writeJSON(w, status, rep)
}

// listIssuedSitreps serves a period's issued reports with their sign-offs.
func (s *Server) listIssuedSitreps(w http.ResponseWriter, r *http.Request) {
	date := r.PathValue("date")
	rs, err := s.deps.SitrepIssuer.List(r.Context(), date)
	if err != nil {
		s.writeError(w, r, asBadRequest(err))
		return
	}
	if rs == nil {
		rs = []sitrep.IssuedReport{}
	}
	writeJSON(w, http.StatusOK, issuedReports{Date: date, Reports: rs})
}

// getIssuedSitrep serves the stored bytes of an issued report (its
// canonical JSON), checked against the hash its entry logs.
func (s *Server) getIssuedSitrep(w http.ResponseWriter, r *http.Request) {
	body, err := s.deps.SitrepIssuer.Body(r.Context(), r.PathValue("date"), r.PathValue("sha256"))
	if err != nil {
		s.writeError(w, r, asBadRequest(err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="sitrep-`+r.PathValue("date")+`.json"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// agreeSitrep records the caller's co-chair's sign-off of an issued report.
func (s *Server) agreeSitrep(w http.ResponseWriter, r *http.Request) {
	rep, err := s.deps.SitrepIssuer.Agree(r.Context(), principal(r), r.PathValue("date"), r.PathValue("sha256"))
	if err != nil {
		s.writeError(w, r, asBadRequest(err))
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
