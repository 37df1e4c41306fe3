package api

import (
	"net/http"

	"truce/internal/stream"
)

// Handlers of /api/v1/webhooks: a party's admin or liaison registers
// endpoints that receive, signed, every entry the party may see.

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, stream.WebhookListing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Webhooks.ListPage(r.Context(), principal(r), limit, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, 200, page)
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	var in stream.NewWebhook
	if err := decodeJSON(r, s.opts.MaxBody, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	h, err := s.deps.Webhooks.Create(r.Context(), principal(r), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, 201, h)
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	if err := noBody(r, s.opts.MaxBody); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.deps.Webhooks.Delete(r.Context(), principal(r), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// listDeliveries serves a webhook's delivery log, a page of
// stream.DeliveryListing at a time.
func (s *Server) listDeliveries(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r, stream.DeliveryListing)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.deps.Webhooks.DeliveriesPage(r.Context(), principal(r), r.PathValue("id"), limit, after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}
