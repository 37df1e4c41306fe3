package api

import (
	"errors"
	"net/http"
	"time"

	"truce/internal/accounts"
	"truce/internal/fault"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// login opens a browser session: an HttpOnly, SameSite=Strict cookie, and
// a CSRF token the client echoes in X-CSRF-Token on unsafe requests.
// Failed logins are throttled (429 with Retry-After; login_throttle.go).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := decodeJSON(r, 4096, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.logins.allow(req.Username, clientAddr(r)); err != nil {
		s.writeError(w, r, err) // 429 with Retry-After (login_throttle.go)
		return
	}
	sess, err := s.deps.Accounts.Login(r.Context(), req.Username, req.Password)
	if errors.Is(err, fault.ErrUnauthenticated) {
		s.logins.failed(req.Username, clientAddr(r))
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.logins.succeeded(req.Username, clientAddr(r))
	exp, _ := time.Parse(time.RFC3339, sess.Expires)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sess.Secret, Path: "/", Expires: exp,
		HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteStrictMode})
	writeJSON(w, http.StatusCreated, sess)
}

// logout ends the session at once (the cookie no longer authenticates).
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := noBody(r, s.opts.MaxBody); err != nil {
		s.writeError(w, r, err)
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.deps.Accounts.Logout(r.Context(), c.Value); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteStrictMode})
	w.WriteHeader(http.StatusNoContent)
}

// me tells callers who they are and what they may see.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	writeJSON(w, http.StatusOK, map[string]any{
		"principal": p,
		"may_see":   "CLEAR and GREEN records, and AMBER, AMBER+STRICT and RED records whose audience includes " + p.Party,
	})
}

// listParties is public to members; the public sees it too (party names
// are what the public page shows as authors).
func (s *Server) listParties(w http.ResponseWriter, r *http.Request) {
	ps, err := s.deps.Accounts.Store().Parties(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ps)})
}

// listUsers lists the users of the caller's own party.
func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	us, err := s.deps.Accounts.Store().Users(r.Context(), principal(r).Party)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(us)})
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	var req accounts.NewUser
	if err := decodeJSON(r, s.opts.MaxBody, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.deps.Accounts.CreateUser(r.Context(), principal(r), req, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, u)
}

// listTokens lists the caller's own tokens (never their secrets).
func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	ts, err := s.deps.Accounts.Store().TokensOfUser(r.Context(), principal(r).UserID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ts)})
}

type issueTokenRequest struct {
	Name string `json:"name"`
	// UserID defaults to the caller.
	UserID string `json:"user_id,omitempty"`
	// TTLSeconds is the token's lifetime; 0 for none (for a read-only
	// token: an hour).
	TTLSeconds int64 `json:"ttl_seconds,omitempty"`
	// Scope is "read" for a read-only link token; omitted for a full one.
	Scope string `json:"scope,omitempty"`
}

func (s *Server) issueToken(w http.ResponseWriter, r *http.Request) {
	var req issueTokenRequest
	if err := decodeJSON(r, 4096, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principal(r)
	if req.UserID == "" {
		req.UserID = p.UserID
	}
	if req.TTLSeconds < 0 || req.TTLSeconds > 10*365*86400 {
		s.writeError(w, r, fault.Invalid("ttl_seconds", "must be between 0 (no expiry) and ten years"))
		return
	}
	t, err := s.deps.Accounts.IssueScopedToken(r.Context(), p, req.UserID, req.Name, time.Duration(req.TTLSeconds)*time.Second, req.Scope)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, t)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := noBody(r, s.opts.MaxBody); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.deps.Accounts.RevokeToken(r.Context(), principal(r), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
