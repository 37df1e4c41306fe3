package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/findings"
	"truce/internal/incidents"
)

// parseFilter reads the incident filters of a query string: bbox
// (minLon,minLat,maxLon,maxLat), zone, from, to (RFC 3339), category and
// status (comma-separated), perpetrator, party, q (text), cursor, limit,
// and brief=true for listings without each report's content, assessments
// and zones (what a map needs; much cheaper to serve).
func parseFilter(v url.Values) (incidents.Filter, error) {
	var f incidents.Filter
	if s := v.Get("bbox"); s != "" {
		parts := strings.Split(s, ",")
		var n [4]float64
		if len(parts) != 4 {
			return f, badRequestf("bbox must be minLon,minLat,maxLon,maxLat")
		}
		for i, p := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil {
				return f, badRequestf("bbox value %q is not a number", p)
			}
			n[i] = x
		}
		if n[0] < -180 || n[2] > 180 || n[1] < -90 || n[3] > 90 || n[0] > n[2] || n[1] > n[3] {
			return f, badRequestf("bbox must satisfy -180 ≤ minLon ≤ maxLon ≤ 180 and -90 ≤ minLat ≤ maxLat ≤ 90")
		}
		f.BBox = &orb.Bound{Min: orb.Point{n[0], n[1]}, Max: orb.Point{n[2], n[3]}}
	}
	for _, k := range []string{"from", "to"} {
		if s := v.Get(k); s != "" {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return f, badRequestf("%s %q is not an RFC 3339 time", k, s)
			}
			if k == "from" {
				f.From = &t
			} else {
				f.To = &t
			}
		}
	}
	for _, c := range splitList(v.Get("category")) {
		if !incidents.Category(c).Valid() {
			return f, badRequestf("category %q is not one of %v", c, incidents.Categories)
		}
		f.Categories = append(f.Categories, incidents.Category(c))
	}
	for _, st := range splitList(v.Get("status")) {
		if !incidents.Status(st).Valid() {
			return f, badRequestf("status %q is not one of %v", st, incidents.Statuses)
		}
		f.Statuses = append(f.Statuses, incidents.Status(st))
	}
	f.Zone, f.Perpetrator, f.Party, f.Text = v.Get("zone"), v.Get("perpetrator"), v.Get("party"), v.Get("q")
	if len(f.Text) > 500 {
		return f, badRequestf("q is longer than 500 bytes")
	}
	if c := v.Get("cursor"); c != "" {
		cur, err := incidents.ParseCursor(c)
		if err != nil {
			return f, badCursor()
		}
		f.After = cur
	}
	switch v.Get("brief") {
	case "", "false":
	case "true":
		f.Brief = true
	default:
		return f, badRequestf("brief must be true or false")
	}
	var err error
	if f.Limit, err = pageLimit(v, incidents.Listing); err != nil {
		return f, err
	}
	return f, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	withFindings, err := parseWithFindings(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Incidents.Search(r.Context(), principal(r), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	for _, in := range page.Items {
		s.deps.Auditor.Record(p, in.Party, in.Release, "incident", in.ID, "search")
	}
	if withFindings {
		s.writeIncidentsWithFindings(w, r, page)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) countIncidents(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.deps.Incidents.Count(r.Context(), principal(r), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) aggregateIncidents(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.deps.Incidents.Aggregates(r.Context(), principal(r), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": a})
}

func (s *Server) createIncident(w http.ResponseWriter, r *http.Request) {
	var req incidents.NewIncident
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	in, created, err := s.deps.Incidents.Report(r.Context(), principal(r), &req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, in.Seq)
	w.Header().Set("Location", "/api/v1/incidents/"+in.ID)
	status := http.StatusOK // already reported: nothing new was created
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, in)
}

func (s *Server) getIncident(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	in, err := s.deps.Incidents.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// The incident just read as p: its finding is folded from its history
	// without reading it again (findings.Service.Viewer).
	view, err := s.deps.Findings.Viewer(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := view(r.Context(), p, in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Record(p, in.Party, in.Release, "incident", in.ID, "api")
	setETag(w, in.Seq)
	writeJSON(w, http.StatusOK, incidentWithFinding{Incident: in, Finding: f.Status})
}

// incidentWithFinding is an incident with the layer its finding has
// reached (package findings): "status" stays the co-chairs' joint
// verification of earlier versions, "finding" is what establishes a fact.
type incidentWithFinding struct {
	*incidents.Incident
	Finding findings.Status `json:"finding"`
}

func (s *Server) incidentHistory(w http.ResponseWriter, r *http.Request) {
	es, err := s.deps.Incidents.History(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": es})
}

type assessRequest struct {
	Verdict   incidents.Verdict `json:"verdict"`
	Reasoning string            `json:"reasoning"`
}

type reopenRequest struct {
	Reason string `json:"reason"`
}

type duplicateRequest struct {
	DuplicateOf string `json:"duplicate_of"`
}

type commentRequest struct {
	Text string `json:"text"`
}

// stateChange decodes req, reads If-Match and runs do, answering with the
// incident and its new ETag.
func stateChange[T any](s *Server, w http.ResponseWriter, r *http.Request, do func(p access.Principal, id string, seq int64, req *T) (*incidents.Incident, error)) {
	var req T
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	seq, err := ifMatch(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	in, err := do(principal(r), r.PathValue("id"), seq, &req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, in.Seq)
	writeJSON(w, http.StatusOK, in)
}

func (s *Server) assessIncident(w http.ResponseWriter, r *http.Request) {
	stateChange(s, w, r, func(p access.Principal, id string, seq int64, req *assessRequest) (*incidents.Incident, error) {
		return s.deps.Incidents.Assess(r.Context(), p, id, seq, req.Verdict, req.Reasoning)
	})
}

func (s *Server) reopenIncident(w http.ResponseWriter, r *http.Request) {
	stateChange(s, w, r, func(p access.Principal, id string, seq int64, req *reopenRequest) (*incidents.Incident, error) {
		return s.deps.Incidents.Reopen(r.Context(), p, id, seq, req.Reason)
	})
}

func (s *Server) markDuplicate(w http.ResponseWriter, r *http.Request) {
	stateChange(s, w, r, func(p access.Principal, id string, seq int64, req *duplicateRequest) (*incidents.Incident, error) {
		return s.deps.Incidents.MarkDuplicate(r.Context(), p, id, seq, req.DuplicateOf)
	})
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	cs, err := s.deps.Incidents.Comments(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": cs})
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request) {
	var req commentRequest
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.deps.Incidents.Comment(r.Context(), principal(r), r.PathValue("id"), req.Text)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/incidents/"+r.PathValue("id")+"/comments")
	writeJSON(w, http.StatusCreated, c)
}

// uploadEvidence stores a file (the raw body) content-addressed and
// returns its SHA-256 for citing in a report. A file over the evidence
// store's limit (the smaller of --max-body and 16 MiB) is refused with 413,
// one of a type not in incidents.EvidenceTypes with 422; neither stores
// anything. Who may upload is decided by the incidents service.
func (s *Server) uploadEvidence(w http.ResponseWriter, r *http.Request) {
	ev, err := s.deps.Incidents.UploadEvidence(principal(r), r.Body)
	var mbe *http.MaxBytesError
	var big *incidents.TooLargeError
	switch {
	case errors.As(err, &mbe):
		err = &tooLarge{s.opts.MaxBody}
	case errors.As(err, &big):
		err = &tooLarge{big.Limit}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, ev)
}

func (s *Server) getEvidence(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	ev, body, err := s.deps.Incidents.EvidenceFile(r.Context(), p, r.PathValue("id"), r.PathValue("sha256"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ev.MediaType)
	w.Header().Set("Content-Disposition", "attachment")
	setDigestETag(w, ev.SHA256)
	w.Write(body)
}
