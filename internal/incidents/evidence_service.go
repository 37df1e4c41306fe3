package incidents

import (
	"errors"
	"fmt"
	"io"

	"truce/internal/access"
)

// errNoEvidenceStore: the node was built without an evidence store; an
// internal error (500), never a refusal of the caller.
var errNoEvidenceStore = errors.New("incidents: no evidence store")

// UploadEvidence stores the file read from body, content-addressed, for by
// to cite in a report, and returns its Evidence. Only those who may report
// (MayReport) may upload: anyone else gets an error wrapping
// fault.ErrForbidden (or fault.ErrUnauthenticated for the public) before
// body is read. A file over the store's limit is a *TooLargeError, one of a
// type not in EvidenceTypes an invalid-field error; neither stores
// anything. Errors reading body (such as *http.MaxBytesError) are wrapped.
func (s *Service) UploadEvidence(by access.Principal, body io.Reader) (Evidence, error) {
	if err := MayReport(by); err != nil {
		return Evidence{}, fmt.Errorf("incidents: upload evidence: %w", err)
	}
	if s.deps.Evidence == nil {
		return Evidence{}, errNoEvidenceStore
	}
	return s.deps.Evidence.Put(body)
}
