package api

import (
	"net/http"

	"truce/internal/agreements"
	"truce/internal/listing"
	"truce/internal/stix"
)

// exportSTIXTerms streams the terms of the ceasefire the caller may see as
// a STIX 2.1 bundle: GET /api/v1/exports/stix/terms. Each agreement is a
// grouping of its obligations (notes), each breach of its current version
// that the caller may see a relationship "breaches" from the incident to
// the obligation, and each safe passage a location (see package stix).
// The query takes no parameter; any is a 400.
func (s *Server) exportSTIXTerms(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Query()) > 0 {
		s.writeError(w, r, badRequestf("this export takes no query parameters"))
		return
	}
	p := principal(r)
	ctx := r.Context()
	svc := s.deps.Agreements
	first, err := svc.ListPage(ctx, p, "", agreements.Listing.Max, nil) // errors surface before the first byte
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/stix+json;version=2.1")
	w.Header().Set("Content-Disposition", `attachment; filename="truce-terms.stix.json"`)
	w.Header().Set("Cache-Control", "no-store")
	ex, err := stix.NewExporter(w, stix.ID("bundle", p.Party+"?terms"))
	if err != nil {
		s.log.ErrorContext(ctx, "stix terms export", "err", err)
		return
	}
	// incidentID names a breach's incident as the incidents export does
	// (its STIX id when it came from a STIX import); the breach is shown
	// only to those who may see the incident.
	incidentID := func(id string) string {
		if in, err := s.deps.Incidents.Get(ctx, p, id); err == nil {
			return stix.IncidentID(in)
		}
		return stix.ID("incident", id)
	}
	page := first
	for {
		for i := range page.Items {
			a := &page.Items[i]
			s.deps.Auditor.Record(p, a.Party, a.Release, "agreement", a.ID, "stix")
			bs, err := svc.Breaches(ctx, p, a.ID)
			if err != nil {
				s.log.ErrorContext(ctx, "stix terms export: breaches", "id", a.ID, "err", err)
				return // the bundle stays unterminated: the client sees a broken export, not a short one
			}
			if err := ex.Agreement(a, bs, incidentID); err != nil {
				s.log.ErrorContext(ctx, "stix terms export: agreement", "id", a.ID, "err", err)
				return
			}
		}
		if page.Next == "" {
			break
		}
		after, err := agreements.Listing.Parse(page.Next)
		if err == nil {
			page, err = svc.ListPage(ctx, p, "", agreements.Listing.Max, after)
		}
		if err != nil {
			s.log.ErrorContext(ctx, "stix terms export: agreements", "err", err)
			return
		}
	}
	var after *listing.Cursor
	for {
		ps, err := svc.PassagesPage(ctx, p, "", agreements.PassageListing.Max, after)
		if err != nil {
			s.log.ErrorContext(ctx, "stix terms export: passages", "err", err)
			return
		}
		for i := range ps.Items {
			ps := &ps.Items[i]
			s.deps.Auditor.Record(p, ps.Party, ps.Release, "passage", ps.ID, "stix")
			if err := ex.Passage(ps); err != nil {
				s.log.ErrorContext(ctx, "stix terms export: passage", "id", ps.ID, "err", err)
				return
			}
		}
		if ps.Next == "" {
			break
		}
		if after, err = agreements.PassageListing.Parse(ps.Next); err != nil {
			s.log.ErrorContext(ctx, "stix terms export: passages", "err", err)
			return
		}
	}
	if err := ex.Close(); err != nil {
		s.log.DebugContext(ctx, "stix terms export: close", "err", err)
	}
}
