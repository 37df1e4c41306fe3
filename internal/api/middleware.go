package api

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
)

type principalKey struct{}

// principal returns the caller of r, the public if anonymous.
func principal(r *http.Request) access.Principal {
	p, _ := r.Context().Value(principalKey{}).(access.Principal)
	return p
}

const sessionCookie = "truce_session"

// middleware authenticates the caller (bearer token or session cookie with
// CSRF check on unsafe methods; a read-only token is refused on every
// unsafe method), rate-limits, limits body size, sets the
// security headers and records metrics.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: 200, req: r}
		w = rec
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", s.csp)
		if s.opts.HSTS {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		inner := r
		defer func() { s.metrics.observe(inner, rec.status, time.Since(start)) }()

		p, err := s.authenticate(r)
		if err == nil && p.ReadOnly && unsafeMethod(r.Method) {
			err = errReadOnly // the one check that keeps read-only tokens from writing
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.limiter != nil {
			key, by := p.TokenID, "token"
			if key == "" {
				key, by = "user:"+p.UserID, "user"
			}
			if p.UserID == "" {
				key, by = "addr:"+clientAddr(r), "address"
			}
			if !s.limiter.allow(key) {
				s.metrics.rateLimited.WithLabelValues(by).Inc()
				s.writeError(w, r, errRateLimited)
				return
			}
		}
		if !streamsBody(r) { // a track stream bounds each line instead (flights_tracks_stream.go)
			r.Body = http.MaxBytesReader(w, r.Body, s.bodyLimit(r)+1)
		}
		inner = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
		rec.req = inner
		next.ServeHTTP(w, inner)
	})
}

// authenticate resolves the caller. A bad token is an error (401) rather than
// a silent fall-back to the public, so a client learns its token is wrong.
func (s *Server) authenticate(r *http.Request) (access.Principal, error) {
	return s.authenticateWith(r, s.deps.Accounts.AuthenticateSession)
}

// sessionAuth resolves a session secret to its principal and CSRF token.
type sessionAuth func(ctx context.Context, secret string) (access.Principal, string, error)

// authenticateWith is authenticate with the session resolved by session
// (a long-lived response's recheck uses accounts.Service.RecheckSession).
func (s *Server) authenticateWith(r *http.Request, session sessionAuth) (access.Principal, error) {
	ctx := r.Context()
	if authz := r.Header.Get("Authorization"); authz != "" {
		scheme, tok, ok := strings.Cut(authz, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return access.Public, badRequestf("Authorization must be 'Bearer <token>'")
		}
		return s.deps.Accounts.AuthenticateToken(ctx, strings.TrimSpace(tok))
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		p, csrf, err := session(ctx, c.Value)
		if errors.Is(err, fault.ErrUnauthenticated) {
			return access.Public, nil // an expired cookie: treat as logged out
		}
		if err != nil {
			return access.Public, err
		}
		if unsafeMethod(r.Method) && !accounts.CheckCSRF(csrf, r.Header.Get("X-CSRF-Token")) {
			return access.Public, errCSRF
		}
		return p, nil
	}
	return access.Public, nil
}

// errCSRF rejects a cookie-authenticated unsafe request without the
// session's CSRF token (403).
var errCSRF = errors.New("missing or wrong CSRF token: send the csrf_token from POST /api/v1/session in the X-CSRF-Token header")

// errReadOnly refuses a request that could change state made with a
// read-only link token (403).
var errReadOnly = errors.New("this token is a read-only link token: it may only read (GET, HEAD); use a full token or a session to change anything")

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// authed wraps a handler that needs a logged-in caller.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := principal(r)
		if !p.Authenticated() {
			s.writeError(w, r, fault.ErrUnauthenticated)
			return
		}
		if p.Retired && !retiredMay(r) {
			s.writeError(w, r, p.RequireActive())
			return
		}
		h(w, r)
	}
}

// retiredMay reports whether a user of a retired party may make request r:
// reads, logging out and revoking tokens (which only take rights away).
// Domain services check the same through access.Principal.Require; this
// covers every route at once.
func retiredMay(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	case http.MethodDelete:
		return r.URL.Path == "/api/v1/session" || strings.HasPrefix(r.URL.Path, "/api/v1/tokens/")
	}
	return false
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// statusRecorder is the response writer of every request: it records the
// status for the metrics and answers a conditional GET whose ETag the
// client holds with 304 and no body (conditional.go).
type statusRecorder struct {
	http.ResponseWriter
	status int
	req    *http.Request
	// unmodified: a 304 was sent in place of the answer; its body is dropped.
	unmodified bool
}

func (s *statusRecorder) WriteHeader(code int) {
	cacheByCaller(s.req, code, s.Header())
	if notModified(s.req, code, s.Header()) {
		code, s.unmodified = http.StatusNotModified, true
		h := s.Header()
		h.Del("Content-Type")
		h.Del("Content-Length")
		h.Del("Link")
	}
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.unmodified {
		return len(b), nil
	}
	return s.ResponseWriter.Write(b)
}

// Flush lets SSE handlers flush through the recorder.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// contentSecurityPolicy returns the page policy: everything from the node
// itself, plus images from the online tile server's origin if one is
// configured.
func contentSecurityPolicy(tileURL string) string {
	img := "'self' data: blob:"
	if u, err := url.Parse(tileURL); err == nil && u.Scheme != "" && u.Host != "" {
		img += " " + u.Scheme + "://" + u.Host
	}
	return "default-src 'self'; img-src " + img + "; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
}
