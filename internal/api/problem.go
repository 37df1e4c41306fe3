package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/ogc"
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

// problemBase prefixes problem type URIs: a reference relative to the node
// (RFC 9457 §3.1.1), so that the type opens the page the node serves for it
// at GET /problems/NAME (problem_types.go) whatever name the node is
// reached by.
const problemBase = "/problems/"

// badRequestf is a malformed request (400); see fault.BadRequestError.
func badRequestf(format string, args ...any) error {
	return fault.BadRequestf(format, args...)
}

// tooLarge is a body over the limit (413).
type tooLarge struct{ limit int64 }

func (e *tooLarge) Error() string {
	return fmt.Sprintf("request body is larger than %d bytes", e.limit)
}

// errNoCheckpoint: the log has no published checkpoint to serve yet (503
// no-checkpoint); its text is the client message.
var errNoCheckpoint = errors.New("the log has no published checkpoint yet; retry in a second")

// batchPendingError: the log has checkpoints, but none the public may be
// shown yet, because every one was signed within the current batch (503
// public-batch-pending, with Retry-After until the next batch).
type batchPendingError struct {
	every time.Duration
	next  time.Time
}

func (e *batchPendingError) Error() string {
	return fmt.Sprintf("the public sees this log in batches of %s, as of the last checkpoint signed before a batch began; "+
		"the next batch begins at %s; members verify the live log signed in (truce verify --token)",
		e.every, e.next.UTC().Format(time.RFC3339))
}

// notReadyError says why the node cannot serve yet (503 not-ready). Reason
// is shown to the client; Cause, if any, is logged and never shown.
type notReadyError struct {
	Reason string
	Cause  error
}

func (e *notReadyError) Error() string {
	if e.Cause == nil {
		return e.Reason
	}
	return e.Reason + ": " + e.Cause.Error()
}

func (e *notReadyError) Unwrap() error { return e.Cause }

// noRoute is the 404 of a path under /api/ that no route serves; it points
// the client to the OpenAPI document.
func noRoute(r *http.Request) error {
	return &fault.RefusalError{Kind: fault.ErrNotFound,
		Msg: "no API route " + r.Method + " " + r.URL.Path + "; see /api/v1/openapi.json"}
}

// writeError answers with the problem that err maps to. A client is told
// only what is meant for it: the typed message of a bad request or an
// invalid field, the message of an *fault.RefusalError (a conflict
// explained by the code that decided it), or a fixed text. The rest
// of err's chain (operation names, store and transaction errors) never
// reaches the body: internal errors are logged at error level, a conflict
// or failed precondition whose cause was withheld at info level, other
// refusals at debug level, each with the whole chain.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	err = s.deps.DB.Classify(err)
	p := problemFor(w, err)
	p.Instance = r.URL.Path
	switch {
	case p.Type == "internal":
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	case p.Type == "store-integrity":
		s.log.ErrorContext(r.Context(), "refused to serve an altered record", "method", r.Method, "path", r.URL.Path, "err", err)
	case p.Type == "storage-full":
		s.log.ErrorContext(r.Context(), "write refused: storage full", "method", r.Method, "path", r.URL.Path, "err", err)
	case p.Type == "database-unavailable": // logged once per outage by the store's watcher
		s.deps.DB.NoteUnavailable(err)
	case p.Detail != err.Error():
		level := slog.LevelDebug
		if p.Status == http.StatusConflict || p.Status == http.StatusPreconditionFailed {
			level = slog.LevelInfo
		}
		s.log.Log(r.Context(), level, "request refused", "method", r.Method, "path", r.URL.Path,
			"status", p.Status, "err", err)
	}
	p.Type = problemBase + p.Type
	writeProblem(w, p)
}

// problemFor maps err to a problem (Type without problemBase) and sets the
// headers that go with its status.
func problemFor(w http.ResponseWriter, err error) Problem {
	var p Problem
	var inv *fault.InvalidError
	var bad *fault.BadRequestError
	var big *tooLarge
	var throttled *errLoginThrottled
	var media *unsupportedMedia
	var param *ogc.ParamError
	var notReady *notReadyError
	var pending *batchPendingError
	var method *methodNotAllowed
	var unimplemented *notImplemented
	switch {
	case errors.As(err, &unimplemented):
		p.Status, p.Type, p.Title, p.Detail = 501, "not-implemented", "Not implemented", unimplemented.Error()
	case errors.As(err, &method):
		p.Status, p.Type, p.Title, p.Detail = 405, "method-not-allowed", "Method not allowed", method.Error()
		w.Header().Set("Allow", strings.Join(method.allow, ", "))
	case errors.As(err, &notReady):
		p.Status, p.Type, p.Title, p.Detail = 503, "not-ready", "Not ready", notReady.Reason
	case errors.As(err, &pending):
		p.Status, p.Type, p.Title, p.Detail = 503, "public-batch-pending", "No public checkpoint yet", pending.Error()
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(time.Until(pending.next).Seconds()+1))))
	case errors.Is(err, errNoCheckpoint):
		p.Status, p.Type, p.Title, p.Detail = 503, "no-checkpoint", "No checkpoint yet", errNoCheckpoint.Error()
	case errors.As(err, &throttled):
		p.Status, p.Type, p.Title, p.Detail = 429, "login-throttled", "Too many failed logins", throttled.Error()
		w.Header().Set("Retry-After", strconv.Itoa(throttled.retryAfter()))
	case errors.As(err, &bad):
		p.Status, p.Type, p.Title, p.Detail = 400, "bad-request", "Malformed request", bad.Msg
		if bad.Field != "" {
			p.Errors = []FieldError{{Field: bad.Field, Reason: bad.Reason}}
		}
	case errors.As(err, &param): // a bad parameter of /ogc or an export, naming it
		p.Status, p.Type, p.Title, p.Detail = 400, "bad-request", "Malformed request", param.Error()
		p.Errors = []FieldError{{Field: param.Param, Reason: param.Msg}}
	case errors.As(err, &big):
		p.Status, p.Type, p.Title, p.Detail = 413, "too-large", "Request body too large", big.Error()+"; send a smaller body"
	case errors.As(err, &media):
		p.Status, p.Type, p.Title, p.Detail = 415, "unsupported-media-type", "Unsupported media type", media.Error()
	case errors.As(err, &inv):
		p.Status, p.Type, p.Title = 422, "invalid", "Invalid request"
		p.Detail = inv.Error()
		p.Errors = []FieldError{{Field: inv.Field, Reason: inv.Reason}}
	case errors.Is(err, errReadOnly):
		p.Status, p.Type, p.Title, p.Detail = 403, "read-only-token", "Read-only token", errReadOnly.Error()
	case errors.Is(err, errCSRF):
		p.Status, p.Type, p.Title, p.Detail = 403, "csrf", "CSRF token required", errCSRF.Error()
	case errors.Is(err, fault.ErrUnauthenticated):
		p.Status, p.Type, p.Title, p.Detail = 401, "unauthenticated", "Authentication required",
			"send 'Authorization: Bearer <token>' or log in at POST /api/v1/session"
		w.Header().Set("WWW-Authenticate", `Bearer realm="truce"`)
	case errors.Is(err, fault.ErrForbidden):
		p.Status, p.Type, p.Title, p.Detail = 403, "forbidden", "Forbidden", "your role or party may not do this"
	case errors.Is(err, fault.ErrNotFound), errors.Is(err, ledger.ErrTileNotFound):
		p.Status, p.Type, p.Title = 404, "not-found", "Not found"
		p.Detail = fault.ClientMessage(err)
		if p.Detail == "" {
			p.Detail = "no such resource, or not one you may see"
		}
	case errors.Is(err, fault.ErrConflict):
		p.Status, p.Type, p.Title = 409, "conflict", "Conflict"
		p.Detail = fault.ClientMessage(err)
		if p.Detail == "" {
			p.Detail = "the request conflicts with the current state of the record: fetch it again"
		}
	case errors.Is(err, fault.ErrPreconditionRequired):
		p.Status, p.Type, p.Title, p.Detail = 428, "precondition-required", "Precondition required", fault.ErrPreconditionRequired.Error()
	case errors.Is(err, fault.ErrPrecondition):
		p.Status, p.Type, p.Title, p.Detail = 412, "precondition-failed", "Precondition failed",
			"the record changed since you read it: fetch it again, then retry with its new ETag"
	case errors.Is(err, errRateLimited):
		p.Status, p.Type, p.Title, p.Detail = 429, "rate-limited", "Too many requests", "slow down and retry after the Retry-After delay"
		w.Header().Set("Retry-After", "1")
	case errors.Is(err, ledger.ErrHalted):
		p.Status, p.Type, p.Title = 503, "writes-halted", "Writes halted"
		p.Detail = "this node found its store altered and refuses every write; the parties were alerted. " +
			"Its operators must run 'truce verify --deep', restore the store from a backup and restart the node; until then, write through another node or later"
	case errors.Is(err, fault.ErrIntegrity), errors.Is(err, ledger.ErrLeafMismatch):
		p.Status, p.Type, p.Title = 500, "store-integrity", "Record altered in the node's store"
		p.Detail = "the stored record does not match its commitment in the log, so the node will not serve it; " +
			"the node refuses writes and has alerted the parties. Do not rely on this node until its operators have restored its store"
	case errors.Is(err, fault.ErrStorageFull): // nothing was written: the transaction rolled back
		p.Status, p.Type, p.Title = 507, "storage-full", "Insufficient storage"
		p.Detail = "the node's disk is full, so nothing was written; reads still work. Ask its operator to free space on the data volume (or the database server), then retry"
	case errors.Is(err, fault.ErrUnavailable): // the node reconnects by itself
		p.Status, p.Type, p.Title = 503, "database-unavailable", "Database unavailable"
		p.Detail = "the node's database did not answer, so this request was not completed and no write was acknowledged; retry shortly (GET /readyz says when the node is ready)"
		w.Header().Set("Retry-After", "1")
	case errors.Is(err, ledger.ErrClosed):
		p.Status, p.Type, p.Title, p.Detail = 503, "unavailable", "Shutting down", "the node is stopping; retry on another node or later"
	default:
		p.Status, p.Type, p.Title = 500, "internal", "Internal error"
		p.Detail = "the node failed to handle this request; its log has the cause"
	}
	return p
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
	if status == http.StatusOK {
		setNextLink(w, requestOf(w), v)
	}
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		slog.Debug("write response", "err", err)
	}
}
