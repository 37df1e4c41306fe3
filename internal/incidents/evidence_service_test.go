package incidents

import (
	"bytes"
	"errors"
	"testing"

	"truce/internal/access"
	"truce/internal/fault"
)

// TestUploadEvidenceAuthorisation: the service, not the HTTP handler,
// decides who may upload evidence; a refusal stores nothing.
func TestUploadEvidenceAuthorisation(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 32)...)
	tests := []struct {
		name string
		by   access.Principal
		want error // nil: stored
	}{
		{"public", access.Public, fault.ErrUnauthenticated},
		{"observer", access.Principal{UserID: "u1", Party: "A", Role: access.RoleObserver}, fault.ErrForbidden},
		{"retired party's reporter", access.Principal{UserID: "u2", Party: "A", Role: access.RoleReporter, Retired: true}, fault.ErrForbidden},
		{"reporter", access.Principal{UserID: "u3", Party: "A", Role: access.RoleReporter}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			es, err := NewEvidenceStore(dir, 1000)
			if err != nil {
				t.Fatal(err)
			}
			s := NewService(Deps{Evidence: es})
			ev, err := s.UploadEvidence(tt.by, bytes.NewReader(png))
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("UploadEvidence = %v, want %v", err, tt.want)
				}
				if n := storedFiles(t, dir); n != 0 {
					t.Errorf("a refused upload stored %d files", n)
				}
				return
			}
			if err != nil || ev.MediaType != "image/png" {
				t.Fatalf("UploadEvidence = %+v, %v", ev, err)
			}
		})
	}
}

// TestUploadEvidenceWithoutStore: a node without an evidence store fails
// internally rather than refusing the caller.
func TestUploadEvidenceWithoutStore(t *testing.T) {
	_, err := NewService(Deps{}).UploadEvidence(access.Principal{UserID: "u", Party: "A", Role: access.RoleReporter}, bytes.NewReader(nil))
	if err == nil || errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("UploadEvidence = %v, want an internal error", err)
	}
}
