package fedtest

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
	"truce/internal/witness"
)

// ClockCosigner is a witness key whose cosignature/v1 signatures (C2SP
// tlog-cosignature) bear the time of a test's clock instead of the wall
// clock, so that tests can age cosignatures without waiting. It is a
// note.Signer, verified by witness.VerifyCosigned like any witness's, and
// a ledger.Witness cosigning whatever a checkpointer pushes (it keeps no
// state: it checks no consistency).
type ClockCosigner struct {
	name string
	hash uint32
	priv ed25519.PrivateKey
	v    *witness.CosignatureVerifier
	now  func() time.Time
}

// NewClockCosigner returns a fresh witness key named name signing at the
// times now returns.
func NewClockCosigner(t testing.TB, name string, now func() time.Time) *ClockCosigner {
	t.Helper()
	skey, vkey, err := witness.GenerateKey(name)
	if err != nil {
		t.Fatal(err)
	}
	v, err := witness.ParseCosignatureVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(strings.TrimPrefix(skey, "PRIVATE+KEY+"), "+", 3) // name, key id, key
	seed, err := base64.StdEncoding.DecodeString(parts[len(parts)-1])
	if err != nil || len(seed) != 1+ed25519.SeedSize {
		t.Fatalf("fedtest: signer key of %s: %v", name, err)
	}
	return &ClockCosigner{name: name, hash: v.KeyHash(), priv: ed25519.NewKeyFromSeed(seed[1:]), v: v, now: now}
}

// Name returns the witness's key name.
func (c *ClockCosigner) Name() string { return c.name }

// KeyHash returns the witness's key id.
func (c *ClockCosigner) KeyHash() uint32 { return c.hash }

// Verifier returns the verifier of c's cosignatures.
func (c *ClockCosigner) Verifier() *witness.CosignatureVerifier { return c.v }

// Sign returns timestamp || Ed25519 signature of the cosignature/v1
// message for the checkpoint body msg, at c's clock's second.
func (c *ClockCosigner) Sign(msg []byte) ([]byte, error) {
	ts := uint64(c.now().Unix())
	m := fmt.Appendf(nil, "cosignature/v1\ntime %d\n%s", ts, msg)
	return append(binary.BigEndian.AppendUint64(nil, ts), ed25519.Sign(c.priv, m)...), nil
}

// Cosign implements ledger.Witness: it returns c's cosignature line on
// cp's body.
func (c *ClockCosigner) Cosign(_ context.Context, _ []byte, cp ledger.Checkpoint, _ func(context.Context, int64) (tlog.TreeProof, error)) ([]byte, error) {
	sig, err := c.Sign([]byte(cp.Body()))
	if err != nil {
		return nil, err
	}
	line := binary.BigEndian.AppendUint32(nil, c.hash)
	return fmt.Appendf(nil, "— %s %s\n", c.name, base64.StdEncoding.EncodeToString(append(line, sig...))), nil
}
