package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// upload posts body to /api/v1/evidence as us-reporter and returns the
// status and decoded answer.
func (n *testNode) upload(body []byte) (int, map[string]any) {
	n.t.Helper()
	req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/evidence", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+n.tokens["us-reporter"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &out)
	if resp.StatusCode >= 400 && resp.Header.Get("Content-Type") != "application/problem+json" {
		n.t.Errorf("evidence upload refused with %d as %q, not a problem", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return resp.StatusCode, out
}

// evidenceFiles counts the files of the node's evidence store.
func (n *testNode) evidenceFiles() int {
	n.t.Helper()
	k := 0
	filepath.WalkDir(filepath.Join(n.app.Config.Data, EvidenceDir), func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			k++
		}
		return nil
	})
	return k
}

// subEvidenceLimitsHashAndTamper checks the evidence upload's refusals
// (over the node's limit, the smaller of --max-body and 16 MiB: 1 MiB
// here; a type not accepted), that the file's SHA-256 is in the log entry
// that reports the incident citing it, and that a file altered on disk is
// never served.
func subEvidenceLimitsHashAndTamper(t *testing.T, n *testNode) {
	const limit = 1 << 20 // the default --max-body
	png := func(size int) []byte {
		return append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, size-8)...)
	}
	files := n.evidenceFiles()
	if st, out := n.upload(png(limit + 1)); st != 413 || !strings.HasSuffix(fmt.Sprint(out["type"]), "too-large") {
		t.Errorf("a file one byte over the limit: %d %v, want 413 too-large", st, out)
	}
	if st, out := n.upload(png(3 * limit)); st != 413 {
		t.Errorf("a file three times the limit: %d %v, want 413", st, out)
	}
	for name, body := range map[string]string{"html": "<html><body>x</body></html>", "exe": "MZ\x90\x00\x03\x00\x00\x00\x04\x00"} {
		st, out := n.upload([]byte(body))
		errs, _ := out["errors"].([]any)
		if st != 422 || len(errs) != 1 || errs[0].(map[string]any)["field"] != "body" {
			t.Errorf("%s: %d %v, want 422 naming the body", name, st, out)
		}
	}
	if k := n.evidenceFiles(); k != files {
		t.Fatalf("%d evidence files after refusals, want %d", k, files)
	}
	// At the limit it is accepted; its hash is in the reporting entry.
	data := png(limit)
	st, ev := n.upload(data)
	if st != 201 {
		t.Fatalf("a file at the limit: %d %v", st, ev)
	}
	sha := ev["sha256"].(string)
	body := incidentBody("ev-hash", 37, 36, "GREEN")
	body["evidence"] = []map[string]any{{"sha256": sha, "name": "photo.png"}}
	inc, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", body)
	id := inc["id"].(string)
	h, _ := n.must(200, "GET", "/api/v1/incidents/"+id+"/history", "ru-observer", "", nil)
	first := h["items"].([]any)[0].(map[string]any)
	if first["kind"] != "incident.reported" {
		t.Fatalf("first history entry %v", first)
	}
	payload, _ := json.Marshal(first["payload"])
	var rep struct {
		Incident struct {
			Evidence []struct {
				SHA256 string `json:"sha256"`
			} `json:"evidence"`
		} `json:"incident"`
	}
	if err := json.Unmarshal(payload, &rep); err != nil || len(rep.Incident.Evidence) != 1 || rep.Incident.Evidence[0].SHA256 != sha {
		t.Errorf("payload of incident.reported %s: want evidence with sha256 %s", payload, sha)
	}
	ses, err := n.app.DB.EntriesBySubject(context.Background(), "incident:"+id)
	if err != nil || len(ses) == 0 || !bytes.Contains(ses[0].Canonical, []byte(sha)) {
		t.Errorf("the committed entry (%v) does not hold the hash %s", err, sha)
	}
	// Altered on disk, it is no longer served.
	path := "/api/v1/incidents/" + id + "/evidence/" + sha
	n.must(200, "GET", path, "ru-observer", "", nil)
	file := filepath.Join(n.app.Config.Data, EvidenceDir, sha[:2], sha)
	if err := os.WriteFile(file, append(data[:len(data)-1], 2), 0o600); err != nil {
		t.Fatal(err)
	}
	st, out, _ := n.call("GET", path, "ru-observer", "", nil)
	if st != 500 || strings.Contains(out["detail"].(string), "PNG") {
		t.Errorf("an altered file: %d %v, want 500 and nothing of the file", st, out)
	}
}
