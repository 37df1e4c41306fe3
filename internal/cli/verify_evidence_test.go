package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
)

func TestVerifyEvidence(t *testing.T) {
	l := fedtest.NewLog(t, "us", "us.truce.example/log")
	l.Append(t, 4)
	honest := l.Sign(t, l.Tree(t, 4))
	forked := l.Sign(t, tlog.Tree{N: 4, Hash: tlog.Hash{1}})
	write := func(name string, ev mirror.Evidence) string {
		b, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	fork := write("fork.json", mirror.Evidence{ID: "ev_1", Origin: l.Origin, Party: "us", Receiver: "ru", Kind: mirror.KindFork, Checkpoints: [][]byte{honest, forked}})
	same := write("same.json", mirror.Evidence{ID: "ev_2", Origin: l.Origin, Party: "us", Receiver: "ru", Kind: mirror.KindFork, Checkpoints: [][]byte{honest, honest}})
	cases := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"a fork", []string{"verify", "--evidence", fork, "--log-key", l.VerifierKey}, 0, "PROVEN (fork"},
		{"the same tree twice", []string{"verify", "--evidence", same, "--log-key", l.VerifierKey}, 1, "NOT PROVEN"},
		{"another key", []string{"verify", "--evidence", fork, "--log-key", fedtest.NewLog(t, "us", l.Origin).VerifierKey}, 1, "NOT PROVEN"},
		{"no key", []string{"verify", "--evidence", fork}, 2, "--key is required"},
		{"not evidence", []string{"verify", "--evidence", fork + ".missing", "--log-key", l.VerifierKey}, 1, "read evidence"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, nil, tc.args...)
			if code != tc.code || !strings.Contains(stdout+stderr, tc.out) {
				t.Fatalf("exit %d, want %d with %q\nstdout: %s\nstderr: %s", code, tc.code, tc.out, stdout, stderr)
			}
		})
	}
}

// TestREADMEMirrorsVerifyEvidence runs the command the README's "Mirrors
// (federation)" section gives for checking evidence, with its
// placeholders replaced, so the README cannot drift from the flags.
func TestREADMEMirrorsVerifyEvidence(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "### Mirrors (federation)")
	_, block, ok2 := strings.Cut(section, "```sh\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README has no shell block in \"Mirrors (federation)\"")
	}
	l := fedtest.NewLog(t, "us", "us.truce.example/log")
	l.Append(t, 2)
	ev, err := json.Marshal(mirror.Evidence{ID: "ev_1", Origin: l.Origin, Party: "us", Receiver: "ru", Kind: mirror.KindFork,
		Checkpoints: [][]byte{l.Sign(t, l.Tree(t, 2)), l.Sign(t, tlog.Tree{N: 2, Hash: tlog.Hash{7}})}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ev.json")
	if err := os.WriteFile(path, ev, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := strings.NewReplacer("ev.json", path, "<peer's key from the roster>", l.VerifierKey, "[--witness-key K … --quorum N]", "").Replace(strings.TrimSpace(block))
	args := strings.Fields(cmd)
	if len(args) < 2 || args[0] != "truce" || strings.ContainsAny(cmd, "<>[]") {
		t.Fatalf("README command %q", cmd)
	}
	code, stdout, stderr := run(t, nil, args[1:]...)
	if code != 0 || !strings.HasPrefix(stdout, "PROVEN (fork") {
		t.Fatalf("README command exits %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}
