package verify_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"truce/internal/cli"
)

// readmeCLIEnv, set in a test binary's environment, makes it run the truce
// command line instead of the tests: the README's shell blocks call
// "truce", which is a script that runs this binary so.
const readmeCLIEnv = "TRUCE_TEST_RUN_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(readmeCLIEnv) == "1" {
		env := &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
		os.Exit(cli.Main(context.Background(), env, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// TestREADMEVerifying runs the README's commands of "Verifying from
// outside" against a real demo node with its two witnesses: the shell block
// that prints the node's key and runs truce verify (twice, so that the
// second run checks consistency with the checkpoint the first one saved),
// then, on the stopped node, the inline commands that export and verify a
// tlog-proof and run truce verify --deep. Placeholders are replaced by
// real values; any placeholder left fails the test, so the README cannot
// drift from the command line unnoticed.
func TestREADMEVerifying(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a demo node")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := readmeBlock(t, string(readme), "truce verify --node")
	inline := readmeInline(string(readme))
	if len(inline) != 3 {
		t.Fatalf("README: want 3 inline commands (proof export, proof verify, verify --deep), found %q", inline)
	}

	d := startDemo(t)
	witnessKeys := fmt.Sprintf("--witness-key %s --witness-key %s", d.witnessKeys["us"], d.witnessKeys["ru"])
	subst := strings.NewReplacer(
		"http://127.0.0.1:8080", d.url,
		"<us witness key>", d.witnessKeys["us"],
		"<ru witness key>", d.witnessKeys["ru"],
		"DIR", `"$DEMO"`,
		"SEQ", "3",
		"<node key>", `"$(cat "$DEMO/node.vkey")"`,
		"--witness-key <…>", witnessKeys,
	)
	work := t.TempDir()
	run := func(script string) string {
		t.Helper()
		script = subst.Replace(script)
		if p := regexp.MustCompile(`<[^>]*>`).FindString(script); p != "" {
			t.Fatalf("README command keeps placeholder %s:\n%s", p, script)
		}
		out, err := readmeShell(t, work, d, script)
		if err != nil {
			t.Fatalf("README commands failed: %v\n%s\n%s", err, script, out)
		}
		return out
	}
	first := run(block)
	if !strings.Contains(first, "OK: ") || !strings.Contains(first, "entry 3: ") || !strings.Contains(first, "content matches its commitment") {
		t.Fatalf("truce verify said:\n%s", first)
	}
	if _, err := os.Stat(filepath.Join(work, "saved.checkpoint")); err != nil {
		t.Fatalf("the first run saved no checkpoint: %v", err)
	}
	if second := run(block); !strings.Contains(second, "consistent with the saved checkpoint") {
		t.Fatalf("second truce verify said:\n%s", second)
	}

	d.stop()
	out := run(strings.Join(inline, "\n"))
	for _, want := range []string{"OK: entry 3 ", "tree and projections match the log"} {
		if !strings.Contains(out, want) {
			t.Errorf("inline commands' output lacks %q:\n%s", want, out)
		}
	}
}

// readmeBlock returns the README's ```sh block that holds marker.
func readmeBlock(t *testing.T, readme, marker string) string {
	t.Helper()
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		if strings.Contains(m[1], marker) {
			return m[1]
		}
	}
	t.Fatalf("README has no sh block with %q", marker)
	return ""
}

// readmeInline returns the README's inline commands that export or verify
// a proof or check a store deeply, given a data directory.
func readmeInline(readme string) []string {
	var out []string
	for _, m := range regexp.MustCompile("`(truce (?:proof|verify --deep) [^`]*)`").FindAllStringSubmatch(readme, -1) {
		if strings.Contains(m[1], "--data") || strings.Contains(m[1], "--verify") {
			out = append(out, m[1])
		}
	}
	return out
}

// readmeShell runs script with bash in dir, with "truce" on PATH (this test
// binary run as the command line), DEMO the demo's data directory and TOKEN
// ru-liaison's token, as the README's first block sets them. It returns
// stdout and stderr together.
func readmeShell(t *testing.T, dir string, d *demoNode, script string) (string, error) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	wrapper := fmt.Sprintf("#!/bin/sh\n%s=1 exec %q \"$@\"\n", readmeCLIEnv, self)
	if err := os.WriteFile(filepath.Join(bin, "truce"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "DEMO="+d.dir, "TOKEN="+d.token)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
