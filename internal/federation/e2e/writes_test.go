package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// writeN reports n incidents on each node at once and returns how many
// were acknowledged per node (external ids "tag-party-i").
func writeN(t *testing.T, nodes []*node, tag string, n int) map[string]int {
	var mu sync.Mutex
	acked := map[string]int{}
	var wg sync.WaitGroup
	for _, nd := range nodes {
		wg.Go(func() {
			for i := range n {
				body := incident(fmt.Sprintf("%s-%s-%d", tag, nd.party, i), "report "+tag, "GREEN")
				if code, _ := nd.call("POST", "/api/v1/incidents", nd.token, body); code == http.StatusCreated {
					mu.Lock()
					acked[nd.party]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return acked
}

// addAcked adds the acknowledged writes of more to acked.
func addAcked(acked, more map[string]int) {
	for p, n := range more {
		acked[p] += n
	}
}

// checkAcked checks that each node's own incidents written by writeN are
// exactly the acknowledged ones, each once: none lost through the cut,
// the dropped responses or the kill -9, none duplicated.
func checkAcked(t *testing.T, nodes []*node, acked map[string]int) {
	t.Helper()
	for _, n := range nodes {
		code, b := n.call("GET", "/api/v1/incidents?limit=1000", n.token, nil)
		var page struct {
			Items []struct {
				ExternalID string `json:"external_id"`
				Party      string `json:"party"`
			} `json:"items"`
		}
		if code != http.StatusOK || json.Unmarshal(b, &page) != nil {
			t.Fatalf("%s: GET /api/v1/incidents: %d %.300s", n.party, code, b)
		}
		seen := map[string]bool{}
		for _, it := range page.Items {
			if it.Party != n.party || !strings.Contains(it.ExternalID, "-"+n.party+"-") || strings.HasPrefix(it.ExternalID, "cleared-") {
				continue
			}
			if seen[it.ExternalID] {
				t.Errorf("%s: incident %s twice", n.party, it.ExternalID)
			}
			seen[it.ExternalID] = true
		}
		if len(seen) != acked[n.party] || len(seen) == 0 {
			t.Errorf("%s holds %d of its written incidents, %d were acknowledged", n.party, len(seen), acked[n.party])
		}
		t.Logf("%s: %d acknowledged incidents, each held once", n.party, len(seen))
	}
}
