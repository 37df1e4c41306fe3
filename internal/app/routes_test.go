package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"truce/internal/access"
)

// roleBits maps each role to its bit in a roles set.
var roleBits = []struct {
	role access.Role
	bit  roles
}{{access.RoleObserver, O}, {access.RoleReporter, Rp}, {access.RoleAnalyst, An}, {access.RoleLiaison, L}, {access.RoleAdmin, Ad}}

// classify reduces a status to what the role table says about it.
func classify(status int) outcome {
	switch status {
	case 401, 403:
		return deny
	case 404:
		return hide
	}
	return allow
}

func (o outcome) String() string {
	return [...]string{"allowed", "refused (401/403)", "hidden (404)"}[o]
}

// TestEveryRouteHonoursTheRoleTable derives every route from the server's
// route table (api.Server.RoutePatterns, with the OGC API) and checks, with
// real requests against a real node, the public and each role of the
// record's own party and of another party against routeTable. A route
// without a row (or without a request in routeRequests) fails the test.
func TestEveryRouteHonoursTheRoleTable(t *testing.T) {
	f := newRouteFixture(t)
	patterns := f.n.app.API.RoutePatterns()
	requests := routeRequests()
	var missing []string
	for _, p := range patterns {
		if _, ok := routeTable[p]; !ok {
			missing = append(missing, p)
		}
		if _, ok := requests[p]; !ok {
			t.Errorf("route %q has no request in routeRequests (routes_requests_test.go)", p)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("routes without a row in the role table (routes_table_test.go and README.md, \"Who may do what\"):\n  %s", strings.Join(missing, "\n  "))
	}
	for p := range routeTable {
		if !slices.Contains(patterns, p) {
			t.Errorf("the role table has a row for %q, which is no route", p)
		}
	}
	var bad []string
	check := func(pattern string, c caller, want outcome) {
		t.Helper()
		rc := requests[pattern]
		req := rc.build(f, c)
		status, body := f.send(req, c.user)
		if got := classify(status); got != want {
			who := c.user
			if who == "" {
				who = "the public"
			}
			bad = append(bad, fmt.Sprintf("%s as %s: %d (%s), want %s: %.200s", pattern, who, status, got, want, body))
		}
	}
	for _, p := range patterns {
		rule, rc := routeTable[p], requests[p]
		check(p, caller{own: true}, rule.public)
		for _, side := range []struct {
			party string
			own   bool
			cell  cell
		}{{rc.own, true, rule.own}, {rc.other, false, rule.other}} {
			for _, rb := range roleBits {
				check(p, caller{user: side.party + "-" + string(rb.role), party: side.party, own: side.own}, side.cell.want(rb.bit))
			}
		}
	}
	if len(bad) > 0 {
		t.Errorf("%d requests differ from the role table:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
}
