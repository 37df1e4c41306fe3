package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"truce/internal/federation/mirror"
	"truce/internal/federation/peerapi"
	"truce/internal/testwait"
)

// citeWait is the honest nodes' --federation-cite-wait here: how long an
// entry citing one their mirrors do not hold waits before it is refused.
const citeWait = "3s"

// TestForgedCitationsAmongHonestNodes runs un's node as a test build that
// writes forged citations in its own log — a statement about us's report
// citing an index us never published, or us's report with another leaf
// hash — beside honest truce serve processes for us and ru. un's liaison
// states a position on us's report on un's node; each honest node's
// mirror of un refuses the entry: it halts on bad-citation evidence
// naming un (at once for the wrong leaf hash, after --federation-cite-wait
// for the unknown index), raises one alert, and truce verify --evidence
// proves the evidence offline with the roster's keys. Neither honest node
// holds evidence against the other.
func TestForgedCitationsAmongHonestNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three truce processes per case")
	}
	bin, faulty := buildTruce(t), buildFaulty(t)
	for _, tc := range []struct {
		fault  string
		detail string // in the evidence's detail on both honest nodes
	}{
		{"cite-wrong-leaf", "but this node holds leaf hash"},
		{"cite-unknown", "did not publish to this node within " + citeWait},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			nodes := found(t, bin)
			us, ru, un := nodes[0], nodes[1], nodes[2]
			for _, n := range []*node{us, ru} {
				n.args = []string{"--federation-cite-wait", citeWait}
				n.start(t, bin)
			}
			un.env = []string{peerapi.FaultEnv + "=" + tc.fault}
			un.start(t, faulty)
			for _, n := range nodes {
				testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
					code, _ := n.call("GET", "/readyz", "", nil)
					return code == http.StatusOK
				})
			}
			if !strings.Contains(un.logs.String(), "MISBEHAVES ON PURPOSE") {
				t.Fatalf("un's test build does not say it misbehaves:\n%s", un.logs)
			}
			code, b := us.call("POST", "/api/v1/incidents", us.token, incident("forged-1", "shelling near the bridge", "GREEN"))
			var inc struct {
				ID string `json:"id"`
			}
			if code != http.StatusCreated || json.Unmarshal(b, &inc) != nil {
				t.Fatalf("us: report: %d %s", code, b)
			}
			path := "/api/v1/incidents/" + inc.ID
			testwait.For(t, 60*time.Second, "un's node holds us's report", func() bool {
				code, _ := un.call("GET", path, un.token, nil)
				return code == http.StatusOK
			})
			if code, b := un.call("POST", path+"/positions", un.liaison, map[string]any{"on_finding": "accepts", "statement": "un accepts"}); code != http.StatusCreated {
				t.Fatalf("un: state a position on us's report: %d %s", code, b)
			}
			for _, h := range []*node{us, ru} {
				var id string
				testwait.For(t, 90*time.Second, h.party+"'s mirror of un to halt on evidence", func() bool {
					state, ev := peerState(h, "un")
					id = ev
					return state == "halted" && ev != ""
				})
				ev := fetchEvidence(t, bin, h, id)
				if ev.Kind != mirror.KindBadCitation || !strings.Contains(ev.Detail, tc.detail) || ev.Cited == nil || !strings.HasSuffix(ev.Cited.Origin, "/us") {
					t.Fatalf("%s kept %s evidence %q citing %v, want %s saying %q about us's log", h.party, ev.Kind, ev.Detail, ev.Cited, mirror.KindBadCitation, tc.detail)
				}
				testwait.For(t, 60*time.Second, h.party+"'s alert for "+id, func() bool { return evidenceAlerts(t, h, id) == 1 })
				out := verifyEvidence(t, bin, h, id)
				if !strings.Contains(out, fmt.Sprintf("PROVEN (%s, evidence %s", mirror.KindBadCitation, id)) {
					t.Fatalf("truce verify --evidence: %s", out)
				}
				t.Logf("%s: %s: %s\n%s", h.party, ev.Kind, ev.Detail, strings.TrimSpace(out))
				// The forged statement is not folded into the honest node's finding.
				code, b := h.call("GET", path+"/findings", h.token, nil)
				if code != http.StatusOK || strings.Contains(string(b), "un accepts") {
					t.Fatalf("%s's finding holds un's forged statement: %d %.300s", h.party, code, b)
				}
			}
			for _, pair := range [][2]*node{{us, ru}, {ru, us}} {
				if state, ev := peerState(pair[0], pair[1].party); state == "halted" || ev != "" {
					t.Fatalf("%s's mirror of the honest %s is %s (evidence %s)", pair[0].party, pair[1].party, state, ev)
				}
			}
		})
	}
}
