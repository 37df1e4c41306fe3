// Package peertls is the mutual TLS between the nodes of a federation: each
// node has a self-signed Ed25519 certificate (its identity, kept in its data
// directory), and the federation's roster pins every member's certificate by
// the SHA-256 of its SubjectPublicKeyInfo. There is no certificate authority
// and no shared secret: a server accepts a client only if its certificate's
// pin is a member's, and a client accepts a server only if its pin is the
// one the roster gives for the member it meant to reach (TLS 1.3 only).
package peertls

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"truce/internal/federation/roster"
)

// Files of the identity in a node's data directory.
const (
	KeyFile  = "peer-tls.key" // PKCS #8 Ed25519 private key, PEM, mode 0600
	CertFile = "peer-tls.crt" // self-signed certificate, PEM
)

// Validity is how long a generated certificate is valid: the pin, not the
// dates, is what peers trust, and a roster change replaces a certificate.
const Validity = 20 * 365 * 24 * time.Hour

// Identity is a node's TLS identity: its certificate and key.
type Identity struct {
	cert tls.Certificate
	pin  string
}

// Create generates an Ed25519 key and a self-signed certificate whose
// subject common name is origin (no subject alternative names: peers check
// the pin, not a name) and writes them to dir. The key file is created
// exclusively with mode 0600: Create refuses a directory that already
// holds an identity.
func Create(dir, origin string) (*Identity, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("peertls: generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("peertls: serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: origin},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(Validity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, priv)
	if err != nil {
		return nil, fmt.Errorf("peertls: create certificate: %w", err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("peertls: encode key: %w", err)
	}
	keyPath := filepath.Join(dir, KeyFile)
	if err := writeExclusive(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), 0o600); err != nil {
		return nil, err
	}
	if err := writeExclusive(filepath.Join(dir, CertFile), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return nil, err
	}
	return Load(dir)
}

// Load reads the identity in dir. It returns an error wrapping
// fs.ErrNotExist if dir holds none, and an error if the key and
// certificate are not an Ed25519 pair.
func Load(dir string) (*Identity, error) {
	cert, err := tls.LoadX509KeyPair(filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("peertls: no TLS identity in %s (%s): a party node gets one from 'truce init --federated': %w", dir, KeyFile, err)
		}
		return nil, fmt.Errorf("peertls: load identity from %s: %w", dir, err)
	}
	if _, ok := cert.PrivateKey.(ed25519.PrivateKey); !ok {
		return nil, fmt.Errorf("peertls: %s: not an Ed25519 key", filepath.Join(dir, KeyFile))
	}
	return &Identity{cert: cert, pin: Pin(cert.Leaf)}, nil
}

// LoadOrCreate loads the identity in dir, or creates one for origin if dir
// holds none.
func LoadOrCreate(dir, origin string) (*Identity, error) {
	id, err := Load(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return Create(dir, origin)
	}
	return id, err
}

// Pin returns the identity's pin, the value of its member's tls_pin.
func (id *Identity) Pin() string { return id.pin }

// Certificate returns the identity's certificate chain and key, for a
// tls.Config.
func (id *Identity) Certificate() tls.Certificate { return id.cert }

// Pin returns "sha256:" and the lower-case hex SHA-256 of cert's
// SubjectPublicKeyInfo (DER), as roster members' tls_pin holds it.
func Pin(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return roster.PinPrefix + hex.EncodeToString(sum[:])
}

// writeExclusive creates path with data and mode, refusing an existing
// file, and syncs it.
func writeExclusive(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("peertls: %s exists: refusing to overwrite a node's TLS identity", path)
		}
		return fmt.Errorf("peertls: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("peertls: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("peertls: sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("peertls: close %s: %w", path, err)
	}
	return nil
}
