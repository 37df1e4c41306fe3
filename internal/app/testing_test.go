package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/config"
)

// testNode is a node in a temp dir served by httptest, with parties us, ru
// (co-chairs) and un, and an admin and an observer token for each.
type testNode struct {
	t      *testing.T
	app    *App
	srv    *httptest.Server
	dir    string
	tokens map[string]string // "us-admin" -> token
	opts   Options           // what restart opens the node with
}

func newTestNode(t *testing.T) *testNode {
	t.Helper()
	return newTestNodeAt(t, t.TempDir())
}

// newTestNodeAt is newTestNode with its data directory in dir, which must
// exist and be empty.
func newTestNodeAt(t *testing.T, dir string) *testNode {
	t.Helper()
	return newTestNodeConfig(t, &config.Server{Data: dir, Quorum: 0, FeedsAllowNonPublic: true}) // loopback feeds (TestSourcesFeeds)
}

// newTestNodeConfig is newTestNodeAt with the configuration cfg, whose Data
// must be an existing empty directory.
func newTestNodeConfig(t *testing.T, cfg *config.Server, opts ...Options) *testNode {
	t.Helper()
	dir := cfg.Data
	ctx := context.Background()
	if !DataDirExists(dir) {
		initTestDir(t, dir)
	}
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	a, err := Open(ctx, cfg, o)
	if err != nil {
		t.Fatal(err)
	}
	n := &testNode{t: t, app: a, dir: dir, tokens: map[string]string{}}
	for _, p := range []accounts.NewParty{{ID: "us", Name: "United States", Kind: "military", CoChair: true}, {ID: "ru", Name: "Russian Federation", Kind: "military", CoChair: true}} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, party := range []string{"un", "us", "ru"} {
		for _, role := range []access.Role{access.RoleAdmin, access.RoleObserver, access.RoleLiaison} {
			name := party + "-" + string(role)
			u, err := a.Accounts.Store().UserByName(ctx, nil, name)
			if err != nil {
				u, err = a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: name, Party: party, Role: role, Password: "password-" + name}, true)
				if err != nil {
					t.Fatal(err)
				}
			}
			tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
			if err != nil {
				t.Fatal(err)
			}
			n.tokens[name] = tok.Secret
		}
	}
	n.srv = httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		n.srv.Close()
		if n.app != nil {
			n.app.Close()
		}
	})
	return n
}

// initTestDir initialises the test node's data directory dir (which must
// exist and be empty) and returns its log's verifier key; newTestNodeConfig
// does it unless dir already holds a node.
func initTestDir(t *testing.T, dir string) string {
	t.Helper()
	vkey, err := Init(context.Background(), InitOptions{Dir: dir, Origin: "test.truce.invalid/node",
		Party: accounts.NewParty{ID: "un", Name: "UN cell", Kind: "un"}, AdminUser: "un-admin", AdminPassword: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	return vkey
}

// do sends a request as user (empty for the public) and returns the status
// and body.
func (n *testNode) do(method, path, user string, body any) (int, []byte, http.Header) {
	n.t.Helper()
	var rd io.Reader
	if b, ok := body.([]byte); ok {
		rd = bytes.NewReader(b)
	} else if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, n.srv.URL+path, rd)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header
}
