package accounts_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/testnode"
)

// node is a small test node: a SQLite store in a temp dir, a sequencer on a
// settable clock, and the accounts service with its Observe wired to the
// sequencer's commits (as the app wires it) unless observe is false.
type node struct {
	dir   string
	db    *store.DB
	seq   *ledger.Sequencer
	svc   *accounts.Service
	clock *testnode.Clock
	close func() // closes the sequencer and the store, once
}

const testPassword = "correct horse battery staple"

func newNode(t *testing.T, observe bool) *node {
	t.Helper()
	ctx := context.Background()
	n := &node{dir: t.TempDir(), clock: testnode.NewClock(testnode.Start)}
	db, err := store.OpenSQLite(ctx, filepath.Join(n.dir, "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	hs, err := ledger.NewHashStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var svc *accounts.Service
	onCommit := func(es []*ledger.Entry) {
		if observe {
			svc.Observe(es)
		}
	}
	n.db = db
	n.seq = ledger.NewSequencer(db, hs, ledger.SequencerOptions{Now: n.clock.Now, OnCommit: onCommit})
	svc = accounts.NewService(accounts.Deps{Store: db.Access(), Log: n.seq, Now: n.clock.Now})
	n.svc = svc
	n.close = sync.OnceFunc(func() {
		n.seq.Close()
		db.Close()
	})
	t.Cleanup(n.close)
	for _, p := range []accounts.NewParty{
		{ID: "us", Name: "United States", Kind: "military", CoChair: true},
		{ID: "ru", Name: "Russian Federation", Kind: "military", CoChair: true},
	} {
		if _, err := svc.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// user creates a user of party with role (by the bootstrap) and returns it
// with its principal.
func (n *node) user(t *testing.T, name, party string, role access.Role) (*accounts.User, access.Principal) {
	t.Helper()
	ctx := context.Background()
	u, err := n.svc.CreateUser(ctx, access.Public, accounts.NewUser{Username: name, Party: party, Role: role, Password: testPassword}, true)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	p, err := n.svc.Principal(ctx, u, "token")
	if err != nil {
		t.Fatal(err)
	}
	return u, p
}

// disable appends user.disabled for u, as the administration does.
func (n *node) disable(t *testing.T, u *accounts.User) {
	t.Helper()
	_, err := n.seq.Append(context.Background(), ledger.Change{Draft: ledger.Draft{Party: u.Party, Author: "admin",
		Kind: accounts.KindUserDisabled, Subject: "user:" + u.ID,
		Release: access.Releasability{TLP: access.TLPRed, Audience: []string{u.Party}},
		Payload: accounts.UserDisabled{UserID: u.ID}}})
	if err != nil {
		t.Fatalf("disable %s: %v", u.Username, err)
	}
}
