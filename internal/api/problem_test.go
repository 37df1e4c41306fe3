package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"truce/internal/fault"
	"truce/internal/ogc"
	"truce/internal/store"
)

// TestProblemsNeverCarryTheInternalCause wraps a refusal of every status in
// layers of internal context and checks that the body tells the client only
// what was meant for it while the log keeps the whole chain.
func TestProblemsNeverCarryTheInternalCause(t *testing.T) {
	const secret = "sqlite: database table is locked (SQLITE_BUSY) in tx 0xc000"
	internal := func(err error) error {
		return fmt.Errorf("incidents: assess inc-7: store: %s: %w", secret, err)
	}
	tests := []struct {
		name   string
		err    error
		status int
		detail string
	}{
		{"conflict with a message", internal(fault.Conflictf("the incident is closed: reopen it first")), 409, "the incident is closed: reopen it first"},
		{"bare conflict", internal(fmt.Errorf("version 2 is not current: %w", fault.ErrConflict)), 409, "the request conflicts with the current state"},
		{"conflict wrapped twice", fmt.Errorf("api: %w", internal(fault.Conflictf("version %d is not current", 2))), 409, "version 2 is not current"},
		{"precondition", internal(fmt.Errorf("zone z1 is at 4, not 3: %w", fault.ErrPrecondition)), 412, "the record changed since you read it"},
		{"not found", internal(fault.ErrNotFound), 404, "no such resource"},
		{"forbidden", internal(fault.ErrForbidden), 403, "your role or party may not do this"},
		{"unauthenticated", internal(fault.ErrUnauthenticated), 401, "send 'Authorization: Bearer"},
		{"invalid", internal(fault.Invalid("time.start", "is in the future")), 422, "time.start: is in the future"},
		{"bad request", internal(badRequestf("limit must be a number")), 400, "limit must be a number"},
		{"too large", internal(&tooLarge{10}), 413, "larger than 10 bytes"},
		{"precondition required", internal(fault.ErrPreconditionRequired), 428, "needs an If-Match header"},
		{"not found with a message", internal(&fault.RefusalError{Kind: fault.ErrNotFound, Msg: `no collection "x"`}), 404, `no collection "x"`},
		{"bad parameter", internal(&ogc.ParamError{Param: "bbox", Msg: "needs four numbers"}), 400, "query parameter bbox: needs four numbers"},
		{"internal", internal(errors.New("disk full")), 500, "its log has the cause"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logged bytes.Buffer
			s := newServer(Deps{DB: &store.DB{}, Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))}, Options{})
			rec := httptest.NewRecorder()
			s.writeError(rec, httptest.NewRequest("POST", "/api/v1/incidents/inc-7:assess", nil), tt.err)
			var p Problem
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatalf("body %q: %v", rec.Body, err)
			}
			if rec.Code != tt.status || p.Status != tt.status || !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("got %d %q, want %d with detail containing %q", rec.Code, p.Detail, tt.status, tt.detail)
			}
			if b := rec.Body.String(); strings.Contains(b, "SQLITE") || strings.Contains(b, "store:") || strings.Contains(b, "incidents: assess") {
				t.Errorf("body carries the internal cause: %s", b)
			}
			if !strings.Contains(logged.String(), "SQLITE_BUSY") {
				t.Errorf("log lacks the cause: %q", logged.String())
			}
		})
	}
}
