package api

import (
	"net/http"
	"strings"

	"truce/internal/fault"
	"truce/internal/listing"
	"truce/internal/notify"
)

// Handlers of /api/v1/sites and /api/v1/movements: protected sites and
// humanitarian movements, their receipts, updates and cancellations
// (package notify decides who may do what and see what). There is no
// refusal: notification is not permission (notify_receipts.go).

func noticeType(r *http.Request) notify.Type {
	if strings.HasPrefix(r.URL.Path, "/api/v1/movements") {
		return notify.TypeMovement
	}
	return notify.TypeSite
}

// listNotices serves GET /api/v1/sites and /api/v1/movements: a page of
// up to limit (1–1000, default 1000) notices, newest first, and the cursor
// of the next page in next ("" on the last).
func (s *Server) listNotices(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := notify.Filter{Type: noticeType(r), Status: q.Get("status"), Party: q.Get("party"), Notified: q.Get("notified")}
	if q.Get("pending") == "true" {
		f.PendingFor = principal(r).Party
	}
	if f.Status != "" && f.Status != notify.StatusActive && f.Status != notify.StatusCancelled {
		s.writeError(w, r, badRequestf("status must be active or cancelled"))
		return
	}
	var after *listing.Cursor
	var err error
	if f.Limit, after, err = pageParams(r, notify.Listing(f.Type)); err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Notify.ListPage(r.Context(), principal(r), f, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	for _, n := range page.Items {
		s.deps.Auditor.Record(p, n.Party, n.Release, string(n.Type), n.ID, "api")
	}
	writeJSON(w, 200, page)
}

func (s *Server) getNotice(w http.ResponseWriter, r *http.Request) {
	n, err := s.deps.Notify.Get(r.Context(), principal(r), r.PathValue("id"))
	if err == nil && n.Type != noticeType(r) {
		err = fault.ErrNotFound
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Record(principal(r), n.Party, n.Release, string(n.Type), n.ID, "api")
	setETag(w, n.Seq)
	writeJSON(w, 200, n)
}

// writeNotice creates (POST on the collection) or updates (PUT on an item)
// a site or movement.
func (s *Server) writeNotice(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	match, err := int64(-1), error(nil)
	if id != "" { // an update: If-Match is required (428 without it)
		if match, err = ifMatch(r); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	ctx, by := r.Context(), principal(r)
	var n *notify.Notice
	if noticeType(r) == notify.TypeSite {
		var in notify.SiteInput
		if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
		if id == "" {
			n, err = s.deps.Notify.NotifySite(ctx, by, in)
		} else {
			n, err = s.deps.Notify.UpdateSite(ctx, by, id, match, in)
		}
	} else {
		var in notify.MovementInput
		if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
		if id == "" {
			n, err = s.deps.Notify.NotifyMovement(ctx, by, in)
		} else {
			n, err = s.deps.Notify.UpdateMovement(ctx, by, id, match, in)
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, n.Seq)
	status := 200
	if id == "" {
		status = 201
		w.Header().Set("Location", r.URL.Path+"/"+n.ID)
	}
	writeJSON(w, status, n)
}

// noticeAckBody is the body of acknowledge: the version received and nothing
// else, so that a "reason" sent by a client that still thinks it can refuse
// is a 400, never an acknowledgement.
type noticeAckBody struct {
	Version int `json:"version"`
}

// noticeCancelBody is the body of cancel (version is accepted and ignored: the
// If-Match header names the state cancelled).
type noticeCancelBody struct {
	Version int    `json:"version"`
	Reason  string `json:"reason"`
}

func (s *Server) noticeAction(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, by, t, id := r.Context(), principal(r), noticeType(r), r.PathValue("id")
		var n *notify.Notice
		var err error
		if action == "acknowledge" {
			var in noticeAckBody
			if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
				s.writeError(w, r, err)
				return
			}
			n, err = s.deps.Notify.Acknowledge(ctx, by, t, id, in.Version)
		} else { // a cancellation overwrites the notice: If-Match is required
			var in noticeCancelBody
			if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
				s.writeError(w, r, err)
				return
			}
			var match int64
			if match, err = ifMatch(r); err == nil {
				n, err = s.deps.Notify.Cancel(ctx, by, t, id, match, in.Reason)
			}
		}
		s.writeNoticeResult(w, r, n, err)
	}
}
