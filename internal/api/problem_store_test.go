package api

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"truce/internal/store"
)

// TestStorageFullIsA507Problem checks that each engine's way of saying
// "disk full", however deeply wrapped, reaches the client as one RFC 9457
// 507 problem that says what happened and what to do, without the cause.
func TestStorageFullIsA507Problem(t *testing.T) {
	s := newServer(Deps{DB: &store.DB{}}, Options{})
	for _, c := range []struct {
		name string
		err  error
	}{
		{"ENOSPC writing a file", fmt.Errorf("evidence: store: %w", &fs.PathError{Op: "write", Path: "/secret/path", Err: syscall.ENOSPC})},
		{"PostgreSQL disk_full", fmt.Errorf("ledger: commit: %w", &pgconn.PgError{Code: "53100", Message: "could not extend file base/1/2"})},
		{"store sentinel", fmt.Errorf("incidents: report: %w", store.ErrStorageFull)},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.writeError(w, httptest.NewRequest("POST", "/api/v1/incidents", nil), c.err)
			if w.Code != 507 || w.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("status %d, content type %q; want 507 application/problem+json", w.Code, w.Header().Get("Content-Type"))
			}
			var p Problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			if p.Type != problemBase+"storage-full" || p.Status != 507 || !strings.Contains(p.Detail, "disk is full") || !strings.Contains(p.Detail, "free space") {
				t.Errorf("problem %+v", p)
			}
			if strings.Contains(w.Body.String(), "/secret/path") || strings.Contains(w.Body.String(), "base/1/2") {
				t.Errorf("the problem leaks the internal cause: %s", w.Body.String())
			}
		})
	}
}

// TestDatabaseUnavailableIsA503Problem checks that a request that failed
// because the database went away (PostgreSQL restarting, connections cut)
// is a retryable 503 problem, not an internal error.
func TestDatabaseUnavailableIsA503Problem(t *testing.T) {
	s := newServer(Deps{DB: &store.DB{}}, Options{})
	for _, err := range []error{
		fmt.Errorf("incidents: report: ledger: commit: %w", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}),
		fmt.Errorf("store: party ru: %w", &pgconn.PgError{Code: "57P03", Message: "the database system is starting up"}),
		fmt.Errorf("flights: file: %w", store.ErrUnavailable),
	} {
		w := httptest.NewRecorder()
		s.writeError(w, httptest.NewRequest("POST", "/api/v1/incidents", nil), err)
		var p Problem
		json.Unmarshal(w.Body.Bytes(), &p)
		if w.Code != 503 || p.Type != problemBase+"database-unavailable" || w.Header().Get("Retry-After") == "" || strings.Contains(w.Body.String(), "SQLSTATE") || strings.Contains(w.Body.String(), "administrator") {
			t.Errorf("%v: %d %s (Retry-After %q)", err, w.Code, w.Body.String(), w.Header().Get("Retry-After"))
		}
	}
}
