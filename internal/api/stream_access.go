package api

import (
	"errors"
	"net/http"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
)

// Every long-lived response (GET /api/v1/stream, GET and POST
// /api/v1/tracks/stream) holds its caller with a callerGuard and calls
// Check before each event it sends (or each batch it ingests) and on a
// bounded timer (Options.StreamRecheck), so that a quiet stream ends too.
// It is the only place a stream decides whether its caller still has the
// access the stream started with.

// DefaultStreamRecheck is how often a quiet long-lived response rechecks
// its caller when Options.StreamRecheck is not set.
const DefaultStreamRecheck = 5 * time.Second

// accessEnded is why a long-lived response ended: its caller lost the
// access the response started with. Its message is safe to show the
// client; status is the HTTP status a new request would get.
type accessEnded struct {
	status int
	reason string
}

func (e *accessEnded) Error() string { return e.reason }

// Status returns the HTTP status a new request by the caller would get
// (401 for credentials that no longer authenticate, 403 for a changed
// role or party, 503 when the node could not recheck).
func (e *accessEnded) Status() int { return e.status }

// callerGuard rechecks the caller of one long-lived response.
type callerGuard struct {
	s     *Server
	r     *http.Request
	start access.Principal
}

// guardCaller returns the guard of r's response: the caller it started
// with is principal(r).
func (s *Server) guardCaller(r *http.Request) *callerGuard {
	return &callerGuard{s: s, r: r, start: principal(r)}
}

// Check re-resolves the request's token or session (a session through
// accounts.Service.RecheckSession: a logout or user change in this process
// applies at once, a logout through another process sharing the database
// within accounts.SessionRecheckAge). It returns nil while
// the caller keeps the access the response started with, and an
// *accessEnded otherwise: the token or session was revoked, has expired,
// its user was disabled, or the user's role or party changed. A public
// (anonymous) caller has nothing to lose and always passes. Check fails
// closed: an error of the store ends the response as well.
func (g *callerGuard) Check() error {
	if !g.start.Authenticated() {
		return nil
	}
	now, err := g.s.authenticateWith(g.r, g.s.deps.Accounts.RecheckSession)
	if err != nil && !errors.Is(err, fault.ErrUnauthenticated) {
		g.s.log.ErrorContext(g.r.Context(), "stream: recheck caller", "user", g.start.Username, "err", err)
		return &accessEnded{http.StatusServiceUnavailable, "the node could not recheck your access: reconnect later"}
	}
	if e := accessLost(g.start, now, err); e != nil {
		return e
	}
	return nil
}

// accessLost compares the caller a response started with (start) with
// the caller its credentials resolve to now (now, err as authenticate
// returned them) and says why the response must end, or nil if it may go
// on.
func accessLost(start, now access.Principal, err error) *accessEnded {
	switch {
	case err != nil || !now.Authenticated():
		return &accessEnded{http.StatusUnauthorized, "your token or session is no longer valid (revoked, expired, logged out or its user disabled): authenticate again"}
	case now.UserID != start.UserID:
		return &accessEnded{http.StatusUnauthorized, "your credentials now stand for another user: reconnect"}
	case now.Party != start.Party || now.Role != start.Role || now.ReadOnly != start.ReadOnly:
		return &accessEnded{http.StatusForbidden, "your role or party changed: reconnect to receive what you may now see"}
	}
	return nil
}

// streamRecheck returns the interval at which a quiet long-lived response
// rechecks its caller.
func (s *Server) streamRecheck() time.Duration {
	if s.opts.StreamRecheck > 0 {
		return s.opts.StreamRecheck
	}
	return DefaultStreamRecheck
}
