package api

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"truce/internal/fault"
	"truce/internal/report/doc"
	reporthtml "truce/internal/report/html"
	"truce/internal/sitrep"
)

// sitrepFormats are the formats of GET /api/v1/reports/sitrep.
var sitrepFormats = []string{"html", "json", "pdf"}

// sitrepParams are the query parameters GET /api/v1/reports/sitrep reads.
var sitrepParams = []string{"date", "zone", "lang", "format"}

// errNoPDF is the problem of a PDF asked of a node built without a PDF
// renderer (Deps.SitrepPDF nil).
var errNoPDF = &notImplemented{msg: "this node has no PDF renderer for reports; ask for format=html or format=json"}

// notImplemented is a request for something this node cannot do (501).
type notImplemented struct{ msg string }

func (e *notImplemented) Error() string { return e.msg }

// reportCSP is the Content-Security-Policy of a report page: it loads
// nothing (its styles are inline, its charts inline SVG) and may be
// framed only by the node's own UI.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"

// getSitrep serves the daily situation report for ?date= (YYYY-MM-DD) as
// the caller may see it: ?lang=en|ru|ar (default en), ?format=html|json|pdf
// (default html), ?zone= to limit the incidents to one zone. A malformed
// parameter is a 400 problem naming it; a zone the caller may not see is
// 404; a PDF on a node without a renderer is 501.
func (s *Server) getSitrep(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k := range q {
		if !slices.Contains(sitrepParams, k) {
			s.writeError(w, r, &fault.BadRequestError{Msg: "unknown parameter " + k + "; use date, zone, lang and format",
				Field: k, Reason: "is not a parameter of this route"})
			return
		}
		if len(q[k]) > 1 {
			s.writeError(w, r, &fault.BadRequestError{Msg: "parameter " + k + " is given more than once", Field: k, Reason: "is repeated"})
			return
		}
	}
	req := sitrep.Request{Date: q.Get("date"), Zone: q.Get("zone"), Lang: q.Get("lang"), By: principal(r)}
	if req.Date == "" {
		s.writeError(w, r, &fault.BadRequestError{Msg: "date is required (YYYY-MM-DD)", Field: "date", Reason: "is missing"})
		return
	}
	format, err := s.sitrepFormat(q.Get("format"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.deps.Sitrep.Build(r.Context(), req)
	var inv *fault.InvalidError
	if errors.As(err, &inv) { // a query parameter: malformed request, not an invalid body
		err = &fault.BadRequestError{Msg: inv.Error(), Field: inv.Field, Reason: inv.Reason}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	name := "sitrep-" + rep.Period.Date + "-" + rep.Document.Lang
	switch format {
	case "json":
		w.Header().Set("Content-Disposition", `inline; filename="`+name+`.json"`)
		writeJSON(w, http.StatusOK, rep.Document)
	case "pdf":
		s.writeReportBytes(w, r, rep.Document, s.deps.SitrepPDF, "application/pdf", name+".pdf")
	default:
		s.writeReportBytes(w, r, rep.Document, func(d doc.Document) ([]byte, error) {
			return reporthtml.Render(d, reporthtml.Options{})
		}, "text/html; charset=utf-8", name+".html")
	}
}

// writeReportBytes renders d with render and sends it as a file.
func (s *Server) writeReportBytes(w http.ResponseWriter, r *http.Request, d doc.Document, render func(doc.Document) ([]byte, error), ctype, name string) {
	body, err := render(d)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `inline; filename="`+strings.ReplaceAll(name, `"`, "")+`"`)
	if strings.HasPrefix(ctype, "text/html") {
		h.Set("Content-Security-Policy", reportCSP)
		h.Set("X-Frame-Options", "SAMEORIGIN")
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// sitrepFormat returns the report format ?format= asks for (html when
// empty), or the problem to answer: a format the node does not produce, or
// pdf on a node built without the renderer.
func (s *Server) sitrepFormat(format string) (string, error) {
	if format == "" {
		format = "html"
	}
	if !slices.Contains(sitrepFormats, format) {
		return "", &fault.BadRequestError{Msg: "format must be html, json or pdf", Field: "format", Reason: "is " + format}
	}
	if format == "pdf" && s.deps.SitrepPDF == nil {
		return "", errNoPDF
	}
	return format, nil
}
