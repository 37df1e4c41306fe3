package api

import (
	"net/http"
	"slices"

	"truce/internal/fault"
	"truce/internal/report/doc"
	reporthtml "truce/internal/report/html"
	"truce/internal/sitrep"
)

// correctionRequest is the body of POST
// /api/v1/reports/sitrep/issued/{date}/{sha256}/corrections.
type correctionRequest struct {
	Reason string `json:"reason"`
}

// agreedReports is the answer of GET /api/v1/reports/sitrep/agreed: the
// published report of every period with one, newest period first.
type agreedReports struct {
	Lang    string                `json:"lang"`
	Reports []sitrep.IssuedReport `json:"reports"`
}

// correctSitrep issues a correction of an issued report (a co-chair's
// liaison): 201 with the new issue, which names the one it supersedes.
func (s *Server) correctSitrep(w http.ResponseWriter, r *http.Request) {
	var req correctionRequest
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.deps.SitrepIssuer.Correct(r.Context(), principal(r), r.PathValue("date"), r.PathValue("sha256"), req.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/reports/sitrep/issued/"+rep.Date+"/"+rep.SHA256)
	writeJSON(w, http.StatusCreated, rep)
}

// listAgreedSitreps lists the published reports in ?lang= (default en):
// for each period, the newest issue every co-chair signed off. Anyone may
// read it (the public page does): issued reports hold CLEAR records only.
func (s *Server) listAgreedSitreps(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := onlyParams(q, "lang"); err != nil {
		s.writeError(w, r, err)
		return
	}
	rs, err := s.deps.SitrepIssuer.PublishedAll(r.Context(), q.Get("lang"))
	if err != nil {
		s.writeError(w, r, asBadRequest(err))
		return
	}
	lang := q.Get("lang")
	if lang == "" {
		lang = sitrep.Langs[0]
	}
	writeJSON(w, http.StatusOK, agreedReports{Lang: lang, Reports: rs})
}

// getAgreedSitrep serves the published report of {date} in ?lang= as
// ?format=html|json|pdf (default html): the issued document followed by
// its agreement (who signed it off, the entries that record it). Before
// every co-chair signed an issue off, it is 404.
func (s *Server) getAgreedSitrep(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := onlyParams(q, "lang", "format"); err != nil {
		s.writeError(w, r, err)
		return
	}
	format, err := s.sitrepFormat(q.Get("format"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, d, err := s.deps.SitrepIssuer.PublishedDocument(r.Context(), r.PathValue("date"), q.Get("lang"))
	if err != nil {
		s.writeError(w, r, asBadRequest(err))
		return
	}
	name := "sitrep-" + rep.Date + "-" + rep.Lang + "-agreed"
	switch format {
	case "json":
		w.Header().Set("Content-Disposition", `inline; filename="`+name+`.json"`)
		writeJSON(w, http.StatusOK, d)
	case "pdf":
		s.writeReportBytes(w, r, d, s.deps.SitrepPDF, "application/pdf", name+".pdf")
	default:
		s.writeReportBytes(w, r, d, func(d doc.Document) ([]byte, error) {
			return reporthtml.Render(d, reporthtml.Options{})
		}, "text/html; charset=utf-8", name+".html")
	}
}

// onlyParams returns a 400 problem for a query parameter not in names, or
// one given more than once.
func onlyParams(q map[string][]string, names ...string) error {
	for k, v := range q {
		if !slices.Contains(names, k) {
			return &fault.BadRequestError{Msg: "unknown parameter " + k, Field: k, Reason: "is not a parameter of this route"}
		}
		if len(v) > 1 {
			return &fault.BadRequestError{Msg: "parameter " + k + " is given more than once", Field: k, Reason: "is repeated"}
		}
	}
	return nil
}
