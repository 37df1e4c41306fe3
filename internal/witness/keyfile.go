package witness

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// LoadOrCreateKey returns the witness signer key stored in the file at path,
// or, if there is no such file, generates a key for name with [GenerateKey],
// writes it to path (mode 0600, created exclusively so two processes cannot
// both create one) and reports created = true. It returns an error if the
// file exists but does not hold a valid signer key, if an existing key's
// name differs from name (when name is not empty), or on I/O errors.
func LoadOrCreateKey(path, name string) (c *Cosigner, created bool, err error) {
	b, err := os.ReadFile(path)
	if err == nil {
		c, err := NewCosigner(strings.TrimSpace(string(b)))
		if err != nil {
			return nil, false, fmt.Errorf("witness: key file %s: %w", path, err)
		}
		if name != "" && c.Name() != name {
			return nil, false, fmt.Errorf("witness: key file %s holds a key named %q, not %q", path, c.Name(), name)
		}
		return c, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("witness: read key file: %w", err)
	}
	skey, _, err := GenerateKey(name)
	if err != nil {
		return nil, false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("witness: create key file: %w", err)
	}
	if _, err := f.WriteString(skey + "\n"); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("witness: write key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("witness: sync key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, false, fmt.Errorf("witness: close key file: %w", err)
	}
	c, err = NewCosigner(skey)
	if err != nil {
		return nil, false, err
	}
	return c, true, nil
}
