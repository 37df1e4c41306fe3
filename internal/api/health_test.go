package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"truce/internal/ledger"
	"truce/internal/store"
)

// pingFails is a database that does not answer its ping.
type pingFails struct {
	*store.DB
	err error
}

func (p pingFails) Ping(context.Context) error { return p.err }

// TestFixedProblemsGoThroughTheOneMapper checks the problems that no
// service decides (readiness, no checkpoint yet, no such API route): each
// is an RFC 9457 problem with its type, status and a detail written for the
// client, and a database that does not answer is reported without its
// cause (a driver error names hosts and addresses).
func TestFixedProblemsGoThroughTheOneMapper(t *testing.T) {
	const secret = "dial tcp 10.20.30.40:5432: connect: connection refused"
	tests := []struct {
		name   string
		deps   Deps
		path   string
		status int
		typ    string
		detail string
	}{
		{"database down", Deps{DB: pingFails{&store.DB{}, errors.New(secret)}, Ready: func() error { return nil }},
			"/readyz", 503, "not-ready", "the node's database does not answer"},
		{"not ready", Deps{DB: pingFails{DB: &store.DB{}}, Ready: func() error { return errors.New("no checkpoint published yet") }},
			"/readyz", 503, "not-ready", "no checkpoint published yet"},
		{"no checkpoint", Deps{DB: &store.DB{}, Checkpointer: &ledger.Checkpointer{}},
			"/log/checkpoint", 503, "no-checkpoint", "the log has no published checkpoint yet; retry in a second"},
		{"no route", Deps{DB: &store.DB{}},
			"/api/v1/nothing-here", 404, "not-found", "no API route GET /api/v1/nothing-here; see /api/v1/openapi.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(tc.deps, Options{})
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", tc.path, nil))
			if w.Code != tc.status || w.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("status %d, content type %q; want %d application/problem+json: %s", w.Code, w.Header().Get("Content-Type"), tc.status, w.Body)
			}
			var p Problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			if p.Type != problemBase+tc.typ || p.Status != tc.status || p.Detail != tc.detail || p.Instance != tc.path {
				t.Errorf("problem %+v", p)
			}
			if strings.Contains(w.Body.String(), "10.20.30.40") {
				t.Errorf("the problem leaks the internal cause: %s", w.Body)
			}
		})
	}
}
