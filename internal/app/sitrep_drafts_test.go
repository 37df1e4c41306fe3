package app

import (
	"encoding/json"
	"testing"
	"time"

	"truce/internal/config"
	"truce/internal/sitrep"
	"truce/internal/testwait"
)

// TestSitrepDraftsLoop: a node started with --sitrep-drafts issues the last
// ended period's report in every language by itself; one without it
// issues none.
func TestSitrepDraftsLoop(t *testing.T) {
	date := sitrep.DefaultConfig().LastEnded(time.Now()).Date
	issued := func(n *testNode) int {
		status, body, _ := n.do("GET", "/api/v1/reports/sitrep/issued/"+date, "", nil)
		if status != 200 {
			t.Fatalf("issued: %d %s", status, body)
		}
		var v struct{ Reports []sitrep.IssuedReport }
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		return len(v.Reports)
	}
	on := newTestNodeConfig(t, &config.Server{Data: t.TempDir(), SitrepDrafts: true, DeadlineCheck: 50 * time.Millisecond})
	testwait.For(t, 30*time.Second, "the drafts of "+date, func() bool { return issued(on) == len(sitrep.Langs) })
	off := newTestNode(t)
	if got := issued(off); got != 0 {
		t.Errorf("a node without --sitrep-drafts issued %d reports", got)
	}
}
