package roster

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"truce/internal/atomicfile"
)

// FileName is the installed roster's file in a node's data directory.
const FileName = "federation.json"

// ErrNotInstalled is returned (wrapped) by LoadInstalled when the data
// directory holds no roster: the node is not (yet) in a federation.
var ErrNotInstalled = errors.New("no federation roster installed")

// Install writes r's canonical bytes to FileName in dir atomically: a
// temporary file in dir, synced, renamed over FileName, and the directory
// synced, so that a crash leaves either the old roster or the new one. It
// validates r first and changes nothing if r is invalid.
func Install(dir string, r *Roster) error {
	if err := r.Validate(); err != nil {
		return err
	}
	canon, err := r.Canonical()
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(dir, FileName), append(canon, '\n'), 0o644); err != nil {
		return fmt.Errorf("roster: install: %w", err)
	}
	return nil
}

// LoadInstalled reads and validates the roster installed in dir. It returns
// an error wrapping ErrNotInstalled if there is none.
func LoadInstalled(dir string) (*Roster, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("roster: %s: %w (install one with 'truce federation join')", dir, ErrNotInstalled)
	}
	return Load(path)
}
