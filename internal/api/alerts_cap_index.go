package api

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"truce/internal/alerts"
	"truce/internal/cap"
)

// alertsCAPIndex serves GET /api/v1/alerts/cap.atom: an Atom index of the
// alerts the caller may see, newest first, each entry linking to the
// alert's CAP 1.2 document (GET /api/v1/alerts/{id}.cap), paged as the
// alerts listing (limit, cursor; the next page is the feed's rel="next"
// link). Without credentials it is the public index of the CLEAR alerts,
// which CAP aggregators poll.
func (s *Server) alertsCAPIndex(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, alerts.Listing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	ctx := r.Context()
	page, err := s.deps.Alerts.ListPage(ctx, p, alerts.Filter{Limit: limit}, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	base := requestBase(r)
	who := p.Party
	if who == "" {
		who = "public"
	}
	x := &cap.Index{ID: "urn:truce:cap-index:" + s.deps.CAPSender + ":" + who, Title: "Alerts of " + s.deps.CAPSender + " released to " + who,
		Self: base + r.URL.RequestURI()}
	if page.Next != "" {
		q := r.URL.Query()
		q.Set("cursor", page.Next)
		x.Next = base + (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	}
	for i := range page.Items {
		a := &page.Items[i]
		s.deps.Auditor.Record(p, a.Party, a.Release, "alert", a.ID, "cap-index")
		x.Entries = append(x.Entries, cap.IndexEntry{Alert: a, Updated: s.alertChangedAt(ctx, a), CAPURL: base + "/api/v1/alerts/" + url.PathEscape(a.ID) + ".cap"})
	}
	doc, err := cap.EncodeIndex(x, cap.Options{Sender: s.deps.CAPSender})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", cap.FeedContentType)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("Vary", "Authorization, Cookie")
	w.Write(doc)
}

// alertChangedAt returns the time of the log entry that last changed a,
// or its raised time when that entry is not in this node's log.
func (s *Server) alertChangedAt(ctx context.Context, a *alerts.Alert) time.Time {
	if se, err := s.deps.DB.Entry(ctx, a.Seq); err == nil && se.Entry.Subject == alerts.Subject(a.ID) {
		return se.Entry.TimeValue()
	}
	t, _ := time.Parse(time.RFC3339Nano, a.Raised)
	return t
}

// requestBase returns the scheme and host a request reached.
func requestBase(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
