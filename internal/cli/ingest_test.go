package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestCommandAgainstANode starts a node (truce serve) and ingests
// with truce ingest: an article of the corpus, a web page served over
// loopback by URL, and a text in a language truce does not read. Each item
// gets its own line (its drafts, or a clear error); the command fails
// because one item was refused, after ingesting the others; ingesting the
// article again stores nothing new.
func TestIngestCommandAgainstANode(t *testing.T) {
	node, token := servedNode(t, "ingest.truce.invalid/node", "analyst", "un-analyst")

	article, err := os.ReadFile("../sources/extract/testdata/corpus/en01.txt")
	if err != nil {
		t.Fatal(err)
	}
	files := t.TempDir()
	good := filepath.Join(files, "en01.txt")
	french := filepath.Join(files, "fr.txt")
	os.WriteFile(good, article, 0o600)
	os.WriteFile(french, []byte("Des frappes aériennes ont touché la ville hier, selon les secouristes locaux."), 0o600)
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><head><meta property="article:published_time" content="2026-03-20T09:00:00Z"></head><body><article><p>` +
			`Clashes broke out on Wednesday between government forces and armed groups near Manbij, a monitoring group said.</p></article></body></html>`))
	}))
	defer page.Close()

	code, out, errOut := run(t, nil, "ingest", "--node", node, "--token", token, "--publisher", "Levant Wire", good, page.URL+"/manbij", french)
	if code == 0 {
		t.Fatalf("ingest with a bad item: exit 0; out %q", out)
	}
	if !strings.Contains(out, "[1/3] "+good+": source src_") || !strings.Contains(out, "stored (en, published 2026-03-12T00:00:00Z), 2 drafts") ||
		!strings.Contains(out, "[2/3] "+page.URL+"/manbij: source src_") || !strings.Contains(out, "draft drf_") {
		t.Errorf("ingest output %q: want each good item's source and drafts", out)
	}
	if !strings.Contains(errOut, "[3/3] "+french+": refused (422 Unprocessable Entity): lang:") || !strings.Contains(errOut, "1 of 3 items not ingested") {
		t.Errorf("ingest errors %q: want the French text refused with its reason", errOut)
	}
	code, out, errOut = run(t, nil, "ingest", "--node", node, "--token", token, good)
	if code != 0 || !strings.Contains(out, "already submitted") {
		t.Errorf("second ingest: exit %d, out %q, err %q; want it reported as already submitted", code, out, errOut)
	}
	code, out, _ = run(t, nil, "ingest", "--help")
	for _, flag := range []string{"--node", "--token", "--publisher", "--lang", "--published", "--tlp", "--audience", "FILE|URL"} {
		if code != 0 || !strings.Contains(out, flag) {
			t.Errorf("ingest --help (exit %d) does not mention %s: %q", code, flag, out)
		}
	}
}
