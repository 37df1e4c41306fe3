package cli

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEFederationFounding runs the README's founding commands
// ("Federation") in-process, in a temporary directory holding the us and
// un nodes and cards the block expects from the other founders, so that
// the README cannot drift from the command line unnoticed.
func TestREADMEFederationFounding(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Federation\n")
	if !ok {
		t.Fatal("README has no Federation section")
	}
	_, block, ok := strings.Cut(section, "```sh\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("README's Federation section has no shell block")
	}
	t.Chdir(t.TempDir())
	env := map[string]string{"TRUCE_ADMIN_PASSWORD": "correct horse battery"}
	for _, party := range []string{"us", "un"} {
		if code, out, errOut := run(t, env, "init", "--federated", "--data", party+"-node", "--origin", "truce."+party+".example/node",
			"--party", party, "--admin", party+"-admin", "--co-chair"); code != 0 {
			t.Fatalf("init %s: %s%s", party, out, errOut)
		}
		code, out, errOut := run(t, env, "federation", "card", "--data", party+"-node", "--url", "https://truce."+party+".example:9443", "--co-chair")
		if code != 0 {
			t.Fatalf("card %s: %s", party, errOut)
		}
		os.WriteFile(party+".card.json", []byte(out), 0o644)
	}
	var last string
	lines := shellLines(block)
	if len(lines) < 5 {
		t.Fatalf("README's founding block has %d commands, want init, card, federation init, join and show: %q", len(lines), lines)
	}
	for _, line := range lines {
		words := shellWords(t, line)
		cmdEnv := map[string]string{}
		for len(words) > 0 && strings.Contains(words[0], "=") && words[0] != "truce" {
			k, _, _ := strings.Cut(words[0], "=")
			cmdEnv[k] = env[k] // the README's placeholder secret replaced by a real one
			words = words[1:]
		}
		var redirect string
		if n := len(words); n >= 2 && words[n-2] == ">" {
			redirect, words = words[n-1], words[:n-2]
		}
		if len(words) == 0 || words[0] != "truce" {
			t.Fatalf("README line %q does not run truce", line)
		}
		code, out, errOut := run(t, cmdEnv, words[1:]...)
		if code != 0 {
			t.Fatalf("README: %s\nexit %d\n%s%s", line, code, out, errOut)
		}
		if redirect != "" {
			os.WriteFile(redirect, []byte(out), 0o644)
		}
		last = out
	}
	for _, want := range []string{"this node: party ru", "hosted by un", "roster hash"} {
		if !strings.Contains(last, want) {
			t.Errorf("the README's last command printed %q, want it to say %q", last, want)
		}
	}
}

// shellLines returns the commands of a shell block: continuation lines
// joined, comments and blank lines dropped.
func shellLines(block string) []string {
	var lines []string
	var cur string
	for _, l := range strings.Split(block, "\n") {
		if i := strings.Index(l, " #"); i >= 0 {
			l = l[:i]
		}
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		if c, ok := strings.CutSuffix(strings.TrimRight(l, " "), `\`); ok {
			cur += c + " "
			continue
		}
		if cur += l; strings.TrimSpace(cur) != "" {
			lines = append(lines, strings.TrimSpace(cur))
		}
		cur = ""
	}
	return lines
}

// shellWords splits a line into words as a shell does for plain words and
// single- or double-quoted strings (no escapes or expansions).
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var word strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			word.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("unterminated quote in %q", line)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}
