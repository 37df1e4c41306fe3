package app

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// subImportTakesLargeFiles checks the incident import's own body limit:
// a file over --max-body (1 MiB here) is imported, one over 16 MiB is
// refused with 413 and changes nothing.
func subImportTakesLargeFiles(t *testing.T, n *testNode) {
	post := func(body []byte) int {
		t.Helper()
		req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/incidents:import?format=csv", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+n.tokens["us-reporter"])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	var sb strings.Builder
	sb.WriteString("external_id,category,time_start,time_precision,lon,lat,narrative,perpetrator\n")
	pad := strings.Repeat("word ", 3000)
	for k := 0; sb.Len() <= 3<<20/2; k++ {
		fmt.Fprintf(&sb, "large-%d,shelling_missile,2016-07-05T10:00:00Z,hour,39.5,35.5,Shelling %d %s,unknown\n", k, k, pad)
	}
	if st := post([]byte(sb.String())); st != 200 {
		t.Errorf("a %d-byte import: %d, want 200", sb.Len(), st)
	}
	size := n.logSize()
	huge := append([]byte(sb.String()), bytes.Repeat([]byte("x"), 16<<20)...)
	if st := post(huge); st != 413 {
		t.Errorf("a %d-byte import: %d, want 413", len(huge), st)
	}
	if n.logSize() != size {
		t.Error("a refused import changed the log")
	}
}
