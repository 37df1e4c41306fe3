package ogc

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/features"
)

// Options configure a Handler.
type Options struct {
	// Collections returns the registry to serve (called per request, so
	// that collections registered after start are served).
	Collections func() *features.Registry
	// Principal returns the caller of r.
	Principal func(r *http.Request) access.Principal
	// Error answers err as an RFC 9457 problem: a *ParamError is a 400
	// naming the parameter, fault.ErrNotFound and
	// features.ErrUnknownCollection a 404.
	Error func(w http.ResponseWriter, r *http.Request, err error)
	// Audit, if set, records that the caller read f of collection.
	Audit func(p access.Principal, collection string, f *features.Feature)
	// Title names the service on the landing page.
	Title string
}

// Handler serves OGC API – Features under /ogc.
type Handler struct {
	o   Options
	mux *http.ServeMux
}

// Prefix is the path under which the Handler serves.
const Prefix = "/ogc"

// New returns the handler.
func New(o Options) *Handler {
	if o.Title == "" {
		o.Title = "truce"
	}
	h := &Handler{o: o, mux: http.NewServeMux()}
	for _, r := range routes {
		h.mux.HandleFunc(r.pattern, func(w http.ResponseWriter, req *http.Request) { r.serve(h, w, req) })
	}
	h.mux.HandleFunc("/ogc/", func(w http.ResponseWriter, r *http.Request) {
		h.o.Error(w, r, &notFound{"no OGC API resource " + r.Method + " " + r.URL.Path + "; start at /ogc"})
	})
	return h
}

// routes lists every OGC API route: a Go 1.22 ServeMux pattern and its
// handler.
var routes = []struct {
	pattern string
	serve   func(*Handler, http.ResponseWriter, *http.Request)
}{
	{"GET /ogc", (*Handler).landing},
	{"GET /ogc/{$}", (*Handler).landing},
	{"GET /ogc/conformance", (*Handler).conformance},
	{"GET /ogc/api", (*Handler).openAPI},
	{"GET /ogc/collections", (*Handler).collections},
	{"GET /ogc/collections/{id}", (*Handler).collection},
	{"GET /ogc/collections/{id}/queryables", (*Handler).queryables},
	{"GET /ogc/collections/{id}/items", (*Handler).items},
	{"GET /ogc/collections/{id}/items/{fid}", (*Handler).item},
}

// Patterns returns the ServeMux pattern of every route the Handler serves
// (besides its 404 for any other path under /ogc/).
func Patterns() []string {
	out := make([]string, len(routes))
	for i, r := range routes {
		out[i] = r.pattern
	}
	return out
}

// notFound is a path the API does not serve (404).
type notFound struct{ msg string }

func (e *notFound) Error() string { return e.msg }

// Is makes notFound match fault.ErrNotFound.
func (e *notFound) Is(target error) bool { return target == fault.ErrNotFound }

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// format returns "html" or "json" for r: the f parameter, else the Accept
// header (HTML only when it prefers text/html, as browsers do).
func format(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("f"); f {
	case "json", "geojson":
		return "json", nil
	case "html":
		return "html", nil
	case "":
	default:
		return "", &ParamError{Param: "f", Msg: "must be json, geojson or html"}
	}
	accept := r.Header.Get("Accept")
	h, j := strings.Index(accept, "text/html"), strings.Index(accept, "json")
	if h >= 0 && (j < 0 || h < j) {
		return "html", nil
	}
	return "json", nil
}

// Link is an OGC API link.
type Link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// base returns scheme://host of r.
func base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// href returns the absolute URL of path with the parameters set (an empty
// value removes one). It MUST NOT carry r's access_token: a link is
// copied into logs, histories and shared URLs.
func href(r *http.Request, path string, set ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			q.Del(set[i])
		} else {
			q.Set(set[i], set[i+1])
		}
	}
	u := base(r) + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// selfAndAlternate returns the self link and its alternate in the other
// format.
func selfAndAlternate(r *http.Request, path, f, jsonType string) []Link {
	jl := Link{Href: href(r, path, "f", "json"), Type: jsonType, Title: "this document as JSON"}
	hl := Link{Href: href(r, path, "f", "html"), Type: "text/html", Title: "this document as HTML"}
	if f == "html" {
		hl.Rel, jl.Rel = "self", "alternate"
		return []Link{hl, jl}
	}
	jl.Rel, hl.Rel = "self", "alternate"
	return []Link{jl, hl}
}

func writeJSON(w http.ResponseWriter, ctype string, v any) {
	w.Header().Set("Content-Type", ctype)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// ctx returns r's context (for readability at call sites).
func ctx(r *http.Request) context.Context { return r.Context() }
