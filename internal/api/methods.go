package api

import (
	"net/http"
	"strings"
)

// routeMethods are the methods an API route may be registered for.
var routeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// allowedMethods returns the methods routes serves for r's path, with HEAD
// beside GET (as Go's ServeMux serves it): empty when no route serves the
// path at all.
func allowedMethods(routes *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, m := range routeMethods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := routes.Handler(probe); pattern != "" {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	return allow
}

// methodNotAllowed is the 405 of a path an API route serves, asked with
// another method; the problem names the methods it does serve.
type methodNotAllowed struct {
	method string
	allow  []string
}

func (e *methodNotAllowed) Error() string {
	return e.method + " is not served here; use " + strings.Join(e.allow, ", ")
}
