package api

import (
	"net/http"

	"truce/internal/cases"
)

// This file serves the follow-up cases of incidents at notified and known
// sites (package cases) and the known sites: read paths ask the service,
// which decides releasability with package access; state changes of an
// existing record (a measure's state, the outcome) need If-Match.

func (s *Server) listCases(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := cases.Filter{Status: q.Get("status"), Party: q.Get("party")}
	if f.Status != "" && f.Status != cases.StatusOpen && f.Status != cases.StatusClosed {
		s.writeError(w, r, badRequestf("status must be open or closed"))
		return
	}
	limit, after, err := pageParams(r, cases.Listing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	page, err := s.deps.Cases.List(r.Context(), p, f, limit, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, c := range page.Items {
		s.deps.Auditor.Record(p, c.Concern.Notifier, c.Release, "case", c.ID, "api")
	}
	writeJSON(w, http.StatusOK, page)
}

// countCases serves the public counts per party (no site, coordinate or
// case time in them).
func (s *Server) countCases(w http.ResponseWriter, r *http.Request) {
	c, err := s.deps.Cases.PublicCounts(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) getCase(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	c, err := s.deps.Cases.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Record(p, c.Concern.Notifier, c.Release, "case", c.ID, "api")
	setETag(w, c.Seq)
	writeJSON(w, http.StatusOK, c)
}

// caseChange serves a POST on a case: decode the body into a new In,
// call do, and answer with the case as the caller then sees it (201 for
// what adds to the case, 200 for a state change).
func caseChange[In any](s *Server, status int, do func(r *http.Request, in *In) (*cases.Case, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in In
		if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
		c, err := do(r, &in)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		setETag(w, c.Seq)
		if status == http.StatusCreated {
			writeCreated(w, "/api/v1/cases/"+c.ID, c)
			return
		}
		writeJSON(w, status, c)
	}
}

type caseRequestBody struct {
	Party string `json:"party"`
	Note  string `json:"note"`
}

type caseStateBody struct {
	State string `json:"state"`
	Note  string `json:"note"`
}

type caseCloseBody struct {
	Finding string `json:"finding"`
}

func (s *Server) requestOnCase() http.HandlerFunc {
	return caseChange(s, http.StatusCreated, func(r *http.Request, in *caseRequestBody) (*cases.Case, error) {
		return s.deps.Cases.Request(r.Context(), principal(r), r.PathValue("id"), in.Party, in.Note)
	})
}

func (s *Server) answerCase() http.HandlerFunc {
	return caseChange(s, http.StatusCreated, func(r *http.Request, in *cases.AnswerInput) (*cases.Case, error) {
		return s.deps.Cases.Answer(r.Context(), principal(r), r.PathValue("id"), *in)
	})
}

func (s *Server) recordCaseMeasure() http.HandlerFunc {
	return caseChange(s, http.StatusCreated, func(r *http.Request, in *cases.MeasureInput) (*cases.Case, error) {
		return s.deps.Cases.RecordMeasure(r.Context(), principal(r), r.PathValue("id"), *in)
	})
}

func (s *Server) updateCaseMeasure() http.HandlerFunc {
	return caseChange(s, http.StatusOK, func(r *http.Request, in *caseStateBody) (*cases.Case, error) {
		match, err := ifMatch(r)
		if err != nil {
			return nil, err
		}
		return s.deps.Cases.UpdateMeasure(r.Context(), principal(r), r.PathValue("id"), r.PathValue("mid"), match, in.State, in.Note)
	})
}

func (s *Server) closeCase() http.HandlerFunc {
	return caseChange(s, http.StatusOK, func(r *http.Request, in *caseCloseBody) (*cases.Case, error) {
		match, err := ifMatch(r)
		if err != nil {
			return nil, err
		}
		return s.deps.Cases.Close(r.Context(), principal(r), r.PathValue("id"), match, in.Finding)
	})
}

func (s *Server) importKnownSites(w http.ResponseWriter, r *http.Request) {
	var in cases.ImportInput
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.deps.Cases.Import(r.Context(), principal(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, res)
}

func (s *Server) listKnownSites(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, cases.KnownListing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	page, err := s.deps.Cases.KnownSites(r.Context(), p, limit, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, k := range page.Items {
		s.deps.Auditor.Record(p, k.Party, k.Release, "known_site", k.ID, "api")
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) getKnownSite(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	k, err := s.deps.Cases.KnownSite(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Record(p, k.Party, k.Release, "known_site", k.ID, "api")
	setETag(w, k.Seq)
	writeJSON(w, http.StatusOK, k)
}
