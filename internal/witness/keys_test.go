package witness

import (
	"crypto/ed25519"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/note"
)

// TestKeysRoundTrip checks that generated keys parse back, that the
// verifier key is exactly what torchwood (and so litewitness) prints for the
// same public key, and that signatures cross-verify with torchwood.
func TestKeysRoundTrip(t *testing.T) {
	skey, vkey, err := GenerateKey("witness.example/w1")
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewCosigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	if c.VerifierKey() != vkey || c.Name() != "witness.example/w1" {
		t.Fatalf("cosigner %s, want %s", c.VerifierKey(), vkey)
	}
	seed, _ := base64.StdEncoding.DecodeString(strings.SplitN(skey, "+", 5)[4])
	tw, err := torchwood.NewCosignatureSigner("witness.example/w1", ed25519.NewKeyFromSeed(seed[1:]))
	if err != nil {
		t.Fatal(err)
	}
	if tw.Verifier().String() != vkey || tw.KeyHash() != c.KeyHash() {
		t.Fatalf("torchwood vkey %s, ours %s", tw.Verifier().String(), vkey)
	}
	v, err := ParseCosignatureVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != vkey {
		t.Fatalf("String() = %s, want %s", v, vkey)
	}
	msg := []byte("truce.test/log\n3\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")
	for name, s := range map[string]note.Signer{"ours": c, "torchwood": tw} {
		sig, err := s.Sign(msg)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Verify(msg, sig) || !tw.Verifier().Verify(msg, sig) {
			t.Errorf("%s signature does not verify with both verifiers", name)
		}
		if v.Verify(append(msg, 'x'), sig) {
			t.Errorf("%s signature verifies over another message", name)
		}
	}
	pv, err := ParseVerifier(vkey)
	if err != nil || pv.KeyHash() != v.KeyHash() {
		t.Fatalf("ParseVerifier(cosignature key) = %v, %v", pv, err)
	}
	l := newTestLog(t, "truce.test/log", 1)
	if pv, err := ParseVerifier(l.vkey); err != nil || pv.KeyHash() != l.verifier.KeyHash() {
		t.Fatalf("ParseVerifier(note key) = %v, %v", pv, err)
	}
}

func TestParseKeyErrors(t *testing.T) {
	_, vkey, err := GenerateKey("w")
	if err != nil {
		t.Fatal(err)
	}
	l := newTestLog(t, "o", 1)
	bad := []string{
		"", "w", "w+1234", "w+zzzzzzzz+AAAA", "w+0000000+AAAA", "+00000000+AAAA",
		"w x+00000000+BA==", "w+00000000+!!!", "w+00000000+",
		strings.Replace(vkey, "w+", "v+", 1), // name does not match id
		vkey[:len(vkey)-4] + "AAA=",          // key does not match id
		l.vkey,                               // a note key
		"w+00000000+" + base64.StdEncoding.EncodeToString([]byte{4, 1, 2}), // short
	}
	for _, k := range bad {
		if _, err := ParseCosignatureVerifier(k); err == nil {
			t.Errorf("ParseCosignatureVerifier(%q) succeeded", k)
		}
	}
	if _, err := ParseVerifier("w+00000000+" + base64.StdEncoding.EncodeToString(make([]byte, 33))); err == nil {
		t.Error("ParseVerifier accepted algorithm 0")
	}
	for _, k := range []string{"", "PRIVATE+KEY+w", "PRIVATE+KEY+" + vkey, "PRIVATE+KEY+o+00000000+AAAA"} {
		if _, err := NewCosigner(k); err == nil {
			t.Errorf("NewCosigner(%q) succeeded", k)
		}
	}
	for _, name := range []string{"", "a b", "a+b"} {
		if _, _, err := GenerateKey(name); err == nil {
			t.Errorf("GenerateKey(%q) succeeded", name)
		}
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "witness.key")
	c1, created, err := LoadOrCreateKey(path, "w.test/a")
	if err != nil || !created {
		t.Fatalf("first call: created=%v err=%v", created, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", fi.Mode(), err)
	}
	c2, created, err := LoadOrCreateKey(path, "w.test/a")
	if err != nil || created || c2.VerifierKey() != c1.VerifierKey() {
		t.Fatalf("second call: created=%v err=%v key %s vs %s", created, err, c2.VerifierKey(), c1.VerifierKey())
	}
	if _, _, err := LoadOrCreateKey(path, "w.test/b"); err == nil {
		t.Error("name mismatch accepted")
	}
	if c3, _, err := LoadOrCreateKey(path, ""); err != nil || c3.Name() != "w.test/a" {
		t.Errorf("empty name: %v", err)
	}
	os.WriteFile(path, []byte("garbage"), 0o600)
	if _, _, err := LoadOrCreateKey(path, ""); err == nil {
		t.Error("garbage key accepted")
	}
}
