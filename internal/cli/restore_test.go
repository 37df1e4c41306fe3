package cli

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// TestRestoreAsksWitnessesWhatTheyCosigned backs up a node, lets it grow
// and be witnessed further, and checks that restoring the old backup is
// refused because the witness has cosigned a larger tree.
func TestRestoreAsksWitnessesWhatTheyCosigned(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "node")
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "restore.truce.invalid/node",
		Party: accounts.NewParty{ID: "un", Name: "UN", Kind: "un"}, AdminUser: "un-admin", AdminPassword: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	keys, err := app.LoadNodeKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	w, url, stop, err := startWitness(ctx, t.TempDir(), "witness.test", "127.0.0.1:0",
		[]witness.Log{{Origin: keys.Origin(), Keys: []string{keys.VerifierKey}}}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	client, err := app.NewWitnessClient(url, w.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir, Quorum: 1}, app.Options{Witnesses: []ledger.Witness{client}})
	if err != nil {
		t.Fatal(err)
	}
	if cp := a.Checkpointer.Latest(); cp == nil || len(cp.Cosignatures) != 1 {
		t.Fatalf("first checkpoint not cosigned: %+v", cp)
	}
	backup := filepath.Join(t.TempDir(), "b.tar.gz")
	f, _ := os.Create(backup)
	if _, err := app.Backup(ctx, dir, f, nil); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: "un-observer", Party: "un", Role: access.RoleObserver, Password: "0123456789ab"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	a.Close()

	spec := url + "=" + w.VerifierKey()
	code, _, errOut := run(t, nil, "restore", "--from", backup, "--data", filepath.Join(t.TempDir(), "r1"), "--witness", spec)
	if code == 0 || !strings.Contains(errOut, "witness "+url+" has cosigned a checkpoint of") {
		t.Fatalf("restore of a backup older than the witness's checkpoint: exit %d, %q", code, errOut)
	}
	if code, _, errOut := run(t, nil, "restore", "--from", backup, "--data", filepath.Join(t.TempDir(), "r2"), "--witness", spec, "--force"); code != 0 {
		t.Fatalf("forced restore: %s", errOut)
	}
	// A tampered backup is refused before anything else.
	bad := filepath.Join(t.TempDir(), "bad.tar.gz")
	b, _ := os.ReadFile(backup)
	b[len(b)/2] ^= 0xff
	os.WriteFile(bad, b, 0o600)
	if code, _, _ := run(t, nil, "restore", "--from", bad, "--data", filepath.Join(t.TempDir(), "r3")); code == 0 {
		t.Fatal("corrupted backup restored")
	}
}
