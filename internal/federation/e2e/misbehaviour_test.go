package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"truce/internal/federation/mirror"
	"truce/internal/federation/peerapi"
	"truce/internal/federation/roster"
	"truce/internal/testwait"
)

// maxAge is every node's --federation-max-age here: short, so that a
// stale checkpoint shows within seconds (the nodes' own checkpoints are
// cosigned again every quarter of it).
const maxAge = "8s"

// buildFaulty builds the truce binary with the trucefault build tag: a
// node that misbehaves towards its peers as peerapi.FaultEnv says.
func buildFaulty(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "truce-faulty")
	if out, err := exec.Command("go", "build", "-tags", "trucefault", "-o", bin, "truce/cmd/truce").CombinedOutput(); err != nil {
		t.Fatalf("go build -tags trucefault: %v\n%s", err, out)
	}
	return bin
}

// TestMisbehavingNodeAmongHonestOnes runs un's node as a test build that
// misbehaves towards its peers — forking its log between us and ru, rewriting
// an old entry, serving content that does not match its commitments, or
// serving a stale checkpoint — beside honest truce serve processes for us and
// ru, and checks that each honest node names the misbehaviour: its mirror of
// un halts on evidence of the right kind, one alert concerning every member
// is raised, and truce verify --evidence proves the evidence offline, as a
// process, with the roster's keys; and that neither honest node holds
// evidence against the other. The fork is found only by gossip: each
// honest node alone accepted a history cosigned by a quorum.
func TestMisbehavingNodeAmongHonestOnes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs three truce processes per case")
	}
	bin, faulty := buildTruce(t), buildFaulty(t)
	cases := []struct {
		fault  string
		kind   mirror.Kind
		detail string // in the evidence's detail on both honest nodes
	}{
		{"fork:ru", mirror.KindFork, "(gossip)"},
		{"rewrite", mirror.KindFork, "was rewritten"},
		{"bad-content", mirror.KindBadContent, "do not hash to its commitment"},
		{"stale", mirror.KindStale, "older than " + maxAge},
	}
	for _, tc := range cases {
		t.Run(tc.fault, func(t *testing.T) {
			nodes := found(t, bin)
			us, ru, un := nodes[0], nodes[1], nodes[2]
			for _, n := range nodes {
				n.args = []string{"--federation-max-age", maxAge}
			}
			us.start(t, bin)
			ru.start(t, bin)
			un.start(t, faulty) // behaving, until restarted with the fault
			for _, n := range nodes {
				testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
					code, _ := n.call("GET", "/readyz", "", nil)
					return code == http.StatusOK
				})
			}
			writeN(t, nodes, "before", 1)
			waitConverged(t, nodes, "before un misbehaves")

			un.stop(t, syscall.SIGTERM)
			un.env = []string{peerapi.FaultEnv + "=" + tc.fault}
			un.start(t, faulty)
			if !strings.Contains(un.logs.String(), "MISBEHAVES ON PURPOSE") {
				t.Fatalf("un's test build does not say it misbehaves:\n%s", un.logs)
			}
			writeN(t, []*node{un}, "after", 3)

			for _, h := range []*node{us, ru} {
				var id string
				testwait.For(t, 90*time.Second, h.party+"'s mirror of un to halt on evidence", func() bool {
					state, ev := peerState(h, "un")
					id = ev
					return state == "halted" && ev != ""
				})
				ev := fetchEvidence(t, bin, h, id)
				if ev.Kind != tc.kind || !strings.Contains(ev.Detail, tc.detail) {
					t.Fatalf("%s kept %s evidence %q, want %s saying %q", h.party, ev.Kind, ev.Detail, tc.kind, tc.detail)
				}
				testwait.For(t, 60*time.Second, h.party+"'s alert for "+id, func() bool { return evidenceAlerts(t, h, id) == 1 })
				out := verifyEvidence(t, bin, h, id)
				if !strings.Contains(out, fmt.Sprintf("PROVEN (%s, evidence %s", tc.kind, id)) {
					t.Fatalf("truce verify --evidence: %s", out)
				}
				t.Logf("%s: %s: %s\n%s", h.party, ev.Kind, ev.Detail, strings.TrimSpace(out))
			}
			// Nothing is held against the honest nodes.
			for _, pair := range [][2]*node{{us, ru}, {ru, us}} {
				if state, ev := peerState(pair[0], pair[1].party); state == "halted" || ev != "" {
					t.Fatalf("%s's mirror of the honest %s is %s (evidence %s)", pair[0].party, pair[1].party, state, ev)
				}
			}
		})
	}
}

// fetchEvidence reads evidence id from n's store with truce federation
// evidence (n running), saves it for verifyEvidence and returns it.
func fetchEvidence(t *testing.T, bin string, n *node, id string) *mirror.Evidence {
	t.Helper()
	args := []string{"federation", "evidence", "--data", n.data, "--id", id}
	if n.dsn != "" {
		args = append(args, "--db", n.dsn)
	}
	out := run(t, bin, nil, args...)
	var ev mirror.Evidence
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatalf("truce federation evidence: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(n.data, "..", n.party+"-"+id+".json"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return &ev
}

// verifyEvidence runs truce verify --evidence on the file fetchEvidence
// saved, trusting un's log key and the other members' witness keys from
// the roster n installed, and returns its output; the command must
// succeed.
func verifyEvidence(t *testing.T, bin string, n *node, id string) string {
	t.Helper()
	r, err := roster.LoadInstalled(n.data)
	if err != nil {
		t.Fatal(err)
	}
	un, _ := r.ByParty("un")
	args := []string{"verify", "--evidence", filepath.Join(n.data, "..", n.party+"-"+id+".json"), "--log-key", un.LogKey, "--quorum", fmt.Sprint(r.Quorum)}
	for _, m := range r.Members {
		if m.Party != "un" && m.WitnessKey != "" {
			args = append(args, "--witness-key", m.WitnessKey)
		}
	}
	return run(t, bin, nil, args...)
}
