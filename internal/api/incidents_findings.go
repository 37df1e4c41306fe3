package api

import (
	"fmt"
	"net/http"
	"net/url"

	"truce/internal/incidents"
	"truce/internal/listing"
)

// This file serves a page of incidents with the layer each one's finding
// has reached (GET /api/v1/incidents?findings=true): what the public page
// and any client listing incidents needs to say how far each is
// established, without a request per incident.

// parseWithFindings reads findings=true|false (default false).
func parseWithFindings(v url.Values) (bool, error) {
	switch v.Get("findings") {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, badRequestf("findings must be true or false")
}

// writeIncidentsWithFindings answers page with each incident's finding
// status ("finding", as GET /api/v1/incidents/{id} carries it), folded
// from the entries the caller may see: a layer released to fewer parties
// than the caller (a field team's tasking, a position released narrowly)
// is not part of it. A finding that cannot be read fails the request
// rather than list an incident without it.
func (s *Server) writeIncidentsWithFindings(w http.ResponseWriter, r *http.Request, page *incidents.Page) {
	ctx, p := r.Context(), principal(r)
	view, err := s.deps.Findings.Viewer(ctx)
	if err != nil {
		s.writeError(w, r, fmt.Errorf("api: incidents with findings: %w", err))
		return
	}
	out := listing.Page[incidentWithFinding]{Items: make([]incidentWithFinding, 0, len(page.Items)), Next: page.Next}
	for i := range page.Items {
		in := &page.Items[i]
		v, err := view(ctx, p, in)
		if err != nil {
			s.writeError(w, r, fmt.Errorf("api: finding of incident %s: %w", in.ID, err))
			return
		}
		out.Items = append(out.Items, incidentWithFinding{Incident: in, Finding: v.Status})
	}
	writeJSON(w, http.StatusOK, out)
}
