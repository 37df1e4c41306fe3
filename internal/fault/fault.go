package fault

import (
	"errors"
	"fmt"
)

// Kinds of refusal. Each fixes the status the API answers with; wrap them
// with context (fmt.Errorf("...: %w", fault.ErrNotFound)) or return the
// typed errors below to give the client a message of its own.
var (
	// ErrUnauthenticated: no valid credentials were presented (401).
	ErrUnauthenticated = errors.New("authentication required")
	// ErrForbidden: the caller is known but may not do this (403).
	ErrForbidden = errors.New("forbidden")
	// ErrNotFound: no such record, or one the caller may not see (404).
	// Hidden records MUST be reported with this error, never ErrForbidden,
	// so that their existence does not leak. Store lookups that find no row
	// return it too.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the request conflicts with the current state (409).
	ErrConflict = errors.New("conflict")
	// ErrPrecondition: an If-Match precondition failed (412).
	ErrPrecondition = errors.New("precondition failed")
	// ErrPreconditionRequired: a state change was sent without If-Match
	// (428). Its text is the client message.
	ErrPreconditionRequired = errors.New("this change needs an If-Match header with the record's ETag: GET the record first")
)

// Failures of the node's database itself, not of the request. The store
// recognises them among its engines' errors and marks them with these kinds
// (store.DB.Classify); the API maps each to a fixed problem and never shows
// the cause.
var (
	// ErrUnavailable: the database did not answer, so the request was not
	// completed and no write acknowledged (503, retryable).
	ErrUnavailable = errors.New("database unavailable")
	// ErrStorageFull: the node's storage has no space left; the write
	// changed nothing and reads go on (507).
	ErrStorageFull = errors.New("no space left on the node's storage")
	// ErrIntegrity: a stored record does not match its commitment in the
	// log, so it is not served (500; the node halts its writes).
	ErrIntegrity = errors.New("stored record does not match its commitment")
)

// InvalidError reports a bad field in a request (422). Field is a dotted
// path into the request; Reason says what is wrong and what to do. Both
// are shown to the client and MUST NOT carry an internal cause.
type InvalidError struct {
	Field  string
	Reason string
}

// Error returns "<Field>: <Reason>".
func (e *InvalidError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Reason) }

// Invalid returns an *InvalidError for field with a formatted reason.
func Invalid(field, format string, args ...any) error {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// RefusalError is a refusal of Kind (ErrConflict, ErrPrecondition, …)
// whose Msg is written for the client: it says what is wrong with the
// request in the client's terms and MUST NOT carry an internal cause. The
// API shows Msg; the layers wrapped around a RefusalError (operation names,
// store and transaction errors) are logged and never reach a client.
type RefusalError struct {
	Kind error
	Msg  string
}

// Error returns "<Msg>: <Kind>".
func (e *RefusalError) Error() string { return e.Msg + ": " + e.Kind.Error() }

// Unwrap returns Kind, so that errors.Is(err, ErrConflict) holds.
func (e *RefusalError) Unwrap() error { return e.Kind }

// Conflictf returns a *RefusalError of kind ErrConflict whose client
// message is formatted from format and args.
func Conflictf(format string, args ...any) error {
	return &RefusalError{Kind: ErrConflict, Msg: fmt.Sprintf(format, args...)}
}

// ClientMessage returns the client message of the first *RefusalError in
// err's chain, or "" if there is none: then only a fixed text for the
// status may be shown.
func ClientMessage(err error) string {
	var r *RefusalError
	if errors.As(err, &r) {
		return r.Msg
	}
	return ""
}

// BadRequestError is a malformed request (400): bad JSON, wrong types,
// unknown fields, a parameter outside its allowed values. Msg is shown to
// the client; when Field is set (a JSON pointer or parameter name) the
// problem also lists it with Reason. None of them may carry an internal
// cause.
type BadRequestError struct {
	Msg    string
	Field  string
	Reason string
}

// Error returns Msg.
func (e *BadRequestError) Error() string { return e.Msg }

// BadRequestf returns a *BadRequestError whose message is formatted from
// format and args.
func BadRequestf(format string, args ...any) error {
	return &BadRequestError{Msg: fmt.Sprintf(format, args...)}
}
