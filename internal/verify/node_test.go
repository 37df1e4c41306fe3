package verify_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/config"
)

// testNode is a real node (app.Open on a temp dir) served over loopback by
// httptest, with an admin token of its host party un.
type testNode struct {
	app    *app.App
	srv    *httptest.Server
	dir    string
	key    note.Verifier
	token  string // un-admin's token
	origin string
}

func newTestNode(t *testing.T, wrap func(http.Handler) http.Handler) *testNode {
	t.Helper()
	ctx := context.Background()
	n := &testNode{dir: t.TempDir(), origin: "verify.test.invalid/node"}
	vkey, err := app.Init(ctx, app.InitOptions{Dir: n.dir, Origin: n.origin,
		Party: accounts.NewParty{ID: "un", Name: "UN cell", Kind: "un"}, AdminUser: "un-admin", AdminPassword: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	if n.key, err = note.NewVerifier(vkey); err != nil {
		t.Fatal(err)
	}
	// Checkpoints are signed on request (signCheckpoint) in these tests.
	n.app, err = app.Open(ctx, &config.Server{Data: n.dir, CheckpointInterval: time.Hour}, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = n.app.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	n.srv = httptest.NewServer(h)
	t.Cleanup(func() {
		n.srv.Close()
		n.app.Close()
	})
	u, err := n.app.Accounts.Store().UserByName(ctx, nil, "un-admin")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := n.app.Accounts.IssueToken(ctx, access.Public, u.ID, "verify test", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	n.token = tok.Secret
	return n
}

// write appends an entry (a new user of un) to the node's log.
func (n *testNode) write(t *testing.T, username string) {
	t.Helper()
	_, err := n.app.Accounts.CreateUser(context.Background(), access.Public,
		accounts.NewUser{Username: username, Party: "un", Role: access.RoleObserver, Password: "correct horse battery"}, true)
	if err != nil {
		t.Fatal(err)
	}
}

// signCheckpoint has the node sign a checkpoint of its whole log now,
// through its API, so that the checkpoint Remote fetches covers every
// entry written before.
func (n *testNode) signCheckpoint(t *testing.T) {
	t.Helper()
	req, err := http.NewRequest("POST", n.srv.URL+"/api/v1/log/checkpoint", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+n.token)
	resp, err := n.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sign checkpoint: %s", resp.Status)
	}
}
