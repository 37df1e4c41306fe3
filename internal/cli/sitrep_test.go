package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
