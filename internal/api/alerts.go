package api

import (
	"net/http"
	"strings"

	"truce/internal/alerts"
	"truce/internal/cap"
	"truce/internal/listing"
)

// Handlers of /api/v1/alerts: lists, counts, one alert as JSON or as CAP
// 1.2 XML (/api/v1/alerts/{id}.cap), and acknowledgements.

// listAlerts serves GET /api/v1/alerts: a page of up to limit (1–1000,
// default 1000) alerts, newest first, and the cursor of the next page in
// next ("" on the last).
func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := alerts.Filter{Kind: alerts.Kind(q.Get("kind")), Status: q.Get("status"), Severity: alerts.Severity(q.Get("severity"))}
	if q.Get("pending") == "true" {
		f.PendingFor = principal(r).Party
	}
	if f.Severity != "" && !f.Severity.Valid() {
		s.writeError(w, r, badRequestf("severity must be one of %v", alerts.Severities))
		return
	}
	var after *listing.Cursor
	var err error
	if f.Limit, after, err = pageParams(r, alerts.Listing); err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Alerts.ListPage(r.Context(), principal(r), f, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	for _, a := range page.Items {
		s.deps.Auditor.Record(p, a.Party, a.Release, "alert", a.ID, "api")
	}
	writeJSON(w, 200, page)
}

func (s *Server) countAlerts(w http.ResponseWriter, r *http.Request) {
	c, err := s.deps.Alerts.Count(r.Context(), principal(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, 200, c)
}

// getAlert serves GET /api/v1/alerts/{id} and, when the id ends in ".cap",
// the alert as CAP 1.2 XML (ServeMux wildcards span whole segments, so the
// suffix is parsed here).
func (s *Server) getAlert(w http.ResponseWriter, r *http.Request) {
	id, asCAP := strings.CutSuffix(r.PathValue("id"), ".cap")
	a, err := s.deps.Alerts.Get(r.Context(), principal(r), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Record(principal(r), a.Party, a.Release, "alert", a.ID, "api")
	setETag(w, a.Seq)
	if !asCAP {
		writeJSON(w, 200, a)
		return
	}
	doc, err := cap.Encode(a, cap.Options{Sender: s.deps.CAPSender})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", cap.ContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(doc)
}

func (s *Server) acknowledgeAlert(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Note string `json:"note"`
	}
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.deps.Alerts.Acknowledge(r.Context(), principal(r), r.PathValue("id"), in.Note)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, a.Seq)
	writeJSON(w, 200, a)
}
