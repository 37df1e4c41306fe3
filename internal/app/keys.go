package app

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/ledger"
)

// Files in a node's data directory.
const (
	DBFile          = "truce.db"
	SignerKeyFile   = "node.key" // note signer key, mode 0600
	VerifierKeyFile = "node.vkey"
	// IncidentIndexFile is the snapshot of the in-memory incident index
	// (store.SetIncidentIndexSnapshot): a cache, safe to delete.
	IncidentIndexFile = "incident-index.snapshot"
)

// NodeKeys are the node's checkpoint signing keys.
type NodeKeys struct {
	Signer      note.Signer
	Verifier    note.Verifier
	VerifierKey string
	// Retired are the node's earlier verifier keys (VerifierKeyFile
	// .retired-vN files, left by a rotation): they verify the checkpoints
	// signed before it. Nothing is signed with them any more.
	Retired []note.Verifier
}

// Origin returns the log's origin (the key name).
func (k *NodeKeys) Origin() string { return k.Signer.Name() }

// CreateNodeKeys generates an Ed25519 note key named origin and writes it to
// dir, refusing to overwrite an existing key.
func CreateNodeKeys(dir, origin string) (*NodeKeys, error) {
	if err := validOrigin(origin); err != nil {
		return nil, err
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return nil, fmt.Errorf("generate node key: %w", err)
	}
	path := filepath.Join(dir, SignerKeyFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("%s exists: this directory already holds a node; refusing to overwrite its key", path)
		}
		return nil, err
	}
	if _, err := f.WriteString(skey + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, VerifierKeyFile), []byte(vkey+"\n"), 0o644); err != nil {
		return nil, err
	}
	return LoadNodeKeys(dir)
}

// LoadNodeKeys reads the node's keys from dir.
func LoadNodeKeys(dir string) (*NodeKeys, error) {
	skey, err := os.ReadFile(filepath.Join(dir, SignerKeyFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no node in %s (no %s): create one with 'truce init --data %s' or run 'truce demo'", dir, SignerKeyFile, dir)
		}
		return nil, err
	}
	vkey, err := os.ReadFile(filepath.Join(dir, VerifierKeyFile))
	if err != nil {
		return nil, err
	}
	signer, err := note.NewSigner(strings.TrimSpace(string(skey)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", SignerKeyFile, err)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", VerifierKeyFile, err)
	}
	if verifier.Name() != signer.Name() || verifier.KeyHash() != signer.KeyHash() {
		return nil, fmt.Errorf("%s and %s are not a key pair", SignerKeyFile, VerifierKeyFile)
	}
	retired, err := loadRetiredKeys(dir, signer.Name())
	if err != nil {
		return nil, err
	}
	return &NodeKeys{Signer: signer, Verifier: verifier, VerifierKey: strings.TrimSpace(string(vkey)), Retired: retired}, nil
}

// loadRetiredKeys reads the retired verifier keys in dir, each named origin.
func loadRetiredKeys(dir, origin string) ([]note.Verifier, error) {
	paths, err := filepath.Glob(filepath.Join(dir, VerifierKeyFile+".retired-v*"))
	if err != nil {
		return nil, err
	}
	var out []note.Verifier
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		v, err := note.NewVerifier(strings.TrimSpace(string(b)))
		if err != nil || v.Name() != origin {
			return nil, fmt.Errorf("%s: not a retired verifier key of %s (%v)", p, origin, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// SignedBy returns the key, the one in use or a retired one, that signed
// the checkpoint note msg, or the one in use if none did (the caller's
// error then names it).
func (k *NodeKeys) SignedBy(msg []byte) note.Verifier {
	for _, v := range k.Retired {
		if _, _, err := ledger.OpenCheckpoint(msg, v); err == nil {
			return v
		}
	}
	return k.Verifier
}

func validOrigin(origin string) error {
	if origin == "" || strings.ContainsAny(origin, " +\n\t") || len(origin) > 200 {
		return fmt.Errorf("origin %q: want a URL-like name without spaces or '+', e.g. truce.example.org/amman", origin)
	}
	return nil
}
