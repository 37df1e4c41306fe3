package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"truce/internal/hotline"
	"truce/internal/listing"
)

// Handlers of /api/v1/messages: the liaison hotline.

// listMessages serves GET /api/v1/messages: a page of up to limit (1–1000,
// default 1000) messages, newest first, and the cursor of the next page in
// next ("" on the last).
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := hotline.Filter{Box: q.Get("box"), Unacknowledged: q.Get("unacknowledged") == "true"}
	if f.Box != "" && f.Box != "inbox" && f.Box != "outbox" {
		s.writeError(w, r, badRequestf("box must be inbox or outbox"))
		return
	}
	var after *listing.Cursor
	var err error
	if f.Limit, after, err = pageParams(r, hotline.Listing); err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Hotline.ListPage(r.Context(), principal(r), f, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	for _, m := range page.Items {
		s.deps.Auditor.Record(p, m.Party, m.Release, "message", m.ID, "api")
	}
	writeJSON(w, 200, page)
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) {
	var in hotline.NewMessage
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	m, err := s.deps.Hotline.Send(r.Context(), principal(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/messages/"+m.ID)
	writeJSON(w, 201, m)
}

func (s *Server) getMessage(w http.ResponseWriter, r *http.Request) {
	m, err := s.deps.Hotline.Get(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.deps.Auditor.Record(principal(r), m.Party, m.Release, "message", m.ID, "api")
	setETag(w, m.Seq)
	writeJSON(w, 200, m)
}

func (s *Server) messageReceipt(ack bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Note string `json:"note"`
		}
		if err := decodeOptionalJSON(r, s.opts.MaxBody, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
		var m *hotline.Message
		var err error
		if ack {
			m, err = s.deps.Hotline.Acknowledge(r.Context(), principal(r), r.PathValue("id"), in.Note)
		} else {
			m, err = s.deps.Hotline.MarkRead(r.Context(), principal(r), r.PathValue("id"))
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, 200, m)
	}
}

// uploadAttachment stores the raw request body as an attachment (liaisons
// only) and returns its description, to cite in a message.
func (s *Server) uploadAttachment(w http.ResponseWriter, r *http.Request) {
	if err := principal(r).Require("liaison"); err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.deps.Hotline.Attachments().Put(r.Body, r.URL.Query().Get("name"))
	var big *http.MaxBytesError
	if errors.As(err, &big) {
		err = &tooLarge{s.opts.MaxBody}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, 201, a)
}

func (s *Server) getAttachment(w http.ResponseWriter, r *http.Request) {
	a, err := s.deps.Hotline.Attachment(r.Context(), principal(r), r.PathValue("id"), r.PathValue("sha"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := s.deps.Hotline.Attachments().Open(a.SHA256)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", a.MediaType)
	w.Header().Set("Content-Length", strconv.FormatInt(a.Size, 10))
	w.Header().Set("Content-Disposition", "attachment")
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	_, _ = io.Copy(w, f)
}
