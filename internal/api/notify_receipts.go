package api

import (
	"net/http"
	"strconv"

	"truce/internal/notify"
	"truce/internal/notify/quality"
)

// Handlers of what a notified party records about a notification — that
// it passed it on, a query about its data — and the notifier's answer.
// Notification is not permission: none of them changes the notice's
// status, and there is no route to refuse, approve or clear one.

// passOnBody is the body of POST …/{id}/passed-on.
type passOnBody struct {
	Version int    `json:"version"`
	Level   string `json:"level"`
	At      string `json:"at"`
}

// passOnNotice serves POST /api/v1/{sites,movements}/{id}/passed-on.
func (s *Server) passOnNotice(w http.ResponseWriter, r *http.Request) {
	var in passOnBody
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.deps.Notify.PassOn(r.Context(), principal(r), noticeType(r), r.PathValue("id"), in.Version, in.Level, in.At)
	s.writeNoticeResult(w, r, n, err)
}

// queryBody is the body of POST …/{id}/queries.
type queryBody struct {
	Version int    `json:"version"`
	Text    string `json:"text"`
}

// raiseNoticeQuery serves POST /api/v1/{sites,movements}/{id}/queries.
func (s *Server) raiseNoticeQuery(w http.ResponseWriter, r *http.Request) {
	var in queryBody
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.deps.Notify.RaiseQuery(r.Context(), principal(r), noticeType(r), r.PathValue("id"), in.Version, in.Text)
	s.writeNoticeResult(w, r, n, err)
}

// answerBody is the body of POST …/{id}/queries/{seq}/answer.
type answerBody struct {
	Text string `json:"text"`
}

// answerNoticeQuery serves POST
// /api/v1/{sites,movements}/{id}/queries/{seq}/answer; seq is the log entry
// that raised the query.
func (s *Server) answerNoticeQuery(w http.ResponseWriter, r *http.Request) {
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil || seq < 0 {
		s.writeError(w, r, badRequestf("the query is named by the sequence number of the entry that raised it"))
		return
	}
	var in answerBody
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.deps.Notify.AnswerQuery(r.Context(), principal(r), noticeType(r), r.PathValue("id"), seq, in.Text)
	s.writeNoticeResult(w, r, n, err)
}

// writeNoticeResult writes n with its ETag, or err as a problem.
func (s *Server) writeNoticeResult(w http.ResponseWriter, r *http.Request, n *notify.Notice, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, n.Seq)
	writeJSON(w, http.StatusOK, n)
}

// checkNotice serves POST /api/v1/{sites,movements}/check: the quality
// flags the body would raise if notified, and nothing written.
func (s *Server) checkNotice(w http.ResponseWriter, r *http.Request) {
	var flags []quality.Flag
	var err error
	if noticeType(r) == notify.TypeSite {
		var in notify.SiteInput
		if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
		flags, err = s.deps.Notify.CheckSite(r.Context(), principal(r), in)
	} else {
		var in notify.MovementInput
		if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
		flags, err = s.deps.Notify.CheckMovement(r.Context(), principal(r), in)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"flags": flags})
}

// reconfirmBody is the body of POST /api/v1/sites/{id}/reconfirm.
type reconfirmBody struct {
	ValidUntil string `json:"valid_until"`
}

// reconfirmSite serves POST /api/v1/sites/{id}/reconfirm (If-Match
// required): the notifier vouches for the site again.
func (s *Server) reconfirmSite(w http.ResponseWriter, r *http.Request) {
	var in reconfirmBody
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	match, err := ifMatch(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.deps.Notify.Reconfirm(r.Context(), principal(r), r.PathValue("id"), match, in.ValidUntil)
	s.writeNoticeResult(w, r, n, err)
}

// repeatMovement serves POST /api/v1/movements/{id}/repeat: a new
// movement from the template {id}, its window moved to the body's start.
func (s *Server) repeatMovement(w http.ResponseWriter, r *http.Request) {
	var in notify.RepeatInput
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.deps.Notify.Repeat(r.Context(), principal(r), r.PathValue("id"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, n.Seq)
	w.Header().Set("Location", "/api/v1/movements/"+n.ID)
	writeJSON(w, http.StatusCreated, n)
}
