package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/roster"
	"truce/internal/store"
	"truce/internal/verify"
	"truce/internal/witness"
)

type fedtestLog = fedtest.Log

// fedRun runs 'truce verify --federation' and returns its exit code and
// stdout, with stderr on failure of the test.
func fedRun(t *testing.T, args ...string) (int, string) {
	t.Helper()
	code, out, errOut := run(t, nil, args...)
	t.Logf("truce %s\nexit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	return code, out
}

// evidencePath returns the evidence file a FAIL line of party names.
func evidencePath(t *testing.T, out, party string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^FAIL ` + party + `: .*?evidence written to (\S+\.json)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no evidence file named for %s in:\n%s", party, out)
	}
	return m[1]
}

// TestVerifyFederationHonest checks an honest federation twice: the first
// run trusts on first use and says so, the second proves each log grew.
func TestVerifyFederationHonest(t *testing.T) {
	us, ru, un := newFedMember(t, "us", 7), newFedMember(t, "ru", 300), newFedMember(t, "un", 1)
	all := []*fedMember{us, ru, un}
	for _, m := range all {
		m.publish(t, nil, others(m, all)...)
	}
	roster, state := writeFedRoster(t, 2, all...), t.TempDir()
	code, out := fedRun(t, fedArgs(roster, state, all...)...)
	if code != 0 || strings.Count(out, "PASS") != 3 || strings.Count(out, "FIRST RUN") != 3 {
		t.Fatalf("first run: exit %d\n%s", code, out)
	}
	for _, m := range all {
		m.log.Append(t, 5)
		m.publish(t, nil, others(m, all)...)
	}
	code, out = fedRun(t, fedArgs(roster, state, all...)...)
	if code != 0 || strings.Count(out, "consistent with the checkpoint saved") != 3 || strings.Contains(out, "FIRST RUN") {
		t.Fatalf("second run: exit %d\n%s", code, out)
	}
}

// TestVerifyFederationNoQuorum: ru's checkpoint carries one cosignature
// where the roster wants two; ru fails with evidence that 'truce verify
// --evidence' proves, and the others pass.
func TestVerifyFederationNoQuorum(t *testing.T) {
	us, ru, un := newFedMember(t, "us", 3), newFedMember(t, "ru", 3), newFedMember(t, "un", 3)
	all := []*fedMember{us, ru, un}
	us.publish(t, nil, others(us, all)...)
	un.publish(t, nil, others(un, all)...)
	ru.publish(t, nil, us.witness)
	roster, state := writeFedRoster(t, 2, all...), t.TempDir()
	code, out := fedRun(t, fedArgs(roster, state, all...)...)
	if code != 1 || strings.Count(out, "PASS") != 2 || !strings.Contains(out, "FAIL ru: NO-QUORUM") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	ev := evidencePath(t, out, "ru")
	code, proof, errOut := run(t, nil, "verify", "--evidence", ev, "--log-key", ru.log.VerifierKey,
		"--witness-key", us.witness.VerifierKey(), "--witness-key", un.witness.VerifierKey(), "--quorum", "2")
	if code != 0 || !strings.Contains(proof, "PROVEN (no-quorum") {
		t.Fatalf("verify --evidence: exit %d\n%s%s", code, proof, errOut)
	}
	// Nothing was saved for ru: the next run is still a first run for it.
	ru.publish(t, nil, others(ru, all)...)
	if code, out = fedRun(t, fedArgs(roster, state, all...)...); code != 0 || !regexp.MustCompile(`PASS ru: .*FIRST RUN`).MatchString(out) {
		t.Fatalf("after the quorum: exit %d\n%s", code, out)
	}
}

// TestVerifyFederationForkAndRollback saves ru's checkpoint of 10
// entries, then has ru serve a history that contradicts it: a fork of the
// same size, a fork that grew, a rollback. Each fails with evidence that
// 'truce verify --evidence' proves, and the saved checkpoint is kept, so
// the next run fails again.
func TestVerifyFederationForkAndRollback(t *testing.T) {
	cases := []struct {
		name, kind string
		// contradict makes ru (10 entries, saved) serve another history;
		// fork is a copy of ru's log at 9 entries, with ru's key.
		contradict func(t *testing.T, ru *fedMember, fork *fedtestLog, ws []*witness.Cosigner)
		proves     string
	}{
		{"fork of the same size", "fork", func(t *testing.T, ru *fedMember, fork *fedtestLog, ws []*witness.Cosigner) {
			fork.Append(t, 1)
			ru.serve(t, fork)
			ru.publish(t, fork, ws...)
		}, "signed two different trees of 10 entries"},
		{"fork that grew", "fork", func(t *testing.T, ru *fedMember, fork *fedtestLog, ws []*witness.Cosigner) {
			fork.Append(t, 300)
			ru.serve(t, fork)
			ru.publish(t, fork, ws...)
		}, "whose first 10 are not the tree of 10"},
		{"rollback", "rollback", func(t *testing.T, ru *fedMember, _ *fedtestLog, ws []*witness.Cosigner) {
			note := ru.log.Sign(t, ru.log.Tree(t, 9), ws...)
			ru.mu.Lock()
			ru.note = note
			ru.mu.Unlock()
		}, "signed a tree of 10 entries and one of 9"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			us, ru, un := newFedMember(t, "us", 2), newFedMember(t, "ru", 9), newFedMember(t, "un", 2)
			all := []*fedMember{us, ru, un}
			fork := ru.log.Fork(t)
			ru.log.Append(t, 1)
			for _, m := range all {
				m.publish(t, nil, others(m, all)...)
			}
			roster, state := writeFedRoster(t, 1, all...), t.TempDir()
			if code, out := fedRun(t, fedArgs(roster, state, all...)...); code != 0 {
				t.Fatalf("first run: exit %d\n%s", code, out)
			}
			tc.contradict(t, ru, fork, others(ru, all))
			code, out := fedRun(t, fedArgs(roster, state, all...)...)
			if code != 1 || strings.Count(out, "PASS") != 2 || !strings.Contains(out, "FAIL ru: "+strings.ToUpper(tc.kind)) {
				t.Fatalf("exit %d\n%s", code, out)
			}
			ev := evidencePath(t, out, "ru")
			code, proof, errOut := run(t, nil, "verify", "--evidence", ev, "--log-key", ru.log.VerifierKey)
			if code != 0 || !strings.Contains(proof, "PROVEN ("+tc.kind) || !strings.Contains(proof, tc.proves) {
				t.Fatalf("verify --evidence: exit %d\n%s%s", code, proof, errOut)
			}
			if code, out := fedRun(t, fedArgs(roster, state, all...)...); code != 1 || !strings.Contains(out, "FAIL ru") {
				t.Fatalf("the run after: exit %d, want ru to fail again (the saved checkpoint is kept)\n%s", code, out)
			}
		})
	}
}

// TestVerifyFederationMirroredData checks the entries this party's node
// mirrored from ru (--data): they pass as mirrored, and one content
// altered in the mirror table fails, naming the entry.
func TestVerifyFederationMirroredData(t *testing.T) {
	us, ru, un := newFedMember(t, "us", 2), newFedMember(t, "ru", 12), newFedMember(t, "un", 2)
	all := []*fedMember{us, ru, un}
	for _, m := range all {
		m.publish(t, nil, others(m, all)...)
	}
	data := mirrorInto(t, ru)
	ru.log.Append(t, 3) // the node's mirror lags ru's log: still a prefix of it
	ru.publish(t, nil, others(ru, all)...)
	roster := writeFedRoster(t, 2, all...)
	args := append(fedArgs(roster, t.TempDir(), all...), "--data", data)
	code, out := fedRun(t, args...)
	if code != 0 || !strings.Contains(out, "--data holds its first 12 entries") || !strings.Contains(out, "12 contents") {
		t.Fatalf("exit %d\n%s", code, out)
	}

	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(data, "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	// The table refuses updates; whoever tampers with the file drops the trigger first.
	if _, err := db.SQL.ExecContext(ctx, `DROP TRIGGER local_mirror_entries_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL.ExecContext(ctx, `UPDATE local_mirror_entries SET content = replace(content, '"n":4', '"n":5') WHERE origin = $1 AND seq = 4`, ru.log.Origin); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out = fedRun(t, append(fedArgs(roster, t.TempDir(), all...), "--data", data)...)
	if code != 1 || !strings.Contains(out, "FAIL ru:") || !strings.Contains(out, "MIRROR MISMATCH in --data: mirrored entry 4: the content held does not hash to its commitment") {
		t.Fatalf("tampered: exit %d\n%s", code, out)
	}
}

// TestVerifyFederationBadInput checks that bad arguments are refused
// with a usage error saying what to do, and that a member without a URL or
// one that cannot be reached fails on its own line while the others pass.
func TestVerifyFederationBadInput(t *testing.T) {
	us, ru := newFedMember(t, "us", 2), newFedMember(t, "ru", 2)
	all := []*fedMember{us, ru}
	for _, m := range all {
		m.publish(t, nil, others(m, all)...)
	}
	roster, state := writeFedRoster(t, 1, all...), t.TempDir()
	usage := []struct {
		name string
		args []string
		want string
	}{
		{"no roster file", []string{"verify", "--federation", roster + ".missing", "--state", state}, "--federation: roster:"},
		{"not a roster", []string{"verify", "--federation", state, "--state", state}, "--federation: roster:"},
		{"member without =", []string{"verify", "--federation", roster, "--member", "ru"}, "want PARTY=URL"},
		{"member not a URL", []string{"verify", "--federation", roster, "--member", "ru=ftp://x"}, "is not an http(s) URL"},
		{"member twice", []string{"verify", "--federation", roster, "--member", "ru=http://a", "--member", "ru=http://b"}, "already given"},
		{"not a member", []string{"verify", "--federation", roster, "--state", state, "--member", "ngo=http://127.0.0.1:1"}, "--member ngo: not a member"},
		{"no such data", []string{"verify", "--federation", roster, "--state", state, "--data", filepath.Join(state, "none")}, "--data"},
	}
	for _, tc := range usage {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, nil, tc.args...)
			if code == 0 || !strings.Contains(errOut, tc.want) || strings.Contains(out, "PASS us") {
				t.Fatalf("exit %d, want an error with %q\nstdout: %s\nstderr: %s", code, tc.want, out, errOut)
			}
		})
	}

	code, out := fedRun(t, "verify", "--federation", roster, "--state", state, "--member", "us="+us.srv.URL)
	if code != 1 || !strings.Contains(out, "PASS us") || !strings.Contains(out, "FAIL ru: no public URL for ru's node: give --member ru=URL") {
		t.Fatalf("a member without a URL: exit %d\n%s", code, out)
	}
	ru.srv.Close()
	code, out = fedRun(t, fedArgs(roster, state, all...)...)
	if code != 1 || !strings.Contains(out, "PASS us") || !regexp.MustCompile(`FAIL ru: Get .*\(check --member ru=\S+ is its node's public URL`).MatchString(out) {
		t.Fatalf("an unreachable member: exit %d\n%s", code, out)
	}
}

// TestREADMEVerifyFederation runs the command the README gives for
// checking every member from outside, with its placeholders replaced, so
// that the README cannot drift from the flags.
func TestREADMEVerifyFederation(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "**Checking every member from outside.**")
	_, block, ok2 := strings.Cut(section, "```sh\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README has no shell block after \"Checking every member from outside\"")
	}
	us, ru, un := newFedMember(t, "us", 2), newFedMember(t, "ru", 2), newFedMember(t, "un", 2)
	all := []*fedMember{us, ru, un}
	for _, m := range all {
		m.publish(t, nil, others(m, all)...)
	}
	cmd := strings.NewReplacer("\\\n", " ", "roster.json", writeFedRoster(t, 2, all...),
		"https://truce.us.example", us.srv.URL, "https://truce.ru.example:8443", ru.srv.URL, "https://truce.un.example", un.srv.URL,
		"[--state DIR] [--data un-node]", "--state "+t.TempDir()).Replace(strings.TrimSpace(block))
	args := strings.Fields(cmd)
	if len(args) < 2 || args[0] != "truce" || strings.ContainsAny(cmd, "<>[]") {
		t.Fatalf("README command %q", cmd)
	}
	if code, out := fedRun(t, args[1:]...); code != 0 || strings.Count(out, "PASS") != 3 {
		t.Fatalf("README command: exit %d\n%s", code, out)
	}
}

// TestVerifyFederationStale checks a federation two hours after its
// checkpoints were cosigned: with the mirrors' one-hour age every member
// fails as stale, with evidence 'truce verify --evidence' proves; with no
// age limit they pass.
func TestVerifyFederationStale(t *testing.T) {
	us, ru := newFedMember(t, "us", 2), newFedMember(t, "ru", 2)
	all := []*fedMember{us, ru}
	for _, m := range all {
		m.publish(t, nil, others(m, all)...)
	}
	r, err := roster.Load(writeFedRoster(t, 1, all...))
	if err != nil {
		t.Fatal(err)
	}
	later := func() time.Time { return time.Now().Add(2 * time.Hour) }
	o := verify.FederationOptions{Roster: r, Nodes: map[string]string{"us": us.srv.URL, "ru": ru.srv.URL}, StateDir: t.TempDir(),
		MaxAge: time.Hour, Now: later}
	vs, err := verify.Federation(context.Background(), o)
	if err != nil || len(vs) != 2 {
		t.Fatalf("%+v, %v", vs, err)
	}
	for _, v := range vs {
		if v.OK || !strings.HasPrefix(v.Reason, "STALE: ") || v.Evidence == "" {
			t.Fatalf("%s: %+v, want stale with evidence", v.Party, v)
		}
		code, proof, errOut := run(t, nil, "verify", "--evidence", v.Evidence, "--log-key", map[string]string{"us": us.log.VerifierKey, "ru": ru.log.VerifierKey}[v.Party],
			"--witness-key", map[string]string{"us": ru.witness.VerifierKey(), "ru": us.witness.VerifierKey()}[v.Party])
		if code != 0 || !strings.Contains(proof, "PROVEN (stale") {
			t.Fatalf("verify --evidence: exit %d\n%s%s", code, proof, errOut)
		}
	}
	o.MaxAge = 0
	if vs, err = verify.Federation(context.Background(), o); err != nil || !vs[0].OK || !vs[1].OK {
		t.Fatalf("no age limit: %+v, %v", vs, err)
	}
}
