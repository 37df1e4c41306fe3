package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"truce/internal/access"
	"truce/internal/app"
)

// Centre is where the scenario's steps go: on a hosted centre every party
// writes on its one node; on a federated centre each party writes on its
// own node, so that each node's log holds its own party's statements only.
//
// A step in which one party acts on another party's record (acknowledging
// another party's notification, agreeing to another party's zone
// proposal, assessing, reopening, commenting on or marking another
// party's report a duplicate) is a statement citing that record, which a
// node writes only once its mirror holds it; the federated demo seeds its
// nodes before they run and mirror each other, so a federated centre
// leaves such steps out and counts them (LeftOut). A hosted centre leaves
// nothing out.
type Centre struct {
	nodes     map[string]*app.App // by party
	federated bool

	mu      sync.Mutex
	leftOut map[string]int // step kind -> count
}

// Hosted returns the centre of one node holding every party's record.
func Hosted(a *app.App) *Centre {
	c := &Centre{nodes: map[string]*app.App{}, leftOut: map[string]int{}}
	for _, p := range Parties {
		c.nodes[p.ID] = a
	}
	return c
}

// Federated returns the centre of one node per party (nodes by party);
// every party of Parties MUST have one.
func Federated(nodes map[string]*app.App) *Centre {
	return &Centre{nodes: nodes, federated: true, leftOut: map[string]int{}}
}

// node returns the node party's users write on.
func (c *Centre) node(party string) *app.App { return c.nodes[party] }

// user returns demo user name (<party>-<role>) as a principal of its
// party's node, and that node.
func (c *Centre) user(ctx context.Context, name string) (access.Principal, *app.App, error) {
	party, _, _ := strings.Cut(name, "-")
	a := c.node(party)
	if a == nil {
		return access.Public, nil, fmt.Errorf("demo: no node for %s", name)
	}
	p, err := principal(ctx, a, name)
	return p, a, err
}

// across reports whether user (<party>-<role>) acting on records of the
// parties owners is a step across logs, which a federated centre leaves
// out; it counts the step as step if so.
func (c *Centre) across(user, step string, owners ...string) bool {
	party, _, _ := strings.Cut(user, "-")
	if !c.federated || !slices.ContainsFunc(owners, func(o string) bool { return o != party }) {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.leftOut[step]++
	return true
}

// LeftOut returns how many steps of each kind the centre left out
// because they act on another party's record (none on a hosted centre).
func (c *Centre) LeftOut() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.leftOut))
	for k, v := range c.leftOut {
		out[k] = v
	}
	return out
}

// SeedScenario adds the whole illustrative scenario (incidents and zones,
// notifications, flights) to the centre, each step on the node of the
// party whose user takes it. Users of every party must exist on their
// party's node. It is idempotent on a hosted centre.
func SeedScenario(ctx context.Context, c *Centre) error {
	if err := seedIncidentScenario(ctx, c); err != nil {
		return err
	}
	if err := seedNotifyScenario(ctx, c); err != nil { // scenario_notify.go
		return err
	}
	return seedFlightScenario(ctx, c) // scenario_flights.go
}
