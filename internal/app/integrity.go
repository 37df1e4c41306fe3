package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"truce/internal/alerts"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/verify"
)

// integrityBatch is how many entry rows one query of the background walk
// reads: short reads, so that writers are never held up for long.
const integrityBatch = 1000

// integrityProgress is how many entries the walk checks between progress
// lines in the log.
const integrityProgress = 100_000

// Integrity watches the node's store while it runs. Every entry row a read
// serves is checked by the store (store.DB.CheckReadsAgainst); in the
// background, Run walks every entry row against its commitment and the
// tree, and compares every projection with a replay of the log. The first
// mismatch, found by either, MUST stop every write but the alert that
// reports it: the sequencer is halted, Err (hence /readyz) reports the
// altered row, the log names it, and an extreme store_integrity alert is
// raised to every party. Nothing clears the state but a restart on a
// repaired store.
type Integrity struct {
	db      *store.DB
	hashes  *ledger.HashStore
	seq     *ledger.Sequencer
	alerts  *alerts.Service
	log     *slog.Logger
	scratch string // directory of the replay's scratch database (SQLite)

	mu      sync.Mutex
	failure string // what was found altered; "" while the store is sound
	checks  int    // full checks completed
	found   chan string
}

// Checks returns how many full background checks have completed, whatever
// they found.
func (c *Integrity) Checks() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.checks
}

// newIntegrity returns the watcher of a's store, raising its alert through
// the node's one alerts service; a's DB, Hashes, Sequencer and Alerts must
// be set.
func newIntegrity(a *App) *Integrity {
	return &Integrity{
		db: a.DB, hashes: a.Hashes, seq: a.Sequencer, alerts: a.Alerts, log: a.Log, scratch: a.Config.Data,
		found: make(chan string, 1),
	}
}

// Err returns why the store is not to be trusted, or nil while every check
// has passed. Its text names the altered row, never its content.
func (c *Integrity) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failure == "" {
		return nil
	}
	return fmt.Errorf("store integrity check failed: %s was altered; writes are refused (run 'truce verify --deep', restore the store from a backup and restart)", c.failure)
}

// Tampered is the store's hook for an entry row that failed its check on a
// read: it halts writes at once and queues the alert.
func (c *Integrity) Tampered(te *store.TamperError) {
	c.fail(fmt.Sprintf("log entry %d", te.Seq), te.Reason)
}

// fail records the first failure: writes stop before fail returns, and
// Run raises the alert. Later failures are only logged.
func (c *Integrity) fail(what, reason string) {
	c.log.Error("store integrity: altered row found", "row", what, "reason", reason)
	c.mu.Lock()
	first := c.failure == ""
	if first {
		c.failure = what
	}
	c.mu.Unlock()
	if !first {
		return
	}
	c.seq.Halt(fmt.Errorf("the store was found altered at %s", what), isIntegrityAlert)
	select {
	case c.found <- what:
	default:
	}
}

// isIntegrityAlert accepts the one write a halted node still makes: the
// alert that reports the alteration.
func isIntegrityAlert(d *ledger.Draft) bool {
	r, ok := d.Payload.(*alerts.Raised)
	return ok && d.Kind == alerts.EntryRaised && r.Kind == alerts.KindIntegrity
}

// Run checks the store once at once, then every interval (never if
// interval is 0), and raises the alert of a failure found by a check or by
// a read, until ctx ends.
func (c *Integrity) Run(ctx context.Context, interval time.Duration) {
	var tick <-chan time.Time
	if interval > 0 {
		t := time.NewTicker(interval)
		defer t.Stop()
		tick = t.C
	}
	check := true
	for {
		if check && c.Err() == nil {
			if err := c.Check(ctx); err != nil && ctx.Err() == nil {
				c.log.Error("store integrity check did not run to the end", "err", err)
			}
		}
		check = false
		select {
		case <-ctx.Done():
			return
		case what := <-c.found:
			c.raise(ctx, what)
		case <-tick:
			check = true
		}
	}
}

// Check walks every entry row, in batches, against its commitment and the
// tree, then compares every projection with a replay of the log as of one
// snapshot. A mismatch is recorded (fail); the error is for a check that
// could not run.
func (c *Integrity) Check(ctx context.Context) error {
	start := time.Now()
	c.log.InfoContext(ctx, "store integrity check: walking entries", "entries", c.hashes.Size())
	var n int64
	err := c.db.WalkEntries(ctx, 0, integrityBatch, c.hashes, func(se ledger.StoredEntry, problem *store.TamperError) error {
		if problem != nil {
			c.fail(fmt.Sprintf("log entry %d", problem.Seq), problem.Reason)
		}
		if n++; n%integrityProgress == 0 {
			c.log.InfoContext(ctx, "store integrity check: entries checked", "done", n, "of", c.hashes.Size())
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("app: integrity check: %w", err)
	}
	c.log.InfoContext(ctx, "store integrity check: comparing projections with a replay", "entries", n)
	problems, err := verify.Projections(ctx, c.db, c.scratch, func(format string, args ...any) {
		c.log.DebugContext(ctx, "store integrity check: "+fmt.Sprintf(format, args...))
	})
	if err != nil {
		return fmt.Errorf("app: integrity check: %w", err)
	}
	for _, p := range problems {
		c.fail(p.Where, p.Detail)
	}
	c.mu.Lock()
	c.checks++
	c.mu.Unlock()
	c.log.InfoContext(ctx, "store integrity check done", "entries", n, "problems", len(problems),
		"ok", c.Err() == nil, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// raise records the integrity alert, to every party, once per altered row.
func (c *Integrity) raise(ctx context.Context, what string) {
	parties, err := c.db.Access().Parties(ctx)
	if err != nil {
		c.log.ErrorContext(ctx, "store integrity: alert not raised", "err", err)
		return
	}
	var all []string
	for _, p := range parties {
		all = append(all, p.ID)
	}
	if len(all) == 0 {
		c.log.WarnContext(ctx, "store integrity: no party to alert")
		return
	}
	slices.Sort(all)
	_, _, err = c.alerts.Raise(ctx, alerts.Spec{
		Key: "store_integrity:" + what, Kind: alerts.KindIntegrity, Severity: alerts.SeverityExtreme,
		Title: "This node's store was altered",
		Description: fmt.Sprintf("The node found %s altered: it no longer matches the log's commitments or a replay of the log. "+
			"It refuses writes until its operators restore the store; check what it served against the witnessed checkpoints.", what),
		Concerned: all,
		About:     &alerts.About{Row: what},
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		c.log.ErrorContext(ctx, "store integrity: alert not raised", "err", err)
	}
}
