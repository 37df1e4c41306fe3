package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/app"
)

// TestFederationRotateRefusals checks that rotate refuses what it cannot
// do before it writes any key file: no key named, a node that is not a
// party node, and a party node whose --node is not federated.
func TestFederationRotateRefusals(t *testing.T) {
	root := t.TempDir()
	env := map[string]string{"TRUCE_ADMIN_PASSWORD": "correct horse battery"}
	hosted, party := filepath.Join(root, "hosted"), filepath.Join(root, "party")
	if code, _, errOut := run(t, env, "init", "--data", hosted, "--origin", "rotate.truce.test/hosted", "--party", "un", "--admin", "admin"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, env, "init", "--federated", "--data", party, "--origin", "rotate.truce.test/ru", "--party", "ru", "--admin", "ru-admin"); code != 0 {
		t.Fatal(errOut)
	}
	node, token := servedNode(t, "rotate.truce.test/served", "admin", "un-boss")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no key named", []string{"--data", party, "--node", node, "--token", token}, "name the keys to rotate"},
		{"not a party node", []string{"--data", hosted, "--node", node, "--token", token, "--log-key"}, "is not a party node"},
		{"node not federated", []string{"--data", party, "--node", node, "--token", token, "--log-key", "--tls"}, "not a federated party node"},
	} {
		code, out, errOut := run(t, nil, append([]string{"federation", "rotate"}, tc.args...)...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d %s%s, want a refusal saying %q", tc.name, code, out, errOut, tc.want)
		}
		for _, dir := range []string{hosted, party} {
			if _, err := os.Stat(filepath.Join(dir, app.RotationDir)); err == nil {
				t.Fatalf("%s: a refused rotation left key files in %s", tc.name, dir)
			}
		}
	}
}
