package split_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/cli"
	"truce/internal/demo"
	"truce/internal/federation/split/splittest"
)

// TestSplitRefusesBadInput runs truce federation split on bad input and
// checks each is refused with a clear error, leaving no output directory
// (or the existing one untouched) and the hosted log unchanged.
func TestSplitRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	hosted, _ := splittest.HostedDemo(t)
	size := len(logOf(t, hosted))
	partyNode := filepath.Join(t.TempDir(), "ru-node")
	if _, err := app.Init(ctx, app.InitOptions{Dir: partyNode, Origin: "split.example/other-ru", Federated: true,
		AdminUser: "ru-admin", AdminPassword: "split-admin-password", Party: demoParty("ru")}); err != nil {
		t.Fatal(err)
	}
	existing := t.TempDir()
	if err := os.WriteFile(filepath.Join(existing, "keep"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	all := []string{"--party", "us=split.example/us", "--party", "ru=split.example/ru", "--party", "un=split.example/un", "--party", "ngo=split.example/ngo"}
	for _, tc := range []struct {
		name string
		args []string
		lock bool // the hosted node is running (its directory locked)
		code int
		want string
	}{
		{"a party node", append([]string{"--data", partyNode}, all...), false, 1, "not a hosted node"},
		{"no node", append([]string{"--data", t.TempDir()}, all...), false, 1, "holds no node"},
		{"a running node", append([]string{"--data", hosted}, all...), true, 1, "in use by another truce process"},
		{"an existing out", append([]string{"--data", hosted, "--out", existing}, all...), false, 1, "exists: give a new output directory"},
		{"a party left out", []string{"--data", hosted, "--party", "us=split.example/us"}, false, 1, "no --party PARTY=ORIGIN"},
		{"an unknown party", append([]string{"--data", hosted, "--party", "fr=split.example/fr"}, all...), false, 1, `no party "fr"`},
		{"two logs, one origin", []string{"--data", hosted, "--party", "us=split.example/x", "--party", "ru=split.example/x", "--party", "un=a.example/un", "--party", "ngo=a.example/ngo"}, false, 1, "already"},
		{"the hosted origin", append([]string{"--data", hosted, "--party", "ngo=demo.truce.invalid/centre"}, all[:6]...), false, 1, "hosted log"},
		{"some urls", append([]string{"--data", hosted, "--url", "us=https://127.0.0.1:1"}, all...), false, 1, "every node's URL or none"},
		{"a malformed party", []string{"--data", hosted, "--party", "us"}, false, 2, "want PARTY=VALUE"},
		{"no party", []string{"--data", hosted}, false, 2, "--party"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "nodes")
			args := append([]string{"federation", "split", "--out", out}, tc.args...)
			if tc.lock {
				unlock, err := app.LockDataDir(hosted)
				if err != nil {
					t.Fatal(err)
				}
				defer unlock()
			}
			var stdout, stderr bytes.Buffer
			env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
				Getenv: func(k string) string {
					if k == "TRUCE_ADMIN_PASSWORD" {
						return "split-admin-password"
					}
					return ""
				}}
			code := cli.Main(ctx, env, args)
			if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, stderr.String(), tc.code, tc.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was created (%v)", out, err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(existing, "keep")); err != nil {
		t.Errorf("the existing output directory was touched: %v", err)
	}
	if got := len(logOf(t, hosted)); got != size {
		t.Errorf("the hosted log has %d entries, %d before", got, size)
	}
}

func demoParty(id string) (p accounts.NewParty) {
	for _, dp := range demo.Parties {
		if dp.ID == id {
			p = dp
		}
	}
	return p
}

// TestSplitPrintsFounding runs truce federation split without --url and
// checks the summary and the founding commands it prints.
func TestSplitPrintsFounding(t *testing.T) {
	hosted, _ := splittest.HostedDemo(t)
	out := filepath.Join(t.TempDir(), "nodes")
	var stdout, stderr bytes.Buffer
	env := &cli.Env{Stdin: strings.NewReader("split-admin-password\n"), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	args := []string{"federation", "split", "--data", hosted, "--out", out,
		"--party", "us=split.example/us", "--party", "ru=split.example/ru", "--party", "un=split.example/un", "--party", "ngo=split.example/ngo"}
	if code := cli.Main(context.Background(), env, args); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	for _, want := range []string{
		"Split hosted log demo.truce.invalid/centre",
		"us     split.example/us in " + filepath.Join(out, "us"),
		"truce federation card --data " + filepath.Join(out, "us") + " --url https://HOST:PORT --co-chair > us.card.json",
		"truce federation card --data " + filepath.Join(out, "ngo") + " --url https://HOST:PORT > ngo.card.json",
		"truce federation init --name NAME --quorum 1 ngo.card.json ru.card.json un.card.json us.card.json",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the summary lacks %q:\n%s", want, stdout.String())
		}
	}
	if !strings.Contains(stderr.String(), "archived the hosted log") {
		t.Errorf("no progress on stderr:\n%s", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "roster.json")); !os.IsNotExist(err) {
		t.Errorf("a roster was written without --url: %v", err)
	}
}
