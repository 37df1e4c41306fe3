package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"os"
	"path/filepath"
	"strings"
	"testing"
	"truce/internal/testwait"
)

// TestSitrepCommandAgainstANode starts a node and fetches its situation
// report with truce sitrep: a CLEAR incident imported by a reporter is
// counted in the public's report, written in Arabic as an HTML file; a bad
// date is refused with the node's reason and writes no file.
func TestSitrepCommandAgainstANode(t *testing.T) {
	node, token := servedNode(t, "sitrep.truce.invalid/node", "reporter", "un-reporter")
	csv := filepath.Join(t.TempDir(), "one.csv")
	if err := os.WriteFile(csv, []byte("external_id,category,time_start,time_precision,lon,lat,narrative,perpetrator,tlp\n"+
		"s1,shelling_missile,2016-07-10T10:00:00Z,hour,37.1,36.2,Shelling,unknown,CLEAR\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, nil, "import", "--node", node, "--token", token, csv); code != 0 {
		t.Fatalf("import: exit %d %q %q", code, out, errOut)
	}
	out := filepath.Join(t.TempDir(), "report.html")
	code, _, errOut := run(t, nil, "sitrep", "--node", node, "--date", "2016-07-11", "--lang", "ar", "--out", out)
	if code != 0 {
		t.Fatalf("sitrep: exit %d, %q", code, errOut)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `dir="rtl"`) || !strings.Contains(string(page), `<span class="value">1</span>`) {
		t.Errorf("report: %.300s", page)
	}
	bad := filepath.Join(t.TempDir(), "bad.html")
	code, _, errOut = run(t, nil, "sitrep", "--node", node, "--date", "14 July", "--out", bad)
	if code == 0 || !strings.Contains(errOut, "400") || !strings.Contains(errOut, "YYYY-MM-DD") {
		t.Errorf("bad date: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("a refused report wrote a file")
	}
	if code, _, errOut := run(t, nil, "sitrep", "--node", node); code != 2 {
		t.Errorf("no --date: exit %d %q, want a usage error", code, errOut)
	}
}

// TestSitrepVerifyCommand issues a report on a node whose host party is a
// co-chair, downloads it, and checks it with truce sitrep verify against
// the node's key: the file verifies; a copy with one figure changed does
// not, and neither does the file against another node's key.
func TestSitrepVerifyCommand(t *testing.T) {
	node, token := servedNodeWith(t, "sitrep-verify.truce.invalid/node", "liaison", "un-liaison", "--co-chair")
	req, _ := http.NewRequest("POST", node+"/api/v1/reports/sitrep", strings.NewReader(`{"date":"2016-07-11","lang":"ru"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		SHA256 string `json:"sha256"`
	}
	json.NewDecoder(resp.Body).Decode(&rep)
	resp.Body.Close()
	if resp.StatusCode != 201 || rep.SHA256 == "" {
		t.Fatalf("issue: %s", resp.Status)
	}
	get := func(path string) []byte {
		t.Helper()
		resp, err := http.Get(node + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s %s", path, resp.Status, b)
		}
		return b
	}
	vkey := strings.TrimSpace(string(get("/log/key")))
	dir := t.TempDir()
	good := filepath.Join(dir, "report.json")
	body := get("/api/v1/reports/sitrep/issued/2016-07-11/" + rep.SHA256)
	os.WriteFile(good, body, 0o600)
	verify := func(file, key string) (int, string, string) {
		return run(t, nil, "sitrep", "verify", "--node", node, "--token", token, "--key", key, "--date", "2016-07-11", file)
	}
	// The entry's proof needs a signed checkpoint that covers it.
	testwait.For(t, 20*time.Second, "a checkpoint covering the report", func() bool {
		code, _, errOut := verify(good, vkey)
		if code != 0 && !strings.Contains(errOut, "no signed checkpoint") {
			t.Fatalf("verify: exit %d: %s", code, errOut)
		}
		return code == 0
	})
	if code, out, errOut := verify(good, vkey); code != 0 || !strings.Contains(out, "verified:") || !strings.Contains(out, "it is the newest issue") {
		t.Fatalf("good report: exit %d %q %q", code, out, errOut)
	}
	// A correction supersedes it: the first issue still verifies, and says so.
	req, _ = http.NewRequest("POST", node+"/api/v1/reports/sitrep/issued/2016-07-11/"+rep.SHA256+"/corrections", strings.NewReader(`{"reason":"a figure was wrong"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 201 {
		t.Fatalf("correction: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	if code, out, errOut := verify(good, vkey); code != 0 || !strings.Contains(out, "verified:") || !strings.Contains(out, "SUPERSEDED by the correction") {
		t.Errorf("superseded report: exit %d %q %q", code, out, errOut)
	}
	bad := filepath.Join(dir, "tampered.json")
	os.WriteFile(bad, bytes.Replace(body, []byte(`"value":0`), []byte(`"value":9`), 1), 0o600)
	if code, _, errOut := verify(bad, vkey); code == 0 || !strings.Contains(errOut, "NOT VERIFIED") {
		t.Errorf("tampered report: exit %d %q", code, errOut)
	}
	other := "other.invalid+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	if code, _, errOut := verify(good, other); code == 0 {
		t.Errorf("another node's key: exit %d %q", code, errOut)
	}
}
