package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/store"
)

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail,omitempty"`
	Instance string       `json:"instance,omitempty"`
	Errors   []FieldError `json:"errors,omitempty"`
}

// FieldError names one bad field of a request.
type FieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// problemBase prefixes problem type URIs; the types are documented in the
// OpenAPI document.
const problemBase = "https://truce.invalid/problems/"

// badRequest is a malformed request (400): bad JSON, wrong types, unknown
// fields, bad parameters.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func badRequestf(format string, args ...any) error {
	return &badRequest{fmt.Sprintf(format, args...)}
}

// tooLarge is a body over the limit (413).
type tooLarge struct{ limit int64 }

func (e *tooLarge) Error() string {
	return fmt.Sprintf("request body is larger than %d bytes", e.limit)
}

// writeError answers with the problem that err maps to. Internal errors are
// logged and reported without detail.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p := Problem{Instance: r.URL.Path}
	var inv *access.InvalidError
	var bad *badRequest
	var big *tooLarge
	var throttled *errLoginThrottled
	switch {
	case errors.As(err, &throttled):
		p.Status, p.Type, p.Title, p.Detail = 429, "login-throttled", "Too many failed logins", throttled.Error()
		w.Header().Set("Retry-After", strconv.Itoa(throttled.retryAfter()))
	case errors.As(err, &bad):
		p.Status, p.Type, p.Title, p.Detail = 400, "bad-request", "Malformed request", bad.msg
	case errors.As(err, &big):
		p.Status, p.Type, p.Title, p.Detail = 413, "too-large", "Request body too large", big.Error()+"; send a smaller body"
	case errors.As(err, &inv):
		p.Status, p.Type, p.Title = 422, "invalid", "Invalid request"
		p.Detail = inv.Error()
		p.Errors = []FieldError{{Field: inv.Field, Reason: inv.Reason}}
	case errors.Is(err, errReadOnly):
		p.Status, p.Type, p.Title, p.Detail = 403, "read-only-token", "Read-only token", errReadOnly.Error()
	case errors.Is(err, errCSRF):
		p.Status, p.Type, p.Title, p.Detail = 403, "csrf", "CSRF token required", errCSRF.Error()
	case errors.Is(err, access.ErrUnauthenticated):
		p.Status, p.Type, p.Title, p.Detail = 401, "unauthenticated", "Authentication required",
			"send 'Authorization: Bearer <token>' or log in at POST /api/v1/session"
		w.Header().Set("WWW-Authenticate", `Bearer realm="truce"`)
	case errors.Is(err, access.ErrForbidden):
		p.Status, p.Type, p.Title, p.Detail = 403, "forbidden", "Forbidden", "your role or party may not do this"
	case errors.Is(err, access.ErrNotFound), errors.Is(err, ledger.ErrTileNotFound):
		p.Status, p.Type, p.Title, p.Detail = 404, "not-found", "Not found", "no such resource, or not one you may see"
	case errors.Is(err, access.ErrConflict):
		p.Status, p.Type, p.Title, p.Detail = 409, "conflict", "Conflict", err.Error()
	case errors.Is(err, access.ErrPrecondition):
		p.Status, p.Type, p.Title, p.Detail = 412, "precondition-failed", "Precondition failed",
			"the record changed since you read it: fetch it again, then retry with its new ETag"
	case errors.Is(err, errRateLimited):
		p.Status, p.Type, p.Title, p.Detail = 429, "rate-limited", "Too many requests", "slow down and retry after the Retry-After delay"
		w.Header().Set("Retry-After", "1")
	case errors.Is(err, ledger.ErrHalted):
		p.Status, p.Type, p.Title = 503, "writes-halted", "Writes halted"
		p.Detail = "this node found its store altered and refuses every write; the parties were alerted. " +
			"Its operators must run 'truce verify --deep', restore the store from a backup and restart the node; until then, write through another node or later"
	case errors.Is(err, store.ErrTampered), errors.Is(err, ledger.ErrLeafMismatch):
		p.Status, p.Type, p.Title = 500, "store-integrity", "Record altered in the node's store"
		p.Detail = "the stored record does not match its commitment in the log, so the node will not serve it; " +
			"the node refuses writes and has alerted the parties. Do not rely on this node until its operators have restored its store"
		s.log.ErrorContext(r.Context(), "refused to serve an altered record", "method", r.Method, "path", r.URL.Path, "err", err)
	case store.IsStorageFull(err): // nothing was written: the transaction rolled back
		p.Status, p.Type, p.Title = 507, "storage-full", "Insufficient storage"
		p.Detail = "the node's disk is full, so nothing was written; reads still work. Ask its operator to free space on the data volume (or the database server), then retry"
		s.log.ErrorContext(r.Context(), "write refused: storage full", "method", r.Method, "path", r.URL.Path, "err", err)
	case store.IsUnavailable(err): // the node reconnects by itself
		p.Status, p.Type, p.Title = 503, "database-unavailable", "Database unavailable"
		p.Detail = "the node's database did not answer, so this request was not completed and no write was acknowledged; retry shortly (GET /readyz says when the node is ready)"
		w.Header().Set("Retry-After", "1")
	case errors.Is(err, ledger.ErrClosed):
		p.Status, p.Type, p.Title, p.Detail = 503, "unavailable", "Shutting down", "the node is stopping; retry on another node or later"
	default:
		p.Status, p.Type, p.Title = 500, "internal", "Internal error"
		p.Detail = "the node failed to handle this request; its log has the cause"
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p.Type = problemBase + p.Type
	writeProblem(w, p)
}

func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		slog.Debug("write response", "err", err)
	}
}
