package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/config"
	"truce/internal/ledger"
	"truce/internal/store"
)

// InitOptions describe a new node.
type InitOptions struct {
	Dir    string
	Origin string // the log's name, e.g. truce.example.org/amman
	// The node's host party and its first admin.
	Party         accounts.NewParty
	AdminUser     string
	AdminPassword string
	// Federated makes a party node of a federation: it refuses users and
	// tokens of any party but Party, so that only Party's users can act on
	// it, and it gets an embedded witness key and a TLS identity
	// (partynode.go). Otherwise the node is hosted: one node for every
	// party.
	Federated bool
}

// Init creates a node in opts.Dir: its signing key, its database, the host
// party and its first admin; with opts.Federated, a party node (its party,
// witness key and TLS identity, written before the database). It refuses a
// directory that already holds a node. It returns the node's verifier key.
func Init(ctx context.Context, opts InitOptions) (string, error) {
	if DataDirExists(opts.Dir) {
		return "", fmt.Errorf("%s already holds a node (%s exists); refusing to overwrite it", opts.Dir, SignerKeyFile)
	}
	if _, err := os.Stat(filepath.Join(opts.Dir, DBFile)); err == nil {
		return "", fmt.Errorf("%s holds a database but no node key; refusing to touch it", opts.Dir)
	}
	if opts.Party.Kind == "" {
		opts.Party.Kind = "un"
	}
	// Check what can be checked before anything is written.
	if _, err := access.HashPassword(opts.AdminPassword); err != nil {
		return "", fmt.Errorf("admin password: %w", err)
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return "", fmt.Errorf("create data directory: %w", err)
	}
	keys, err := CreateNodeKeys(opts.Dir, opts.Origin)
	if err != nil {
		return "", err
	}
	if opts.Federated {
		if err := createPartyNode(opts.Dir, opts.Origin, opts.Party.ID); err != nil {
			return "", err
		}
	}
	db, err := store.OpenSQLite(ctx, filepath.Join(opts.Dir, DBFile))
	if err != nil {
		return "", err
	}
	db.Close()
	a, err := Open(ctx, &config.Server{Data: opts.Dir, Quorum: 0}, Options{Witnesses: []ledger.Witness{}})
	if err != nil {
		return "", err
	}
	defer a.Close()
	if _, err := a.Accounts.CreateParty(ctx, access.Public, opts.Party, true); err != nil {
		return "", err
	}
	if _, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{
		Username: opts.AdminUser, Party: opts.Party.ID, Role: access.RoleAdmin, Password: opts.AdminPassword,
	}, true); err != nil {
		return "", err
	}
	return keys.VerifierKey, nil
}
