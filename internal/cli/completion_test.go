package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// completionScript writes truce's completion script for shell to a file.
func completionScript(t *testing.T, shell string) string {
	t.Helper()
	code, out, errOut := run(t, nil, "completion", shell)
	if code != 0 {
		t.Fatalf("truce completion %s: exit %d, %s", shell, code, errOut)
	}
	path := filepath.Join(t.TempDir(), "truce."+shell)
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBashCompletion loads the script into a real bash and asks it to
// complete partial command lines, as bash does on Tab.
func TestBashCompletion(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("bash is missing")
	}
	script := completionScript(t, "bash")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "roster.json"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		words string // the command line, the last word being completed
		want  []string
		not   []string
	}{
		{"truce fed", []string{"federation"}, []string{"serve"}},
		{"truce ", []string{"serve", "demo", "verify", "completion", "man", "--version"}, nil},
		{"truce federation c", []string{"card", "clear"}, []string{"join"}},
		{"truce bench ", []string{"ledger", "api", "all"}, nil},
		{"truce party ", []string{"add", "list"}, nil},
		{"truce serve --da", []string{"--data"}, []string{"--addr"}},
		{"truce federation join --da", []string{"--data"}, nil},
		{"truce serve --data " + dir + "/ro", []string{dir + "/roster.json"}, nil},
		{"truce verify --", []string{"--node", "--deep", "--federation", "--help"}, nil},
	}
	for _, tc := range cases {
		words := strings.Fields(tc.words)
		cword := len(words) - 1
		if strings.HasSuffix(tc.words, " ") {
			words = append(words, "")
			cword++
		}
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, "'"+w+"'")
		}
		cmd := exec.Command("bash", "--norc", "--noprofile", "-c",
			`source "$1"; COMP_WORDS=(`+strings.Join(quoted, " ")+`); COMP_CWORD=`+itoa(cword)+`; _truce; printf '%s\n' "${COMPREPLY[@]}"`,
			"bash", script)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tc.words, err, out)
		}
		got := strings.Fields(string(out))
		for _, w := range tc.want {
			if !contains(got, w) {
				t.Errorf("completing %q: %v lacks %q", tc.words, got, w)
			}
		}
		for _, w := range tc.not {
			if contains(got, w) {
				t.Errorf("completing %q: %v offers %q", tc.words, got, w)
			}
		}
	}
}

// TestZshCompletion loads the zsh script into a real zsh and completes a
// command through zsh's bash-completion layer.
func TestZshCompletion(t *testing.T) {
	if _, err := exec.LookPath("zsh"); err != nil {
		t.Fatal("zsh is missing: apt-get install zsh (scripts/test installs it)")
	}
	script := completionScript(t, "zsh")
	cmd := exec.Command("zsh", "-f", "-c",
		`source "$1" || exit 1; [[ $_comps[truce] == *_truce* ]] || { print "not registered: $_comps[truce]"; exit 1 }
setopt ksharrays; COMP_WORDS=(truce federation c); COMP_CWORD=2; _truce; print -l -- "${COMPREPLY[@]}"
COMP_WORDS=(truce serve --da); COMP_CWORD=2; _truce; print -l -- "${COMPREPLY[@]}"`, "zsh", script)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("zsh: %v\n%s", err, out)
	}
	// zsh's compgen leaves filtering by the typed prefix to compadd, so
	// the replies are the candidates of the position: the verbs, then the
	// flags.
	got := strings.Fields(string(out))
	for _, w := range []string{"card", "clear", "--data", "--addr"} {
		if !contains(got, w) {
			t.Errorf("zsh's candidates %v lack %q", got, w)
		}
	}
	if contains(got, "serve") {
		t.Errorf("zsh's candidates %v offer a command where a verb or flag goes", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
