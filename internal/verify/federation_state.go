package verify

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"truce/internal/atomicfile"
	"truce/internal/federation/mirror"
)

// stateDir is where Federation keeps what it saw: one file per origin
// holding the last verified checkpoint note ("<origin, path-escaped>.checkpoint")
// and the evidence it wrote ("evidence/<id>.json").
type stateDir struct{ dir string }

// openState creates dir (and its evidence directory) if missing.
func openState(dir string) (*stateDir, error) {
	if dir == "" {
		return nil, errors.New("verify: federation: no state directory: give --state DIR")
	}
	if err := os.MkdirAll(filepath.Join(dir, "evidence"), 0o700); err != nil {
		return nil, fmt.Errorf("verify: federation: state directory: %w (give --state DIR, a directory you may write)", err)
	}
	return &stateDir{dir: dir}, nil
}

func (s *stateDir) checkpointPath(origin string) string {
	return filepath.Join(s.dir, url.PathEscape(origin)+".checkpoint")
}

// checkpoint returns the saved checkpoint note of origin, nil if none.
func (s *stateDir) checkpoint(origin string) ([]byte, error) {
	b, err := os.ReadFile(s.checkpointPath(origin))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("saved checkpoint of %s: %w", origin, err)
	}
	return b, nil
}

// save replaces origin's saved checkpoint by note, atomically.
func (s *stateDir) save(origin string, note []byte) error {
	if err := atomicfile.Write(s.checkpointPath(origin), note, 0o644); err != nil {
		return fmt.Errorf("saving the checkpoint of %s: %w", origin, err)
	}
	return nil
}

// saveEvidence writes ev as JSON, as a node serves evidence, and returns
// the file's path.
func (s *stateDir) saveEvidence(ev *mirror.Evidence) (string, error) {
	b, err := json.MarshalIndent(ev, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encoding evidence %s: %w", ev.ID, err)
	}
	path := filepath.Join(s.dir, "evidence", ev.ID+".json")
	if err := atomicfile.Write(path, append(b, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("writing evidence %s: %w", ev.ID, err)
	}
	return path, nil
}

// newEvidenceID returns a random evidence id, "ev_" and 16 hex digits, as
// a mirror names its evidence.
func newEvidenceID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("verify: random evidence id: %v", err))
	}
	return "ev_" + hex.EncodeToString(b)
}
