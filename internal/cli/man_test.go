package cli

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// TestManPage renders the manual page with groff, warnings on, and checks
// that it documents every command and every flag its --help shows.
func TestManPage(t *testing.T) {
	if _, err := exec.LookPath("groff"); err != nil {
		t.Fatal("groff is missing: apt-get install groff-base (scripts/test installs it)")
	}
	code, page, errOut := run(t, nil, "man")
	if code != 0 || !strings.HasPrefix(page, ".TH TRUCE 1") {
		t.Fatalf("truce man: exit %d, stderr %q, page begins %.40q", code, errOut, page)
	}
	cmd := exec.Command("groff", "-man", "-Tutf8", "-ww", "-rLL=200n")
	cmd.Stdin = strings.NewReader(page)
	var text, warnings bytes.Buffer
	cmd.Stdout, cmd.Stderr = &text, &warnings
	if err := cmd.Run(); err != nil || warnings.Len() > 0 {
		t.Fatalf("groff: %v\n%s", err, warnings.String())
	}
	// Strip groff's overstrike (bold) and underline so the words can be found.
	rendered := stripOverstrike(text.String())
	for _, c := range commands() {
		if !strings.Contains(rendered, "truce "+c.name) {
			t.Errorf("the man page has no section for truce %s", c.name)
		}
		_, help, _ := run(t, nil, c.name, "--help")
		for _, f := range readHelp(help).flags {
			if !strings.Contains(rendered, "--"+f.name) {
				t.Errorf("the man page lacks truce %s --%s", c.name, f.name)
			}
		}
	}
	if !strings.Contains(rendered, "ceasefire-monitoring") {
		t.Error("hyphens were not rendered as ASCII hyphens")
	}
}

func stripOverstrike(s string) string {
	var b []rune
	for _, r := range s {
		if r == '\b' && len(b) > 0 {
			b = b[:len(b)-1]
			continue
		}
		b = append(b, r)
	}
	return string(b)
}
