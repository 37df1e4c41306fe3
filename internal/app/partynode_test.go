package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/config"
)

// TestPartyNodeInit creates a party node and a hosted node and checks what
// each holds: the party node its party, witness key and TLS identity, and
// accounts that refuse another party's users; the hosted node none of it,
// unchanged. A backup of the party node restores a party node.
func TestPartyNodeInit(t *testing.T) {
	ctx := context.Background()
	init := func(federated bool) string {
		dir := t.TempDir()
		if _, err := Init(ctx, InitOptions{Dir: dir, Origin: "party.truce.invalid/us", Federated: federated,
			Party:     accounts.NewParty{ID: "us", Name: "United States", Kind: "military", CoChair: true},
			AdminUser: "us-admin", AdminPassword: "correct horse battery"}); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	partyDir, hostedDir := init(true), init(false)

	pn, err := LoadPartyNode(partyDir)
	if err != nil {
		t.Fatal(err)
	}
	if pn.Party != "us" || pn.Witness.Name() != "party.truce.invalid/us/witness" || pn.TLS.Pin() == "" {
		t.Fatalf("party node: party %q, witness %q, pin %q", pn.Party, pn.Witness.Name(), pn.TLS.Pin())
	}
	if st, err := os.Stat(filepath.Join(partyDir, WitnessKeyFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("witness key file: %v %v", st, err)
	}
	if _, err := LoadPartyNode(hostedDir); !errors.Is(err, ErrNotPartyNode) {
		t.Fatalf("hosted node: %v, want ErrNotPartyNode", err)
	}
	if party, err := LoadParty(hostedDir); err != nil || party != "" {
		t.Fatalf("hosted node's party: %q %v", party, err)
	}

	for dir, wantRefused := range map[string]bool{partyDir: true, hostedDir: false} {
		a, err := Open(ctx, &config.Server{Data: dir, Quorum: 0}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Accounts.CreateParty(ctx, access.Public, accounts.NewParty{ID: "ru", Name: "Russia", Kind: "military", CoChair: true}, true); err != nil {
			t.Fatal(err)
		}
		_, err = a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: "ru-admin", Party: "ru", Role: access.RoleAdmin, Password: "correct horse battery"}, true)
		if refused := errors.Is(err, accounts.ErrOtherPartyNode); refused != wantRefused || (!refused && err != nil) {
			t.Errorf("node %q (party %q): a user of ru: %v", dir, a.Party, err)
		}
		a.Close()
	}

	var buf bytes.Buffer
	if _, err := Backup(ctx, partyDir, &buf, nil); err != nil {
		t.Fatal(err)
	}
	restored := t.TempDir()
	if _, err := ExtractBackup(&buf, restored); err != nil {
		t.Fatal(err)
	}
	back, err := LoadPartyNode(restored)
	if err != nil {
		t.Fatalf("a restored party node: %v", err)
	}
	if back.TLS.Pin() != pn.TLS.Pin() || back.Witness.VerifierKey() != pn.Witness.VerifierKey() {
		t.Fatal("the restored party node has another identity")
	}
}
