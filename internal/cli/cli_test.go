package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the truce command in-process with env vars and returns its exit
// code, stdout and stderr.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	return runCtx(context.Background(), env, args...)
}

// runCtx is run with a context, for commands that serve until it ends.
func runCtx(ctx context.Context, env map[string]string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }}
	code := Main(ctx, e, args)
	return code, out.String(), errOut.String()
}

func TestEveryCommandHasHelp(t *testing.T) {
	code, out, _ := run(t, nil, "--help")
	if code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, c.name) {
			t.Errorf("truce --help does not list %s", c.name)
		}
		code, out, errOut := run(t, nil, c.name, "--help")
		if code != 0 || strings.Count(out, "Usage: truce "+c.name) != 1 {
			t.Errorf("truce %s --help: exit %d, stdout %q, stderr %q (want the usage once)", c.name, code, out, errOut)
		}
		if strings.Contains(out, "\n  --") && !strings.Contains(out, "env TRUCE_") {
			t.Errorf("truce %s --help does not name the flags' environment variables", c.name)
		}
	}
}

func TestUsageErrorsSayWhatToDo(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"serve", "--no-such-flag"}, "Run 'truce serve --help'"},
		{[]string{"serve", "--addr", "0.0.0.0:8080", "--data", "x"}, "not a loopback address"},
		{[]string{"init"}, "--origin, --party and --admin are required"},
		{[]string{"verify"}, "give --node URL"},
		{[]string{"serve", "--data", "/nonexistent/truce"}, "truce init --data"},
		{[]string{"proof", "7", "--data", "/nonexistent/flags-after-args"}, "/nonexistent/flags-after-args"},
	}
	for _, tc := range cases {
		code, _, errOut := run(t, nil, tc.args...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("truce %v: exit %d, stderr %q, want it to contain %q", tc.args, code, errOut, tc.want)
		}
	}
}

func TestEnvironmentSetsFlags(t *testing.T) {
	code, _, errOut := run(t, map[string]string{"TRUCE_ADDR": "0.0.0.0:1", "TRUCE_DATA": "x"}, "serve")
	if code != 2 || !strings.Contains(errOut, "0.0.0.0:1") {
		t.Fatalf("TRUCE_ADDR not applied: exit %d, %q", code, errOut)
	}
}

// TestInitUserTokenBackupRestore drives a node's life cycle through the
// command line: init, add a user, issue a token, back up, grow, and restore
// (refusing the older backup over the newer node unless forced).
func TestInitUserTokenBackupRestore(t *testing.T) {
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
	mustRun("init", "--data", dir, "--origin", "cli.truce.invalid/node", "--party", "un", "--admin", "un-admin")
	if code, _, errOut := run(t, env, "init", "--data", dir, "--origin", "x/y", "--party", "un", "--admin", "a"); code == 0 || !strings.Contains(errOut, "already holds a node") {
		t.Fatalf("second init: %d %q", code, errOut)
	}
	mustRun("user", "add", "--data", dir, "--party", "un", "--role", "analyst", "un-analyst")
	if tok := strings.TrimSpace(mustRun("token", "issue", "--data", dir, "--user", "un-analyst")); !strings.HasPrefix(tok, "truce_") {
		t.Fatalf("token issue printed %q", tok)
	}
	if key := mustRun("key", "--data", dir); !strings.HasPrefix(key, "cli.truce.invalid/node+") {
		t.Fatalf("key: %q", key)
	}
	backup := filepath.Join(t.TempDir(), "node.tar.gz")
	mustRun("backup", "--data", dir, "--out", backup)
	mustRun("user", "add", "--data", dir, "--party", "un", "--role", "observer", "un-observer") // the node grows past the backup

	restored := filepath.Join(t.TempDir(), "restored")
	mustRun("restore", "--from", backup, "--data", restored)
	mustRun("verify", "--deep", "--data", restored)
	if out := mustRun("proof", "--data", restored, "1"); !strings.HasPrefix(out, "c2sp.org/tlog-proof@v1\n") {
		t.Fatalf("proof: %q", out)
	}
	proofFile := filepath.Join(t.TempDir(), "e.tlog-proof")
	os.WriteFile(proofFile, []byte(mustRun("proof", "--data", restored, "1")), 0o644)
	if out := mustRun("proof", "--verify", proofFile, "--key", "@"+filepath.Join(restored, "node.vkey")); !strings.HasPrefix(out, "OK: entry 1") {
		t.Fatalf("proof --verify: %q", out)
	}

	code, _, errOut := run(t, env, "restore", "--from", backup, "--data", dir)
	if code == 0 || !strings.Contains(errOut, "refusing to restore") {
		t.Fatalf("restoring an older backup over a newer node: exit %d, %q", code, errOut)
	}
	mustRun("restore", "--from", backup, "--data", dir, "--force")
	matches, _ := filepath.Glob(dir + ".replaced-*")
	if len(matches) != 1 {
		t.Fatalf("the replaced node was not kept: %v", matches)
	}
}
