package taxii

import (
	"context"
	"encoding/json"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"truce/internal/access"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/stix"
)

// RootPath is the path of truce's one API root; DiscoveryPath is the
// discovery endpoint that lists it.
const (
	DiscoveryPath = "/taxii2/"
	RootPath      = "/taxii2/truce/"
)

// CollectionID is the id of the collection of incidents: a fixed UUIDv5,
// the same on every node, so that a client configured for one node's
// collection finds it on another.
var CollectionID = strings.TrimPrefix(stix.ID("x-truce-collection", "incidents"), "x-truce-collection--")

// Incidents is what the server needs of the incidents service.
type Incidents interface {
	// Get returns the incident id as by may see it, or an error wrapping
	// fault.ErrNotFound if it does not exist or by may not see it.
	Get(ctx context.Context, by access.Principal, id string) (*incidents.Incident, error)
	// Import imports rows all or nothing (see incidents.Service.Import).
	Import(ctx context.Context, by access.Principal, rows []incidents.Row, parseErrs []incidents.RowError, opts incidents.ImportOptions) (*incidents.ImportReport, error)
}

// Findings returns an incident's finding as by may see it.
type Findings interface {
	View(ctx context.Context, by access.Principal, id string) (*findings.View, error)
}

// Options are the server's dependencies; every field but Logger and Title
// is required.
type Options struct {
	// Principal returns the caller the API's middleware authenticated.
	Principal func(*http.Request) access.Principal
	Incidents Incidents
	Findings  Findings
	// Entries calls fn for every entry of the node's log from seq from
	// on, in order, and stops at fn's first error, which it returns.
	Entries func(ctx context.Context, from int64, fn func(ledger.StoredEntry) error) error
	// Audit records that p was served incident in (the read audit).
	Audit func(p access.Principal, in *incidents.Incident)
	// MaxContentLength is the largest envelope a POST may send, in bytes.
	MaxContentLength int64
	Logger           *slog.Logger
	Title            string
}

// Server is a TAXII 2.1 server over the node's incidents. It is an
// http.Handler for every path under DiscoveryPath.
type Server struct {
	opts     Options
	mux      *http.ServeMux
	statuses *statusStore
}

// New returns the server of opts.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Title == "" {
		opts.Title = "truce"
	}
	s := &Server{opts: opts, mux: http.NewServeMux(), statuses: newStatusStore(statusKept)}
	c := RootPath + "collections/{id}/"
	for _, r := range []struct {
		pattern string
		h       http.HandlerFunc
	}{
		{"GET " + DiscoveryPath + "{$}", s.discovery},
		{"GET " + RootPath + "{$}", s.apiRoot},
		{"GET " + RootPath + "collections/{$}", s.collections},
		{"GET " + c + "{$}", s.collection},
		{"GET " + c + "objects/{$}", s.getObjects},
		{"POST " + c + "objects/{$}", s.addObjects},
		{"GET " + c + "objects/{object}/{$}", s.getObject},
		{"GET " + c + "objects/{object}/versions/{$}", s.objectVersions},
		{"GET " + c + "manifest/{$}", s.manifest},
		{"GET " + RootPath + "status/{status}/{$}", s.status},
	} {
		s.mux.HandleFunc(r.pattern, r.h)
	}
	s.mux.HandleFunc(DiscoveryPath, func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "Not found", "no TAXII resource at this path; discovery is at "+DiscoveryPath)
	})
	return s
}

// Patterns returns the route patterns of the server, for the role table.
func Patterns() []string {
	return []string{"GET " + DiscoveryPath, "GET " + RootPath, "GET " + RootPath + "collections/",
		"GET " + RootPath + "collections/{id}/", "GET " + RootPath + "collections/{id}/objects/",
		"POST " + RootPath + "collections/{id}/objects/", "GET " + RootPath + "collections/{id}/objects/{object}/",
		"GET " + RootPath + "collections/{id}/objects/{object}/versions/", "GET " + RootPath + "collections/{id}/manifest/",
		"GET " + RootPath + "status/{status}/"}
}

// ServeHTTP answers a TAXII request. Every answer but an error of the
// API's middleware (authentication, rate limit) has MediaType; a request
// whose Accept names no TAXII 2.1 type is refused with 406.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !acceptable(r.Header.Get("Accept")) {
		s.fail(w, r, http.StatusNotAcceptable, "Not acceptable", "this server answers "+MediaType+" only; send it in Accept")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// acceptable reports whether an Accept header admits a TAXII 2.1 answer.
func acceptable(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "*/*", "application/*":
			return true
		case "application/taxii+json":
			if v, ok := params["version"]; !ok || v == "2.1" {
				return true
			}
		}
	}
	return false
}

// isTAXIIContent reports whether a Content-Type names a TAXII 2.1
// envelope.
func isTAXIIContent(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/taxii+json" {
		return false
	}
	v, ok := params["version"]
	return !ok || v == "2.1"
}

// write answers status with the TAXII resource v.
func write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", MediaType)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Vary", "Authorization, Cookie")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// fail answers a TAXII error message that is also an RFC 9457 problem.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, title, detail string) {
	s.failWith(w, status, title, detail, nil)
}

func (s *Server) failWith(w http.ResponseWriter, status int, title, detail string, details any) {
	write(w, status, Error{Title: title, Description: detail, HTTPStatus: http.StatusText(status), Status: status,
		Detail: detail, Details: details})
}

// baseURL returns the scheme and host the request reached.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) discovery(w http.ResponseWriter, r *http.Request) {
	root := baseURL(r) + RootPath
	write(w, http.StatusOK, Discovery{Title: s.opts.Title + " TAXII 2.1",
		Description: "Incidents of the ceasefire record, as STIX 2.1, released per caller", Default: root, APIRoots: []string{root}})
}

func (s *Server) apiRoot(w http.ResponseWriter, r *http.Request) {
	write(w, http.StatusOK, APIRoot{Title: s.opts.Title, Description: "The node's incidents",
		Versions: []string{MediaType}, MaxContentLength: s.opts.MaxContentLength})
}

// incidentsCollection is the collection as p sees it.
func incidentsCollection(p access.Principal) Collection {
	return Collection{ID: CollectionID, Title: "Incidents", CanRead: true, CanWrite: incidents.MayReport(p) == nil,
		Description: "Each incident the caller may see, as the STIX 2.1 export writes it; POST imports incident objects as reports of the caller's party",
		MediaTypes:  []string{STIXMediaType}}
}

func (s *Server) collections(w http.ResponseWriter, r *http.Request) {
	write(w, http.StatusOK, Collections{Collections: []Collection{incidentsCollection(s.opts.Principal(r))}})
}

// known answers 404 and returns false unless the request names the
// collection of incidents.
func (s *Server) known(w http.ResponseWriter, r *http.Request) bool {
	if r.PathValue("id") != CollectionID {
		s.fail(w, r, http.StatusNotFound, "No such collection", "the collections are listed at "+RootPath+"collections/")
		return false
	}
	return true
}

func (s *Server) collection(w http.ResponseWriter, r *http.Request) {
	if s.known(w, r) {
		write(w, http.StatusOK, incidentsCollection(s.opts.Principal(r)))
	}
}
