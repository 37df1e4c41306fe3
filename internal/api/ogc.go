package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/features"
	"truce/internal/ogc"
)

// newFeatureRegistry returns the feature collections of /ogc and
// /api/v1/exports: the standard ones over the services of d. New builds it
// once; every request reads the same registry.
func newFeatureRegistry(d Deps) *features.Registry {
	return features.Standard(features.Services{Zones: d.Zones, Incidents: d.Incidents, Findings: d.Findings, Notify: d.Notify, Alerts: d.Alerts, Flights: d.Flights, Agreements: d.Agreements})
}

// ogcHandler serves /ogc (package ogc). Besides the API's bearer token and
// session, it takes a read-only link token (scope "read", short-lived) as
// ?access_token= for clients that cannot set headers; a full API token is
// refused there (400), since a URL ends up in logs, histories and shared
// links. No link the OGC API returns carries the parameter; the request
// metrics record only the route pattern and no log line records the
// query.
func (s *Server) ogcHandler() http.Handler {
	h := ogc.New(ogc.Options{
		Collections: func() *features.Registry { return s.features },
		Principal:   principal,
		Error:       s.writeFeatureError,
		Audit: func(p access.Principal, collection string, f *features.Feature) {
			s.deps.Auditor.Record(p, f.Owner, f.Release, collection, f.ID, "ogc")
		},
		Title: "truce",
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := r.URL.Query().Get("access_token")
		if tok != "" {
			if principal(r).Authenticated() {
				s.writeFeatureError(w, r, &ogc.ParamError{Param: "access_token", Msg: "send the token once: in the Authorization header or as access_token, not both"})
				return
			}
			p, err := s.deps.Accounts.AuthenticateToken(r.Context(), strings.TrimSpace(tok))
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			if !p.ReadOnly {
				s.writeFeatureError(w, r, &ogc.ParamError{Param: "access_token", Msg: "a full API token may not travel in a URL: " +
					"send it as 'Authorization: Bearer <token>' (GDAL: GDAL_HTTP_HEADERS), or put a read-only link token here " +
					"(POST /api/v1/tokens with {\"name\": …, \"scope\": \"read\"})"})
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
		}
		h.ServeHTTP(w, r)
	})
}

// writeFeatureError answers the errors of /ogc and the exports as
// writeError does (a bad parameter is a 400 naming it and, for a filter,
// the character where it goes wrong); an unknown collection becomes a 404
// that names it and says where the collections are listed.
func (s *Server) writeFeatureError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, features.ErrUnknownCollection) {
		name := r.PathValue("id") // under /ogc
		if name == "" {
			name = r.PathValue("collection") // under /api/v1/exports
		}
		err = fmt.Errorf("%w: %w", err, &fault.RefusalError{Kind: fault.ErrNotFound,
			Msg: fmt.Sprintf("no collection %q; the collections are listed at /ogc/collections", name)})
	}
	s.writeError(w, r, err)
}
