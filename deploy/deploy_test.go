// Package deploy holds the files that run truce outside the source tree: a
// Dockerfile, a compose file and a systemd unit. Its tests check them with
// the tools that read them.
package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func need(t *testing.T, tool, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s is missing: apt-get install %s (scripts/test installs it)", tool, pkg)
	}
}

// unitWithBinary is the unit with its ExecStart binary replaced by an
// executable that exists here (systemd-analyze verify checks that it does);
// every other line is the unit as shipped.
func unitWithBinary(t *testing.T) string {
	t.Helper()
	unit, err := os.ReadFile("truce.service")
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(unit), "ExecStart=/usr/local/bin/truce serve") {
		t.Fatal("truce.service no longer starts /usr/local/bin/truce serve")
	}
	path := filepath.Join(t.TempDir(), "truce.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(unit), "/usr/local/bin/truce", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSystemdUnitVerifies: systemd reads every line of the unit without a
// warning (an unknown key or syscall group is only a warning to systemd, so
// any output fails the test).
func TestSystemdUnitVerifies(t *testing.T) {
	need(t, "systemd-analyze", "systemd")
	out, err := exec.Command("systemd-analyze", "verify", "--man=no", unitWithBinary(t)).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// TestSystemdUnitIsSandboxed: systemd's own exposure score of the unit
// stays at or below 2.0 ("OK"; 10 is unprotected).
func TestSystemdUnitIsSandboxed(t *testing.T) {
	need(t, "systemd-analyze", "systemd")
	out, err := exec.Command("systemd-analyze", "security", "--offline=true", "--threshold=20", unitWithBinary(t)).CombinedOutput()
	if err != nil {
		t.Fatalf("systemd-analyze security: exposure above 2.0 or an error: %v\n%s", err, out)
	}
}

// TestComposeFileIsValid: docker-compose reads the compose file, and
// refuses it while the values it cannot guess (keys, passwords) are unset.
func TestComposeFileIsValid(t *testing.T) {
	need(t, "docker-compose", "docker-compose")
	set := []string{"TRUCE_PG_PASSWORD=p", "TRUCE_WITNESS_NAME=witness.example", "TRUCE_ORIGIN=node.example",
		"TRUCE_NODE_VKEY=node.example+1234+AAAA", "TRUCE_WITNESS_VKEY=witness.example+5678+BBBB"}
	config := func(env []string) (string, error) {
		cmd := exec.Command("docker-compose", "-f", "compose.yaml", "config")
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := config(set)
	if err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
	for _, want := range []string{"http://witness:7380=witness.example+5678+BBBB", "node.example=node.example+1234+AAAA", "postgres://truce:p@postgres:5432/truce"} {
		if !strings.Contains(out, want) {
			t.Errorf("the resolved compose file lacks %q:\n%s", want, out)
		}
	}
	if out, err := config(set[1:]); err == nil || !strings.Contains(out, "TRUCE_PG_PASSWORD") {
		t.Errorf("docker-compose config without TRUCE_PG_PASSWORD: %v, %s; want a refusal naming it", err, out)
	}
}
