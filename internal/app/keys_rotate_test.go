package app

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"truce/internal/federation/peertls"
	"truce/internal/federation/roster"
)

// TestRotationFiles prepares a rotation of every key of a party node and
// promotes it: pending files are secret where they must be, a second
// rotation is refused while one is pending, nothing changes while the
// roster in force does not name the new keys, and once it does the node's
// files are the new ones, the old ones kept as .retired-vN and still
// loaded as retired verifier keys.
func TestRotationFiles(t *testing.T) {
	dir := t.TempDir()
	const origin = "rotate.truce.test/ru"
	old, err := CreateNodeKeys(dir, origin)
	if err != nil {
		t.Fatal(err)
	}
	if err := createPartyNode(dir, origin, "ru"); err != nil {
		t.Fatal(err)
	}
	oldNode, err := LoadPartyNode(dir)
	if err != nil {
		t.Fatal(err)
	}
	self := roster.Member{Party: "ru", Origin: origin, LogKey: old.VerifierKey, WitnessKey: oldNode.Witness.VerifierKey(), TLSPin: oldNode.TLS.Pin()}
	r := &roster.Roster{Federation: "f", Version: 1}

	if _, err := PrepareRotation(dir, RotationKinds{}); err == nil {
		t.Fatal("a rotation of no key was prepared")
	}
	rot, err := PrepareRotation(dir, RotationKinds{LogKey: true, WitnessKey: true, TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	if rot.LogKey == old.VerifierKey || rot.WitnessKey == self.WitnessKey || rot.TLSPin == self.TLSPin || rot.LogKey == "" {
		t.Fatalf("rotation %+v repeats or lacks a key", rot)
	}
	for _, name := range []string{SignerKeyFile, WitnessKeyFile, peertls.KeyFile} {
		st, err := os.Stat(filepath.Join(dir, RotationDir, name))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("pending %s: %v %v, want mode 0600", name, st, err)
		}
	}
	if _, err := PrepareRotation(dir, RotationKinds{LogKey: true}); !errors.Is(err, ErrRotationPending) {
		t.Fatalf("a second rotation while one is pending: %v", err)
	}

	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := PromoteRotation(dir, r, self, quiet); err != nil {
		t.Fatal(err)
	}
	if k, err := LoadNodeKeys(dir); err != nil || k.VerifierKey != old.VerifierKey {
		t.Fatalf("before the rotation is in force the node uses %v (%v)", k, err)
	}

	// In force for the log key and the TLS certificate only.
	r.Version = 2
	inForce := self
	inForce.LogKey, inForce.TLSPin = rot.LogKey, rot.TLSPin
	if err := PromoteRotation(dir, r, inForce, quiet); err != nil {
		t.Fatal(err)
	}
	k, err := LoadNodeKeys(dir)
	if err != nil || k.VerifierKey != rot.LogKey || len(k.Retired) != 1 || k.Retired[0].KeyHash() != old.Verifier.KeyHash() {
		t.Fatalf("after the rotation: %+v (%v), want the new key and the old one retired", k, err)
	}
	node, err := LoadPartyNode(dir)
	if err != nil || node.TLS.Pin() != rot.TLSPin || node.Witness.VerifierKey() != self.WitnessKey {
		t.Fatalf("after the rotation: TLS %s witness %s (%v)", node.TLS.Pin(), node.Witness.VerifierKey(), err)
	}
	for _, name := range []string{SignerKeyFile, VerifierKeyFile, peertls.KeyFile, peertls.CertFile} {
		if _, err := os.Stat(filepath.Join(dir, name+".retired-v2")); err != nil {
			t.Errorf("old %s not kept: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, RotationDir, WitnessKeyFile)); err != nil {
		t.Fatalf("the witness key not yet in force is no longer pending: %v", err)
	}
	// Then the witness key too: nothing is left pending.
	inForce.WitnessKey = rot.WitnessKey
	r.Version = 3
	if err := PromoteRotation(dir, r, inForce, quiet); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, RotationDir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s left after every key is in force: %v", RotationDir, err)
	}
	if node, err := LoadPartyNode(dir); err != nil || node.Witness.VerifierKey() != rot.WitnessKey {
		t.Fatalf("witness key after its rotation: %v", err)
	}
}

// TestPromoteLive switches a running node's rotated witness key and TLS
// certificate and leaves its rotated log key pending for its next start,
// which then switches it and ends the rotation.
func TestPromoteLive(t *testing.T) {
	dir := t.TempDir()
	const origin = "rotate.truce.test/un"
	old, err := CreateNodeKeys(dir, origin)
	if err != nil {
		t.Fatal(err)
	}
	if err := createPartyNode(dir, origin, "un"); err != nil {
		t.Fatal(err)
	}
	rot, err := PrepareRotation(dir, RotationKinds{LogKey: true, WitnessKey: true, TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	self := roster.Member{Party: "un", Origin: origin, LogKey: rot.LogKey, RetiredLogKeys: []string{old.VerifierKey}, WitnessKey: rot.WitnessKey, TLSPin: rot.TLSPin}
	r := &roster.Roster{Federation: "f", Version: 2}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	switched, err := PromoteLive(dir, r, self, quiet)
	if err != nil || !switched {
		t.Fatalf("live promotion: %v %v", switched, err)
	}
	node, err := LoadPartyNode(dir)
	if err != nil || node.Witness.VerifierKey() != rot.WitnessKey || node.TLS.Pin() != rot.TLSPin {
		t.Fatalf("after the live promotion: %+v (%v)", node, err)
	}
	if k, err := LoadNodeKeys(dir); err != nil || k.VerifierKey != old.VerifierKey {
		t.Fatalf("the live promotion switched the log key: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, RotationDir, SignerKeyFile)); err != nil {
		t.Fatalf("the log key is no longer pending: %v", err)
	}
	if again, err := PromoteLive(dir, r, self, quiet); err != nil || again {
		t.Fatalf("a second live promotion: %v %v, want nothing switched", again, err)
	}
	if err := PromoteRotation(dir, r, self, quiet); err != nil {
		t.Fatal(err)
	}
	if k, err := LoadNodeKeys(dir); err != nil || k.VerifierKey != rot.LogKey {
		t.Fatalf("at the next start the log key is not switched: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, RotationDir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s left after the rotation completed: %v", RotationDir, err)
	}
}
