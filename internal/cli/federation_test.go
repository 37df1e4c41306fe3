package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFederationFounding founds a federation of three party nodes and a
// hosted party through the command line: init --federated, card,
// federation init, join, show; and checks the refusals along the way.
func TestFederationFounding(t *testing.T) {
	env := map[string]string{"TRUCE_ADMIN_PASSWORD": "correct horse battery", "TRUCE_PASSWORD": "another long password"}
	mustRun := func(args ...string) (string, string) {
		t.Helper()
		code, out, errOut := run(t, env, args...)
		if code != 0 {
			t.Fatalf("truce %v: exit %d\n%s%s", args, code, out, errOut)
		}
		return out, errOut
	}
	mustFail := func(want string, args ...string) {
		t.Helper()
		code, out, errOut := run(t, env, args...)
		if code == 0 || !strings.Contains(errOut, want) {
			t.Fatalf("truce %v: exit %d, stdout %q, stderr %q; want a failure saying %q", args, code, out, errOut, want)
		}
	}
	root := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(root, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	node := func(name, party string, federated bool) string {
		dir := filepath.Join(root, name)
		args := []string{"init", "--data", dir, "--origin", "fed.truce.invalid/" + name, "--party", party, "--admin", party + "-admin"}
		if federated {
			args = append(args, "--federated")
		}
		if out, _ := mustRun(args...); federated != strings.Contains(out, "truce federation card") {
			t.Fatalf("init (federated %v) printed %q", federated, out)
		}
		return dir
	}
	us, ru, un := node("us", "us", true), node("ru", "ru", true), node("un", "un", true)
	hosted := node("hosted", "un", false)
	card := func(dir, party string, coChair bool) string {
		args := []string{"federation", "card", "--data", dir, "--url", "https://" + party + ".truce.invalid:8443"}
		if coChair {
			args = append(args, "--co-chair")
		}
		out, _ := mustRun(args...)
		if !strings.Contains(out, `"tls_pin": "sha256:`) || !strings.Contains(out, `"party": "`+party+`"`) {
			t.Fatalf("card of %s: %s", party, out)
		}
		return write(party+".card.json", out)
	}
	usCard, ruCard, unCard := card(us, "us", true), card(ru, "ru", true), card(un, "un", false)
	mustFail("urls[0]", "federation", "card", "--data", us, "--url", "http://us.truce.invalid")
	mustFail("--url", "federation", "card", "--data", us)
	mustFail("created without --federated", "federation", "card", "--data", hosted, "--url", "https://x.truce.invalid")

	// A party node holds its own party's users only.
	mustRun("party", "add", "--data", us, "--id", "ru", "--name", "Russia", "--kind", "military", "--co-chair")
	mustFail("belong on ru's own node", "user", "add", "--data", us, "--party", "ru", "--role", "analyst", "ru-analyst")
	mustRun("user", "add", "--data", us, "--party", "us", "--role", "analyst", "us-analyst")

	// Assembling the roster.
	rosterJSON, errOut := mustRun("federation", "init", "--name", "test-centre", "--quorum", "1", "--hosted", "ngo=un", usCard, ruCard, unCard)
	fields := strings.Fields(errOut)
	if len(fields) < 3 || fields[0]+" "+fields[1] != "roster hash" || len(fields[2]) != 64 {
		t.Fatalf("federation init printed no hash: %q", errOut)
	}
	hash := fields[2]
	rosterFile := write("roster.json", rosterJSON)
	mustFail("quorum", "federation", "init", "--name", "x", "--quorum", "3", usCard, ruCard, unCard)
	mustFail(`members[1] (party "us"): party`, "federation", "init", "--name", "x", "--quorum", "1", usCard, usCard)
	mustFail("hosted_by", "federation", "init", "--name", "x", "--quorum", "1", "--hosted", "ngo=nobody", usCard, ruCard)
	mustFail("/extra", "federation", "init", "--name", "x", "--quorum", "1", usCard,
		write("bad.card.json", strings.Replace(readFile(t, ruCard), `"party"`, `"extra": 1, "party"`, 1)))
	mustFail("required", "federation", "init", "--name", "x", usCard, ruCard)

	// Joining: every founder gets the same hash.
	for _, dir := range []string{us, ru, un} {
		out, _ := mustRun("federation", "join", "--data", dir, rosterFile)
		if !strings.Contains(out, hash) {
			t.Fatalf("join %s printed %q, want hash %s", dir, out, hash)
		}
	}
	if out, _ := mustRun("federation", "join", "--data", us, rosterFile); !strings.Contains(out, "already installed") {
		t.Fatalf("joining again: %q", out)
	}
	other, _ := mustRun("federation", "init", "--name", "test-centre", "--quorum", "2", usCard, ruCard, unCard)
	mustFail("changes only by a proposal", "federation", "join", "--data", us, write("other.json", other))
	mustFail("created without --federated", "federation", "join", "--data", hosted, rosterFile)
	outsider := node("xx", "xx", true)
	mustFail(`does not list this node's party "xx"`, "federation", "join", "--data", outsider, rosterFile)
	twin := filepath.Join(root, "us-twin")
	mustRun("init", "--data", twin, "--origin", "fed.truce.invalid/us", "--party", "us", "--admin", "us-admin", "--federated")
	mustFail("log_key", "federation", "join", "--data", twin, rosterFile)
	if _, err := os.Stat(filepath.Join(twin, "federation.json")); err == nil {
		t.Fatal("a refused join installed the roster")
	}

	out, _ := mustRun("federation", "show", "--data", ru)
	for _, want := range []string{hash, "this node: party ru", "hosted by un", "https://us.truce.invalid:8443", `"test-centre" version 1, quorum 1`} {
		if !strings.Contains(out, want) {
			t.Errorf("show does not say %q:\n%s", want, out)
		}
	}
	if out, _ := mustRun("federation", "show", "--data", un, "--json"); !strings.Contains(out, `"hosted_by": "un"`) {
		t.Errorf("show --json: %s", out)
	}
	mustFail("truce federation join", "federation", "show", "--data", outsider)
	mustFail("unknown verb", "federation", "frobnicate")
	for _, verb := range []string{"card", "init", "join", "show"} {
		if code, out, _ := run(t, nil, "federation", verb, "--help"); code != 0 || !strings.Contains(out, "Usage: truce federation "+verb) || !strings.Contains(out, "env TRUCE_") {
			t.Errorf("federation %s --help: exit %d, %q", verb, code, out)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
