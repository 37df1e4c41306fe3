package api

import (
	"fmt"
	"net/http"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/findings"
)

// This file serves the layers of findings about an incident (package
// findings): every write answers 201 with the finding as the caller may
// now see it; GET answers it as the caller may see it (404 for an incident
// the caller may not see).

func (s *Server) getFindings(w http.ResponseWriter, r *http.Request) {
	v, err := s.deps.Findings.View(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// writeFinding decodes the body into req, calls do with it and answers
// 201 with the view.
func writeFinding[T any](s *Server, w http.ResponseWriter, r *http.Request, req *T, do func(*T) (*findings.View, error)) {
	if err := decodeJSON(r, s.opts.MaxBody, req); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := do(req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/incidents/"+v.IncidentID+"/findings")
	writeJSON(w, http.StatusCreated, v)
}

func (s *Server) addAllegation(w http.ResponseWriter, r *http.Request) {
	writeFinding(s, w, r, &findings.Alleged{}, func(a *findings.Alleged) (*findings.View, error) {
		return s.deps.Findings.Allege(r.Context(), principal(r), r.PathValue("id"), *a)
	})
}

// taskRequest is a field team's tasking with an optional releasability
// (default: the monitoring-cell party only).
type taskRequest struct {
	findings.TeamTasked
	Release *access.Releasability `json:"releasability,omitempty"`
}

// openRequest opens an investigation.
type openRequest struct {
	Note string `json:"note"`
}

// investigate serves the steps of an investigation: open, task, observe
// and report; any other step is a 404.
func (s *Server) investigate(w http.ResponseWriter, r *http.Request) {
	ctx, by, id := r.Context(), principal(r), r.PathValue("id")
	switch r.PathValue("step") {
	case "open":
		writeFinding(s, w, r, &openRequest{}, func(o *openRequest) (*findings.View, error) {
			return s.deps.Findings.Open(ctx, by, id, o.Note)
		})
	case "task":
		writeFinding(s, w, r, &taskRequest{}, func(t *taskRequest) (*findings.View, error) {
			return s.deps.Findings.Task(ctx, by, id, t.TeamTasked, t.Release)
		})
	case "observe":
		writeFinding(s, w, r, &findings.Observed{}, func(o *findings.Observed) (*findings.View, error) {
			return s.deps.Findings.Observe(ctx, by, id, *o)
		})
	case "report":
		writeFinding(s, w, r, &findings.ReportWritten{}, func(o *findings.ReportWritten) (*findings.View, error) {
			return s.deps.Findings.Report(ctx, by, id, *o)
		})
	default:
		s.writeError(w, r, fmt.Errorf("investigation step %q (open, task, observe or report): %w", r.PathValue("step"), fault.ErrNotFound))
	}
}

func (s *Server) addReply(w http.ResponseWriter, r *http.Request) {
	writeFinding(s, w, r, &findings.Replied{}, func(o *findings.Replied) (*findings.View, error) {
		return s.deps.Findings.Reply(r.Context(), principal(r), r.PathValue("id"), o.Text)
	})
}

func (s *Server) establishFact(w http.ResponseWriter, r *http.Request) {
	writeFinding(s, w, r, &findings.FactEstablished{}, func(o *findings.FactEstablished) (*findings.View, error) {
		return s.deps.Findings.Establish(r.Context(), principal(r), r.PathValue("id"), *o)
	})
}

func (s *Server) attribute(w http.ResponseWriter, r *http.Request) {
	writeFinding(s, w, r, &findings.Attributed{}, func(o *findings.Attributed) (*findings.View, error) {
		return s.deps.Findings.Attribute(r.Context(), principal(r), r.PathValue("id"), *o)
	})
}

func (s *Server) statePosition(w http.ResponseWriter, r *http.Request) {
	writeFinding(s, w, r, &findings.PositionStated{}, func(o *findings.PositionStated) (*findings.View, error) {
		return s.deps.Findings.State(r.Context(), principal(r), r.PathValue("id"), *o)
	})
}
