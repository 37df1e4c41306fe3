package app

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"truce/internal/federation/peertls"
	"truce/internal/federation/roster"
)

// TestBackupCarriesARotation backs up a party node mid-rotation (its log
// key already switched at version 2, its witness key and TLS certificate
// still pending) and restores it elsewhere: the backup carries the
// retired key files and the pending ones (secrets still mode 0600), the
// restored node loads its retired verifier key, and when version 3 names
// the pending keys the restored node completes the rotation.
func TestBackupCarriesARotation(t *testing.T) {
	n := newTestNode(t)
	keys, err := LoadNodeKeys(n.dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := createPartyNode(n.dir, keys.Origin(), "ru"); err != nil {
		t.Fatal(err)
	}
	node, err := LoadPartyNode(n.dir)
	if err != nil {
		t.Fatal(err)
	}
	self := roster.Member{Party: "ru", Origin: keys.Origin(), LogKey: keys.VerifierKey, WitnessKey: node.Witness.VerifierKey(), TLSPin: node.TLS.Pin()}
	rot, err := PrepareRotation(n.dir, RotationKinds{LogKey: true, WitnessKey: true, TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	v2 := self
	v2.LogKey, v2.RetiredLogKeys = rot.LogKey, []string{self.LogKey}
	if err := PromoteRotation(n.dir, &roster.Roster{Federation: "f", Version: 2}, v2, quiet); err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	if _, err := Backup(context.Background(), n.dir, &buf, nil); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	if _, err := ExtractBackup(&buf, dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		VerifierKeyFile + ".retired-v2", SignerKeyFile + ".retired-v2",
		filepath.Join(RotationDir, WitnessKeyFile), filepath.Join(RotationDir, peertls.KeyFile), filepath.Join(RotationDir, peertls.CertFile),
	} {
		want, err := os.ReadFile(filepath.Join(n.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("restored %s: %v, want the backed-up node's file", name, err)
		}
	}
	for _, name := range []string{SignerKeyFile + ".retired-v2", filepath.Join(RotationDir, WitnessKeyFile), filepath.Join(RotationDir, peertls.KeyFile)} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("restored secret %s: %v %v, want mode 0600", name, st, err)
		}
	}
	k, err := LoadNodeKeys(dir)
	if err != nil || k.VerifierKey != rot.LogKey || len(k.Retired) != 1 || k.Retired[0].KeyHash() != keys.Verifier.KeyHash() {
		t.Fatalf("restored keys: %+v (%v), want the new log key and the old one retired", k, err)
	}

	// Version 3 names the pending keys: the restored node switches.
	v3 := v2
	v3.WitnessKey, v3.TLSPin = rot.WitnessKey, rot.TLSPin
	if err := PromoteRotation(dir, &roster.Roster{Federation: "f", Version: 3}, v3, quiet); err != nil {
		t.Fatal(err)
	}
	restored, err := LoadPartyNode(dir)
	if err != nil || restored.Witness.VerifierKey() != rot.WitnessKey || restored.TLS.Pin() != rot.TLSPin {
		t.Fatalf("restored node after version 3: %+v (%v)", restored, err)
	}
	for _, name := range []string{WitnessKeyFile, peertls.KeyFile, peertls.CertFile} {
		if _, err := os.Stat(filepath.Join(dir, name+".retired-v3")); err != nil {
			t.Errorf("old %s not kept: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, RotationDir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s left after the rotation completed: %v", RotationDir, err)
	}
}
