package cli

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommandAgainstANode starts a node (truce serve) and imports
// incidents with truce import: a file larger than the default request
// limit, with its upload progress shown; a file with bad rows, refused with
// each row and column named and nothing written; the first file again,
// creating nothing.
func TestImportCommandAgainstANode(t *testing.T) {
	node, token := servedNode(t, "import.truce.invalid/node", "reporter", "un-reporter")

	// 120 rows of ~10 KB: over the 1 MiB default --max-body.
	const header = "external_id,category,time_start,time_precision,lon,lat,narrative,perpetrator\n"
	var sb strings.Builder
	sb.WriteString(header)
	pad := strings.Repeat("word ", 2000)
	for k := range 120 {
		fmt.Fprintf(&sb, "cli-%d,shelling_missile,2016-07-%02dT10:00:00Z,hour,%.3f,36.2,Shelling %d %s,unknown\n", k, 1+k%28, 37+float64(k)/1000, k, pad)
	}
	big := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(big, []byte(sb.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if sb.Len() <= 1<<20 {
		t.Fatalf("the file has %d bytes; it must exceed 1 MiB", sb.Len())
	}
	imp := func(file string) (int, string, string) {
		return run(t, nil, "import", "--node", node, "--token", token, file)
	}
	code, out, errOut := imp(big)
	if code != 0 || !strings.Contains(out, "120 rows: 120 created, 0 already imported, 0 invalid; written: true") {
		t.Fatalf("import: exit %d, out %q, err %q", code, out, errOut)
	}
	if !strings.Contains(errOut, fmt.Sprintf("sent %d of %d bytes (100%%)", sb.Len(), sb.Len())) || strings.Count(errOut, "\rsent ") < 5 {
		t.Errorf("progress shown: %q; want several steps up to 100%%", errOut)
	}

	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte(header+
		"b1,shelling_missile,2016-07-03T10:00:00Z,hour,37.5,36.2,Fine,unknown\n"+
		"b2,drone_show,2016-07-03T10:00:00Z,hour,37.5,36.2,Bad category,unknown\n"+
		"b3,other,2016-07-03T10:00:00Z,hour,37.5,north,Bad latitude,unknown\n"), 0o600)
	code, out, errOut = imp(bad)
	if code == 0 || !strings.Contains(out, "row 2, column category:") || !strings.Contains(out, "row 3, column lat:") ||
		!strings.Contains(out, "written: false") || !strings.Contains(errOut, "422") {
		t.Errorf("bad rows: exit %d, out %q, err %q; want data rows 2 and 3 named with their columns, nothing written", code, out, errOut)
	}
	if strings.Index(out, "row 2,") > strings.Index(out, "row 3,") {
		t.Errorf("errors not in row order: %q", out)
	}

	code, out, errOut = imp(big)
	if code != 0 || !strings.Contains(out, "120 rows: 0 created, 120 already imported, 0 invalid") {
		t.Errorf("second import: exit %d, out %q, err %q; want nothing new", code, out, errOut)
	}
	// Nothing of the bad file was written: its fine row b1 is not there.
	req, _ := http.NewRequest("GET", node+"/api/v1/incidents/counts", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	counts, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(counts), `"total":120`) {
		t.Errorf("counts %s; want 120 incidents", counts)
	}
}
