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
