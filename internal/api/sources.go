package api

import (
	"net/http"

	"truce/internal/listing"
	"truce/internal/sources"
)

// Handlers of /api/v1/sources, /api/v1/drafts and /api/v1/feeds: open
// sources, the review queue of their drafts, and polled feeds.

// sourceBodyLimit is the largest body of POST /api/v1/sources: a web page
// of up to 8 MiB, JSON-escaped, or --max-body if larger.
func (s *Server) sourceBodyLimit() int64 { return max(s.opts.MaxBody, 16<<20) }

// submitSource serves POST /api/v1/sources: 201 with the source, its text
// and drafts, or 200 with the source submitted before with the same URL or
// content.
func (s *Server) submitSource(w http.ResponseWriter, r *http.Request) {
	var in sources.NewSource
	if err := decodeJSON(r, s.sourceBodyLimit(), &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	src, created, err := s.deps.Sources.Submit(r.Context(), principal(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/sources/"+src.ID)
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, src)
}

func (s *Server) getSource(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	src, err := s.deps.Sources.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Record(p, src.Party, src.Release, "source", src.ID, "api")
	writeJSON(w, 200, src)
}

// listDrafts serves GET /api/v1/drafts: the review queue, a page of drafts
// of one status (pending by default) newest source first.
func (s *Server) listDrafts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := sources.DraftFilter{Status: q.Get("status"), SourceID: q.Get("source")}
	if err := f.Check(); err != nil {
		s.writeError(w, r, badRequestf("status must be one of %v", sources.Statuses))
		return
	}
	var after *listing.Cursor
	var err error
	if f.Limit, after, err = pageParams(r, sources.DraftListing); err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	page, err := s.deps.Sources.ListDrafts(r.Context(), p, f, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, d := range page.Items {
		s.deps.Auditor.Record(p, d.Party, d.Release, "draft", d.ID, "api")
	}
	writeJSON(w, 200, page)
}

func (s *Server) getDraft(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	d, err := s.deps.Sources.GetDraft(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Record(p, d.Party, d.Release, "draft", d.ID, "api")
	setETag(w, d.Seq)
	writeJSON(w, 200, d)
}

// draftDecision serves the POST routes of one draft's decisions; each
// takes only its own members. Accept, merge and discard need If-Match
// with the draft's ETag (428 without, 412 if the draft changed since);
// a duplicate's link or dismissal does not.
func (s *Server) draftDecision(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var d *sources.Draft
		var err error
		var match int64
		p, id := principal(r), r.PathValue("id")
		if action != "duplicates" {
			if match, err = ifMatch(r); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		switch action {
		case "accept":
			var in sources.Acceptance
			if err = decodeJSON(r, s.opts.MaxBody, &in); err == nil {
				d, err = s.deps.Sources.Accept(r.Context(), p, id, match, in)
			}
		case "merge":
			var in sources.Merging
			if err = decodeJSON(r, s.opts.MaxBody, &in); err == nil {
				d, err = s.deps.Sources.Merge(r.Context(), p, id, match, in)
			}
		case "discard":
			var in struct {
				Reason string `json:"reason"`
			}
			if err = decodeJSON(r, s.opts.MaxBody, &in); err == nil {
				d, err = s.deps.Sources.Discard(r.Context(), p, id, match, in.Reason)
			}
		default:
			var in struct {
				IncidentID string `json:"incident_id"`
				Decision   string `json:"decision"`
			}
			if err = decodeJSON(r, s.opts.MaxBody, &in); err == nil {
				d, err = s.deps.Sources.DecideDuplicate(r.Context(), p, id, in.IncidentID, in.Decision)
			}
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		setETag(w, d.Seq)
		writeJSON(w, 200, d)
	}
}

func (s *Server) registerFeed(w http.ResponseWriter, r *http.Request) {
	var in sources.NewFeed
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := s.deps.Sources.RegisterFeed(r.Context(), principal(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/feeds/"+f.ID)
	writeJSON(w, 201, f)
}

func (s *Server) listFeeds(w http.ResponseWriter, r *http.Request) {
	fs, err := s.deps.Sources.ListFeeds(r.Context(), principal(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, 200, map[string]any{"items": fs})
}

func (s *Server) getFeed(w http.ResponseWriter, r *http.Request) {
	f, err := s.deps.Sources.GetFeed(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, 200, f)
}

// changeFeedStatus serves POST /api/v1/feeds/{id}/pause and /resume and
// DELETE /api/v1/feeds/{id}: the body, which may be left out, is
// {"reason"}; 200 with the feed as it now is.
func (s *Server) changeFeedStatus(action sources.FeedAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Reason string `json:"reason"`
		}
		if err := decodeOptionalJSON(r, s.opts.MaxBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
		f, err := s.deps.Sources.ChangeFeedStatus(r.Context(), principal(r), r.PathValue("id"), action, in.Reason)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, 200, f)
	}
}
