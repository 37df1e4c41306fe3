package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"truce/internal/testwait"
)

// planBody is a two-waypoint flight plan at 20,000 ft for 30 minutes from
// t0, released to us and ru.
func planBody(callsign string, lat0, lon0, lat1, lon1 float64, t0 time.Time) map[string]any {
	return map[string]any{"callsign": callsign, "category": "fixed_wing",
		"releasability": map[string]any{"tlp": "AMBER", "audience": []string{"us", "ru"}},
		"waypoints": []map[string]any{
			{"lat": lat0, "lon": lon0, "alt_ft": 20000, "time": t0.Format(time.RFC3339)},
			{"lat": lat1, "lon": lon1, "alt_ft": 20000, "time": t0.Add(30 * time.Minute).Format(time.RFC3339)}}}
}

// conflictBetween reports whether n lists, for token, an open plan
// conflict whose subjects name both plans a and b.
func conflictBetween(n *node, token, a, b string) bool {
	code, body := n.call("GET", "/api/v1/conflicts?kind=conflict", token, nil)
	if code != http.StatusOK {
		return false
	}
	var page struct {
		Items []struct {
			Status   string   `json:"status"`
			Subjects []string `json:"subjects"`
		} `json:"items"`
	}
	if json.Unmarshal(body, &page) != nil {
		return false
	}
	names := func(subjects []string, id string) bool {
		return slices.ContainsFunc(subjects, func(s string) bool { return strings.Contains(s, id) })
	}
	for _, c := range page.Items {
		if c.Status == "open" && names(c.Subjects, a) && names(c.Subjects, b) {
			return true
		}
	}
	return false
}

// TestConflictAcrossNodes checks, with two real party nodes, that a
// conflict between us's aircraft (its plan filed on us's node) and ru's
// (filed on ru's node) is found on both nodes, each from its own plan and
// the other's mirrored one, without a restart.
func TestConflictAcrossNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two truce processes")
	}
	bin := buildTruce(t)
	nodes := foundOf(t, bin, []string{"us", "ru"}, "")
	liaison := map[string]string{}
	for _, n := range nodes {
		liaison[n.party] = n.liaison
	}
	for _, n := range nodes {
		n.start(t, bin)
	}
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, n.party+" ready", func() bool {
			code, _ := n.call("GET", "/readyz", "", nil)
			return code == http.StatusOK
		})
	}
	us, ru := nodes[0], nodes[1]
	t0 := time.Now().UTC().Truncate(time.Second).Add(time.Hour)
	ids := map[string]string{}
	for _, f := range []struct {
		n                      *node
		lat0, lon0, lat1, lon1 float64
	}{{us, 35.0, 37.0, 35.0, 38.0}, {ru, 34.6, 37.5, 35.4, 37.5}} {
		code, b := f.n.call("POST", "/api/v1/flightplans", liaison[f.n.party], planBody(strings.ToUpper(f.n.party)+"1", f.lat0, f.lon0, f.lat1, f.lon1, t0))
		var p struct {
			ID string `json:"id"`
		}
		if code != http.StatusCreated || json.Unmarshal(b, &p) != nil {
			t.Fatalf("%s files: %d %s", f.n.party, code, b)
		}
		ids[f.n.party] = p.ID
	}
	for _, n := range nodes {
		testwait.For(t, 60*time.Second, "the conflict between us's and ru's aircraft on "+n.party+"'s node", func() bool {
			return conflictBetween(n, liaison[n.party], ids["us"], ids["ru"])
		})
	}
}
