package witness

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/note"
)

// Signature algorithm bytes of C2SP signed-note vkeys.
const (
	algEd25519       = 0x01 // log (note) signatures
	algCosignatureV1 = 0x04 // Ed25519 cosignature/v1
)

// GenerateKey generates a new Ed25519 cosigning key for a witness named name
// (a schema-less URL such as "witness.example.org/un"). signerKey is secret
// and is parsed back by [NewCosigner]; it has the form
// "PRIVATE+KEY+<name>+<key id>+<base64(0x04 || seed)>". verifierKey is the
// public C2SP vkey "<name>+<key id>+<base64(0x04 || public key)>", the format
// litewitness prints and other C2SP tools accept. It returns an error if name
// is not a valid key name (empty, or containing spaces or '+').
func GenerateKey(name string) (signerKey, verifierKey string, err error) {
	return generateKey(rand.Reader, name)
}

// generateKey is GenerateKey with the randomness from r.
func generateKey(r io.Reader, name string) (signerKey, verifierKey string, err error) {
	if !isValidName(name) {
		return "", "", fmt.Errorf("witness: generate key: invalid name %q", name)
	}
	pub, priv, err := ed25519.GenerateKey(r)
	if err != nil {
		return "", "", fmt.Errorf("witness: generate key: %w", err)
	}
	hash := keyHash(name, algCosignatureV1, pub)
	signerKey = fmt.Sprintf("PRIVATE+KEY+%s+%08x+%s", name, hash,
		base64.StdEncoding.EncodeToString(append([]byte{algCosignatureV1}, priv.Seed()...)))
	v := &CosignatureVerifier{name: name, hash: hash, key: pub}
	return signerKey, v.String(), nil
}

// Cosigner is a witness's signing key. It implements note.Signer and
// produces timestamped Ed25519 cosignature/v1 signatures (C2SP
// tlog-cosignature) over checkpoints. It is safe for concurrent use.
type Cosigner struct {
	s *torchwood.CosignatureSigner
	v *CosignatureVerifier
}

var _ note.Signer = (*Cosigner)(nil)

// NewCosigner parses a signer key produced by [GenerateKey]. It returns an
// error if the key is malformed, is not a cosignature/v1 key, or its key id
// does not match its name and key.
func NewCosigner(signerKey string) (*Cosigner, error) {
	rest, ok := strings.CutPrefix(signerKey, "PRIVATE+KEY+")
	if !ok {
		return nil, errors.New("witness: signer key: missing PRIVATE+KEY+ prefix")
	}
	name, hash, key, err := splitVkey(rest)
	if err != nil {
		return nil, fmt.Errorf("witness: signer key: %w", err)
	}
	if len(key) != 1+ed25519.SeedSize || key[0] != algCosignatureV1 {
		return nil, errors.New("witness: signer key: not an Ed25519 cosignature/v1 key")
	}
	priv := ed25519.NewKeyFromSeed(key[1:])
	pub := priv.Public().(ed25519.PublicKey)
	if keyHash(name, algCosignatureV1, pub) != hash {
		return nil, errors.New("witness: signer key: key id does not match name and key")
	}
	s, err := torchwood.NewCosignatureSigner(name, priv)
	if err != nil {
		return nil, fmt.Errorf("witness: signer key: %w", err)
	}
	return &Cosigner{s: s, v: &CosignatureVerifier{name: name, hash: hash, key: pub}}, nil
}

// Name returns the witness's key name.
func (c *Cosigner) Name() string { return c.s.Name() }

// KeyHash returns the key id of the witness's key.
func (c *Cosigner) KeyHash() uint32 { return c.s.KeyHash() }

// Sign returns timestamp || Ed25519 signature over the cosignature/v1
// message for msg, which must be a checkpoint body; it returns an error
// otherwise.
func (c *Cosigner) Sign(msg []byte) ([]byte, error) { return c.s.Sign(msg) }

// Verifier returns the verifier of the cosigner's signatures.
func (c *Cosigner) Verifier() *CosignatureVerifier { return c.v }

// VerifierKey returns the public vkey of the cosigner, the string to give
// to clients and to [ParseCosignatureVerifier].
func (c *Cosigner) VerifierKey() string { return c.v.String() }

// CosignatureVerifier verifies Ed25519 cosignature/v1 signatures (C2SP
// tlog-cosignature). It implements note.Verifier.
type CosignatureVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

var _ note.Verifier = (*CosignatureVerifier)(nil)

// ParseCosignatureVerifier parses a witness vkey
// "<name>+<key id>+<base64(0x04 || 32-byte Ed25519 public key)>". It returns
// an error if the key is malformed, has another algorithm byte, or its key id
// does not match its name and key.
func ParseCosignatureVerifier(vkey string) (*CosignatureVerifier, error) {
	name, hash, key, err := splitVkey(vkey)
	if err != nil {
		return nil, fmt.Errorf("witness: cosignature key: %w", err)
	}
	if len(key) != 1+ed25519.PublicKeySize || key[0] != algCosignatureV1 {
		return nil, errors.New("witness: cosignature key: not an Ed25519 cosignature/v1 key (algorithm 0x04)")
	}
	pub := ed25519.PublicKey(key[1:])
	if keyHash(name, algCosignatureV1, pub) != hash {
		return nil, errors.New("witness: cosignature key: key id does not match name and key")
	}
	return &CosignatureVerifier{name: name, hash: hash, key: pub}, nil
}

// Name returns the witness's key name.
func (v *CosignatureVerifier) Name() string { return v.name }

// KeyHash returns the key id.
func (v *CosignatureVerifier) KeyHash() uint32 { return v.hash }

// Verify reports whether sig is timestamp || Ed25519 signature over
// "cosignature/v1\ntime <timestamp>\n" followed by msg.
func (v *CosignatureVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig)
	if t > math.MaxInt64 {
		return false
	}
	m := make([]byte, 0, 40+len(msg))
	m = append(m, "cosignature/v1\ntime "...)
	m = strconv.AppendUint(m, t, 10)
	m = append(m, '\n')
	m = append(m, msg...)
	return ed25519.Verify(v.key, m, sig[8:])
}

// String returns the vkey encoding, which [ParseCosignatureVerifier] parses.
func (v *CosignatureVerifier) String() string {
	return fmt.Sprintf("%s+%08x+%s", v.name, v.hash,
		base64.StdEncoding.EncodeToString(append([]byte{algCosignatureV1}, v.key...)))
}

// ParseNoteVerifier parses a log's Ed25519 note vkey
// "<name>+<key id>+<base64(0x01 || public key)>", as note.NewVerifier does,
// with an error that says what was being parsed.
func ParseNoteVerifier(vkey string) (note.Verifier, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("witness: log key %q: %w", vkey, err)
	}
	return v, nil
}

// ParseVerifier parses either kind of vkey, choosing by its algorithm byte:
// 0x01 (Ed25519 note key) or 0x04 (Ed25519 cosignature/v1 key). It returns
// an error for malformed keys and other algorithms.
func ParseVerifier(vkey string) (note.Verifier, error) {
	_, _, key, err := splitVkey(vkey)
	if err != nil {
		return nil, fmt.Errorf("witness: key %q: %w", vkey, err)
	}
	switch key[0] {
	case algEd25519:
		return ParseNoteVerifier(vkey)
	case algCosignatureV1:
		return ParseCosignatureVerifier(vkey)
	default:
		return nil, fmt.Errorf("witness: key %q: unsupported algorithm 0x%02x", vkey, key[0])
	}
}

// splitVkey splits "<name>+<8 hex digits>+<base64>" and checks the parts'
// syntax; key is non-empty on success.
func splitVkey(vkey string) (name string, hash uint32, key []byte, err error) {
	name, rest, ok1 := strings.Cut(vkey, "+")
	hash16, key64, ok2 := strings.Cut(rest, "+")
	if !ok1 || !ok2 || !isValidName(name) {
		return "", 0, nil, errors.New("malformed key: want name+keyid+base64")
	}
	h, err := strconv.ParseUint(hash16, 16, 32)
	if len(hash16) != 8 || err != nil {
		return "", 0, nil, errors.New("malformed key id")
	}
	key, err = base64.StdEncoding.DecodeString(key64)
	if err != nil || len(key) == 0 {
		return "", 0, nil, errors.New("malformed key material")
	}
	return name, uint32(h), key, nil
}

// keyHash is the C2SP signed-note key id: the first four bytes of
// SHA-256(name || "\n" || alg || key), big-endian.
func keyHash(name string, alg byte, key []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{'\n', alg})
	h.Write(key)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// isValidName reports whether name is a valid signed-note key name:
// non-empty UTF-8 without Unicode spaces or '+'.
func isValidName(name string) bool {
	return name != "" && utf8.ValidString(name) &&
		strings.IndexFunc(name, unicode.IsSpace) < 0 && !strings.Contains(name, "+")
}
