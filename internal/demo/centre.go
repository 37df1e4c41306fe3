package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
	"truce/internal/access"

	"truce/internal/app"
	"truce/internal/fault"
)

// Centre is where the scenario's steps go: on a hosted centre every party
// writes on its one node; on a federated centre each party writes on its
// own node, so that each node's log holds its own party's statements only.
//
// A step in which one party acts on another party's record (acknowledging
// another party's notification, agreeing to another party's zone
// proposal, assessing, reopening, commenting on or marking another
// party's report a duplicate) is a statement citing that record, which a
// node writes only once its mirror holds it. The federated demo seeds its
// nodes before they run and mirror each other, so a federated centre
// keeps such steps aside (Across) and plays them once the nodes run
// (PlayAcross), each as soon as the acting node's mirrors hold what it
// cites. A hosted centre plays every step at once.
type Centre struct {
	nodes     map[string]*app.App // by party
	federated bool

	mu      sync.Mutex
	kept    []acrossStep   // kept aside, in scenario order
	leftOut map[string]int // steps a federated centre cannot take yet, by kind
}

// acrossStep is a step on another party's record kept for PlayAcross: its
// kind (for the summary) and what it does, given the centre of the
// running nodes.
type acrossStep struct {
	kind, record string // record: the record it acts on; steps on one record keep their order
	run          func(ctx context.Context, c *Centre) error
}

// Hosted returns the centre of one node holding every party's record.
func Hosted(a *app.App) *Centre {
	c := &Centre{nodes: map[string]*app.App{}}
	for _, p := range Parties {
		c.nodes[p.ID] = a
	}
	return c
}

// Federated returns the centre of one node per party (nodes by party);
// every party of Parties MUST have one.
func Federated(nodes map[string]*app.App) *Centre {
	return &Centre{nodes: nodes, federated: true}
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
// parties owners is a step across logs on a federated centre; if so it
// keeps run, the step, for PlayAcross under kind and the caller MUST NOT
// take the step now. run resolves its users and reads what it needs on
// the centre it is given (the running nodes'), never on this one's.
func (c *Centre) across(user, kind, record string, run func(ctx context.Context, c *Centre) error, owners ...string) bool {
	party, _, _ := strings.Cut(user, "-")
	if !c.federated || !slices.ContainsFunc(owners, func(o string) bool { return o != party }) {
		return false
	}
	c.keep(kind, record, run)
	return true
}

// keep keeps run aside for PlayAcross under kind, whoever takes it: a
// step on a record one of whose earlier steps was kept aside.
func (c *Centre) keep(kind, record string, run func(ctx context.Context, c *Centre) error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kept = append(c.kept, acrossStep{kind: kind, record: record, run: run})
}

// leaveOut counts a step a federated centre cannot take yet under kind.
func (c *Centre) leaveOut(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.leftOut == nil {
		c.leftOut = map[string]int{}
	}
	c.leftOut[kind]++
}

// LeftOut returns how many steps of each kind the centre left out because
// a federation cannot take them yet (none on a hosted centre).
func (c *Centre) LeftOut() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.leftOut)
}

// Across returns how many steps of each kind the centre kept aside
// because they act on another party's record (none on a hosted centre).
func (c *Centre) Across() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for _, s := range c.kept {
		out[s.kind]++
	}
	return out
}

// PlayAcross plays the steps kept aside on nodes (the running party
// nodes, by party): the steps on one record in scenario order, those on
// different records concurrently. A step refused because the acting node
// does not hold what it needs yet (a conflict: its mirror does not hold
// what it cites, or the record is not yet in the state the step needs; a
// record not found; a stale version) is tried again until it passes or
// wait has gone by since the step began; then it is left out, with the
// later steps on its record. It returns the steps played and those left
// out, by kind (each left out is logged to log with its error), and
// progress(kind) is called after each step played.
func (c *Centre) PlayAcross(ctx context.Context, nodes map[string]*app.App, wait time.Duration, progress func(kind string), log *slog.Logger) (played, leftOut map[string]int) {
	c.mu.Lock()
	var order []string
	byRecord := map[string][]acrossStep{}
	for _, s := range c.kept {
		if _, ok := byRecord[s.record]; !ok {
			order = append(order, s.record)
		}
		byRecord[s.record] = append(byRecord[s.record], s)
	}
	c.mu.Unlock()
	running := Federated(nodes)
	var mu sync.Mutex
	played, leftOut = map[string]int{}, map[string]int{}
	var g errgroup.Group
	g.SetLimit(8)
	for _, record := range order {
		g.Go(func() error {
			steps := byRecord[record]
			for i, s := range steps {
				if err := playStep(ctx, running, s, wait); err != nil {
					log.WarnContext(ctx, "demo step across logs left out", "step", s.kind, "record", record, "err", err)
					mu.Lock()
					for _, rest := range steps[i:] {
						leftOut[rest.kind]++
					}
					mu.Unlock()
					return nil
				}
				mu.Lock()
				played[s.kind]++
				if progress != nil {
					progress(s.kind)
				}
				mu.Unlock()
			}
			return nil
		})
	}
	_ = g.Wait() // the steps report their own errors
	return played, leftOut
}

// playStep takes s on running, trying again while it is refused for
// what the acting node does not hold yet, for at most wait.
func playStep(ctx context.Context, running *Centre, s acrossStep, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		err := s.run(ctx, running)
		if err == nil {
			return nil
		}
		retry := errors.Is(err, fault.ErrConflict) || errors.Is(err, fault.ErrNotFound) || errors.Is(err, fault.ErrPrecondition)
		if !retry || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
		case <-time.After(250 * time.Millisecond): // the mirrors poll every second
		}
	}
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
