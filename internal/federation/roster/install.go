package roster

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	tmp, err := os.CreateTemp(dir, FileName+".tmp-*")
	if err != nil {
		return fmt.Errorf("roster: install: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(append(canon, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("roster: install: write: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("roster: install: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("roster: install: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("roster: install: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, FileName)); err != nil {
		return fmt.Errorf("roster: install: %w", err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("roster: install: sync directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("roster: install: sync directory: %w", err)
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
