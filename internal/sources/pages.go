package sources

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// Pages keeps the web pages sources were submitted as, content-addressed:
// a file's name is its SHA-256, which source.submitted records, so that a
// page cannot be swapped unnoticed. Files are written once.
type Pages struct {
	Dir string
}

// NewPages returns a page store under dir, created if needed.
func NewPages(dir string) (*Pages, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sources: pages directory: %w", err)
	}
	return &Pages{Dir: dir}, nil
}

var shaName = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Put stores b under sha, its SHA-256 in hex, through a synced temporary
// file renamed into place; a page already stored is left as it is.
func (p *Pages) Put(sha string, b []byte) error {
	if !shaName.MatchString(sha) {
		return fmt.Errorf("sources: page name %q is not a SHA-256", sha)
	}
	dst := filepath.Join(p.Dir, sha)
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	tmp, err := os.CreateTemp(p.Dir, "page-*")
	if err != nil {
		return fmt.Errorf("sources: page: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := tmp.Write(b); err != nil {
		return fmt.Errorf("sources: page: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sources: page: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("sources: page: %w", err)
	}
	return nil
}

// Open returns the page stored under sha, or an error wrapping
// os.ErrNotExist.
func (p *Pages) Open(sha string) ([]byte, error) {
	if !shaName.MatchString(sha) {
		return nil, fmt.Errorf("sources: page %q: %w", sha, os.ErrNotExist)
	}
	return os.ReadFile(filepath.Join(p.Dir, sha))
}
