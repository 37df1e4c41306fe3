package cli

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"truce/internal/testwait"
)

// servedNode creates a node of party un with the CLI (truce init), adds a
// user of role, serves the node with truce serve on a free loopback port
// until the test ends, and returns its URL and a token of the user.
func servedNode(t *testing.T, origin, role, user string) (node, token string) {
	t.Helper()
	return servedNodeWith(t, origin, role, user)
}

// servedNodeWith is servedNode with more flags for init (e.g. --co-chair).
func servedNodeWith(t *testing.T, origin, role, user string, initFlags ...string) (node, token string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "node")
	env := map[string]string{"TRUCE_ADMIN_PASSWORD": "correct horse battery", "TRUCE_PASSWORD": "another long password"}
	mustRun := func(args ...string) string {
		t.Helper()
		code, out, errOut := run(t, env, args...)
		if code != 0 {
			t.Fatalf("truce %v: exit %d\n%s%s", args, code, out, errOut)
		}
		return out
	}
	mustRun(append([]string{"init", "--data", dir, "--origin", origin, "--party", "un", "--admin", "un-admin"}, initFlags...)...)
	mustRun("user", "add", "--data", dir, "--party", "un", "--role", role, user)
	token = strings.TrimSpace(mustRun("token", "issue", "--data", dir, "--user", user))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if code, _, errOut := runCtx(ctx, nil, "serve", "--data", dir, "--addr", addr, "--log-level", "error"); code != 0 {
			t.Errorf("serve: exit %d: %s", code, errOut)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	node = "http://" + addr
	testwait.For(t, 20*time.Second, "the node to serve", func() bool {
		resp, err := http.Get(node + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	return node, token
}
