package api

import (
	"net/http"
	"strconv"

	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/notify"
)

// noticeReadScan bounds how many audit rows one request of noticeReads
// scans; the answer's next continues from where it stopped.
const noticeReadScan = 10_000

// noticeReads serves GET /api/v1/{sites,movements}/{id}/reads: who at
// each party read or exported the notice's coordinates, and through which
// path (api, ogc, export, stream, …), newest first — the read audit of the
// notifying organisation's own record, shown to its members only (403 for
// any other party that may see the notice, 404 for one that may not). Up
// to noticeReadScan audit rows of the notifier are scanned per request:
// next, if present, continues the scan (before=<audit id>).
func (s *Server) noticeReads(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	n, err := s.deps.Notify.Get(r.Context(), p, r.PathValue("id"))
	if err == nil && n.Type != noticeType(r) {
		err = fault.ErrNotFound
	}
	if err == nil && n.Party != p.Party {
		err = &fault.RefusalError{Kind: fault.ErrForbidden, Msg: "only the notifying party sees who read its notification"}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var before int64
	if v := r.URL.Query().Get("before"); v != "" {
		if before, err = strconv.ParseInt(v, 10, 64); err != nil || before <= 0 {
			s.writeError(w, r, badRequestf("before %q is not a positive integer (the next link of the previous answer)", v))
			return
		}
	}
	s.deps.Auditor.Flush()
	subjects := map[string]bool{n.ID: true, notify.Subject(n.Type, n.ID): true}
	items := []accounts.ReadAudit{}
	scanned, next := 0, int64(0)
	for scanned < noticeReadScan {
		page, err := s.deps.Accounts.Store().Reads(r.Context(), p.Party, before, 1000)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		for _, a := range page {
			if subjects[a.Subject] {
				items = append(items, a)
			}
		}
		scanned += len(page)
		if len(page) < 1000 {
			next = 0
			break
		}
		before = page[len(page)-1].ID
		next = before
	}
	resp := map[string]any{"items": items}
	if next > 0 {
		resp["next"] = r.URL.Path + "?before=" + strconv.FormatInt(next, 10)
	}
	writeJSON(w, http.StatusOK, resp)
}
