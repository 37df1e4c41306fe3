package api

import (
	"net/http"

	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/notify"
)

// noticeReads serves GET /api/v1/{sites,movements}/{id}/reads: who at
// each party read or exported the notice's coordinates, and through which
// path (api, ogc, export, stream, …), newest first — the read audit of the
// notifying organisation's own record, shown to its members only (403 for
// any other party that may see the notice, 404 for one that may not), a
// page of accounts.SubjectReadsListing at a time.
func (s *Server) noticeReads(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	limit, after, err := pageParams(r, accounts.SubjectReadsListing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
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
	s.deps.Auditor.Flush()
	page, err := s.deps.Auditor.SubjectReadsPage(r.Context(), p.Party, n.ID, notify.Subject(n.Type, n.ID), limit, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}
