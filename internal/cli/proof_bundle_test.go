package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProofBundleCLI reports an incident to a served node, exports its
// proof bundle with truce proof --incident, checks it with truce proof
// --bundle (no node), and requires a bundle with one changed byte of its
// outcome, or a wrong pinned key, to fail with a message and exit 1.
func TestProofBundleCLI(t *testing.T) {
	node, token := servedNode(t, "bundle-cli.truce.invalid/node", "reporter", "un-reporter")
	body := `{"external_id":"cli-1","category":"shelling_missile","time":{"start":"2016-07-10T08:00:00Z","precision":"hour"},
		"location":{"type":"Point","coordinates":[37.1,36.1]},"location_precision":"1km","perpetrator":{"kind":"unknown"},
		"narrative":"Shelling near the market","releasability":{"tlp":"GREEN"},"sources":[{"name":"Local council","reliability":"C","credibility":3}]}`
	req, _ := http.NewRequest("POST", node+"/api/v1/incidents", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var inc struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&inc)
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("report: %s", resp.Status)
	}
	code, out, errOut := run(t, nil, "proof", "--incident", inc.ID, "--node", node, "--token", token)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(out), 0o600)
	code, out, errOut = run(t, nil, "proof", "--bundle", good)
	if code != 0 || !strings.Contains(out, "VERIFIED: incident:"+inc.ID) || !strings.Contains(out, "incident.reported") || !strings.Contains(out, "NOTE: no --key") {
		t.Fatalf("verify: exit %d\n%s%s", code, out, errOut)
	}

	raw, _ := os.ReadFile(good)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, bytes.Replace(raw, []byte(`"fact":"none"`), []byte(`"fact":"established"`), 1), 0o600)
	if bytes.Equal(raw, mustRead(t, bad)) {
		t.Fatal("the outcome was not changed")
	}
	for _, args := range [][]string{
		{"proof", "--bundle", bad},
		{"proof", "--bundle", good, "--key", "other.example+01234567+AQ=="},
	} {
		code, out, errOut := run(t, nil, args...)
		if code != 1 || !strings.Contains(errOut, "NOT VERIFIED") || strings.Contains(out, "VERIFIED:") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestProofBundleAcrossLogsCLI checks the kept bundle of three logs (the
// monitors' fact in un's log, each co-chair's acceptance in its own) with
// truce proof --bundle, each origin's key pinned with --log-key, and
// requires a changed entry byte, a dropped statement, a changed outcome or
// a log key left unpinned to fail with the message that says so.
func TestProofBundleAcrossLogsCLI(t *testing.T) {
	const golden = "../proofbundle/testdata/incident-joint.proof.json"
	raw := mustRead(t, golden)
	var b struct {
		Logs []struct {
			LogKey string `json:"log_key"`
		} `json:"logs"`
		Statements []json.RawMessage `json:"statements"`
	}
	if err := json.Unmarshal(raw, &b); err != nil || len(b.Logs) != 3 {
		t.Fatalf("golden bundle: %v", err)
	}
	pinAll := []string{}
	for _, l := range b.Logs {
		pinAll = append(pinAll, "--log-key", l.LogKey)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dropped := func() []byte {
		var m map[string]json.RawMessage
		json.Unmarshal(raw, &m)
		m["statements"], _ = json.Marshal(b.Statements[:2])
		out, _ := json.Marshal(m)
		return out
	}
	for _, tc := range []struct {
		name string
		data []byte
		pins []string
		want string // on stdout when it verifies, on stderr when not
		ok   bool
	}{
		{"valid", raw, pinAll, "VERIFIED: incident:inc_1 follows by rule findings.joint/v1 from these 3 statements", true},
		{"an entry byte", bytes.Replace(raw, []byte(`"entry": "eyJ`), []byte(`"entry": "eyK`), 1), pinAll, "do not lead to the checkpoint's root", false},
		{"a dropped statement", dropped(), pinAll, "the outcome does not follow", false},
		{"a changed outcome", bytes.Replace(raw, []byte(`agreed by the co-chairs`), []byte(`disputed`), 1), pinAll, "the outcome does not follow", false},
		{"a log key not pinned", raw, pinAll[:4], "not one of the keys given", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.ok && bytes.Equal(tc.data, raw) && len(tc.pins) == len(pinAll) {
				t.Fatal("nothing was changed")
			}
			code, out, errOut := run(t, nil, append([]string{"proof", "--bundle", write("b.json", tc.data)}, tc.pins...)...)
			switch {
			case tc.ok && (code != 0 || !strings.Contains(out, tc.want) || strings.Count(out, "\nlog ")+strings.Count(out[:4], "log ") != 3):
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			case !tc.ok && (code != 1 || !strings.Contains(errOut, "NOT VERIFIED") || !strings.Contains(errOut, tc.want)):
				t.Fatalf("exit %d, want 1 and %q\n%s%s", code, tc.want, out, errOut)
			}
		})
	}
}
