package mirror

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// MaxEvidenceBytes bounds an evidence record read by ParseEvidence: the
// largest kept is a fork's, with the leaves of a tree (32 bytes each, in
// base64) of a few million entries.
const MaxEvidenceBytes = 256 << 20

// ParseEvidence decodes an evidence record as `truce federation evidence`
// and GET /federation/v1/evidence/{id} print it. It returns an error if b
// is not one JSON object of that form, names an unknown kind, lacks an id,
// an origin or a checkpoint, or holds trailing data; it checks nothing
// that the record proves (VerifyEvidence does).
func ParseEvidence(b []byte) (*Evidence, error) {
	if len(b) > MaxEvidenceBytes {
		return nil, fmt.Errorf("mirror: evidence record of %d bytes, more than %d", len(b), MaxEvidenceBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var ev Evidence
	if err := dec.Decode(&ev); err != nil {
		return nil, fmt.Errorf("mirror: evidence record: %w", err)
	}
	if dec.More() {
		return nil, errors.New("mirror: evidence record: data after the record")
	}
	switch ev.Kind {
	case KindFork, KindRollback, KindBadContent, KindBadCitation, KindStale, KindNoQuorum, KindDrift:
	default:
		return nil, fmt.Errorf("mirror: evidence record: unknown kind %q", ev.Kind)
	}
	switch {
	case ev.ID == "":
		return nil, errors.New("mirror: evidence record: no id")
	case ev.Origin == "":
		return nil, errors.New("mirror: evidence record: no origin")
	case len(ev.Checkpoints) == 0:
		return nil, errors.New("mirror: evidence record: no checkpoint")
	case ev.Tolerance < 0 || ev.MaxAge < 0:
		return nil, errors.New("mirror: evidence record: a negative duration")
	}
	return &ev, nil
}
