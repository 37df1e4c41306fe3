package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"truce/internal/testwait"
)

// jointView is what this test reads of a findings answer.
type jointView struct {
	Positions []struct {
		Party     string `json:"party"`
		OnFinding string `json:"on_finding"`
	} `json:"positions"`
	ComputedFrom []struct {
		Origin   string `json:"origin"`
		TreeSize int64  `json:"tree_size"`
		RootHash string `json:"root_hash"`
	} `json:"computed_from"`
}

// positionsOf returns the positions of v as "party:stance", in order.
func (v jointView) positionsOf() string {
	var out []string
	for _, p := range v.Positions {
		out = append(out, p.Party+":"+p.OnFinding)
	}
	return strings.Join(out, ",")
}

// TestStatementsAcrossProcesses runs three party nodes as processes: us
// reports an incident on its node; ru, once its mirror holds the report,
// states its position on ru's node (an own entry citing us's report) and
// us states its own on us's node. Every node's API then shows the same
// positions, each computed from all three logs, once its mirrors hold the
// entries: each node's mirror of ru checked ru's citation of us's report
// against its own mirror of us (or waited for it) before storing it. ru's
// node then exports the finding as a proof bundle holding both logs'
// statements, which verifies with no node (checkBundleAcrossLogs).
func TestStatementsAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three truce processes")
	}
	bin := buildTruce(t)
	nodes := found(t, bin)
	us, ru := nodes[0], nodes[1]
	liaison := map[string]string{}
	for _, n := range nodes {
		liaison[n.party] = n.liaison
		n.start(t, bin)
	}
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
			code, _ := n.call("GET", "/readyz", "", nil)
			return code == http.StatusOK
		})
	}
	code, b := us.call("POST", "/api/v1/incidents", us.token, incident("joint-1", "shelling near the mill", "GREEN"))
	var inc struct {
		ID string `json:"id"`
	}
	if code != http.StatusCreated || json.Unmarshal(b, &inc) != nil {
		t.Fatalf("us: report: %d %s", code, b)
	}
	path := "/api/v1/incidents/" + inc.ID
	code, b = us.call("POST", "/api/v1/incidents", us.token, incident("joint-secret", "a report released to us alone", "AMBER", "us"))
	var secret struct {
		ID string `json:"id"`
	}
	if code != http.StatusCreated || json.Unmarshal(b, &secret) != nil {
		t.Fatalf("us: report: %d %s", code, b)
	}
	testwait.For(t, 60*time.Second, "ru's node holds us's report", func() bool {
		code, _ := ru.call("GET", path, ru.token, nil)
		return code == http.StatusOK
	})
	for _, s := range []struct {
		n      *node
		stance string
	}{{ru, "rejects"}, {us, "accepts"}} {
		body := map[string]any{"on_finding": s.stance, "statement": s.n.party + " " + s.stance}
		if code, b := s.n.call("POST", path+"/positions", liaison[s.n.party], body); code != http.StatusCreated {
			t.Fatalf("%s: state a position on us's report: %d %s", s.n.party, code, b)
		}
	}
	const want = "ru:rejects,us:accepts"
	for _, n := range nodes {
		var last string
		testwait.For(t, 90*time.Second, n.party+"'s node shows both positions from three logs", func() bool {
			code, b := n.call("GET", path+"/findings", n.token, nil)
			var v jointView
			if code != http.StatusOK || json.Unmarshal(b, &v) != nil {
				last = fmt.Sprintf("%d %.300s", code, b)
				return false
			}
			last = fmt.Sprintf("positions %s from %+v", v.positionsOf(), v.ComputedFrom)
			return v.positionsOf() == want && len(v.ComputedFrom) == 3 && v.ComputedFrom[0].Origin == "e2e.truce.test/"+n.party
		})
		t.Logf("%s: %s", n.party, last)
		if st, ok := n.status(); ok {
			for _, p := range st.Peers {
				if p.Halted {
					t.Errorf("%s's mirror of %s halted by %s: an honest citation was refused", n.party, p.Party, p.Evidence)
				}
			}
		}
	}
	checkSitrepFromEveryLog(t, ru)
	checkBundleAcrossLogs(t, bin, ru, ru.liaison, inc.ID, secret.ID)
}

// checkSitrepFromEveryLog checks n's situation report of the period that
// holds us's GREEN report (2016-07-10 08:00, in the period to 06:00 on the
// 11th): n's party counts the mirrored incident, the public does not, and
// the report states each other party's mirrored log beside n's own tree.
func checkSitrepFromEveryLog(t *testing.T, n *node) {
	t.Helper()
	var d struct {
		Meta []struct {
			Label string `json:"label"`
			Value string `json:"value"`
		} `json:"meta"`
		Sections []struct {
			Blocks []struct {
				Items []struct {
					Value int64 `json:"value"`
				} `json:"items"`
			} `json:"blocks"`
		} `json:"sections"`
	}
	for token, want := range map[string]int64{n.token: 1, "": 0} {
		code, b := n.call("GET", "/api/v1/reports/sitrep?date=2016-07-11&format=json", token, nil)
		if code != http.StatusOK || json.Unmarshal(b, &d) != nil || len(d.Sections) == 0 || len(d.Sections[0].Blocks) == 0 || len(d.Sections[0].Blocks[0].Items) == 0 {
			t.Fatalf("%s: sitrep: %d %.300s", n.party, code, b)
		}
		if got := d.Sections[0].Blocks[0].Items[0].Value; got != want {
			t.Errorf("%s's report for a signed-in caller (%v) counts %d incidents, want %d", n.party, token != "", got, want)
		}
		var mirrored []string
		for _, f := range d.Meta {
			if f.Label == "Mirrored log" {
				mirrored = append(mirrored, f.Value)
			}
		}
		if len(mirrored) != 2 || !strings.HasPrefix(mirrored[0], "e2e.truce.test/") {
			t.Errorf("%s's report states the mirrored logs %q, want the two other parties'", n.party, mirrored)
		}
	}
}
