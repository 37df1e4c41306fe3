package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/backup"
	"truce/internal/config"
	"truce/internal/store"
	"truce/internal/verify"
)

// ErrLost marks an acknowledged write that a restarted node does not have.
var ErrLost = errors.New("acknowledged write lost")

// CrashOptions configure a crash campaign ([Crash]).
type CrashOptions struct {
	// Dir is the node's data directory; Crash creates the node there, so
	// it must not hold one.
	Dir string
	// Cycles is how many times the node is started, loaded and killed.
	Cycles int
	// Run is the longest a node runs under load in one cycle; it is killed
	// with SIGKILL at a random moment in the second half. Default 2 s.
	Run time.Duration
	// Writers is the number of concurrent writing clients. Default 8.
	Writers int
	// Command returns the command that runs truce with args (Crash passes
	// "serve" and its flags); the process must log, on its standard
	// error, the URL it serves at (as `truce serve` does).
	Command func(args ...string) *exec.Cmd
	// DB, if set, is the PostgreSQL database (DSN) the node keeps its log
	// in; the campaign then skips the deep check of the SQLite file.
	DB string
	// Log, if set, receives the node processes' logs.
	Log io.Writer
	// Seed chooses the kill moments.
	Seed uint64
}

// CrashResult is the outcome of a campaign.
type CrashResult struct {
	Cycles   int            // cycles run
	Acked    int            // writes acknowledged by the node
	ByKind   map[string]int // acknowledged writes per kind
	Lost     []Write        // acknowledged writes missing after a restart
	Entries  int64          // entries in the log at the end
	Restarts []time.Duration
	// Forks are the restarts after which the node's signed tree was not
	// an extension of the last checkpoint it served before the kill.
	Forks []string
	// DeepProblems are what verify --deep found in the store at the end.
	DeepProblems []verify.Problem
}

// Crash runs a crash campaign: it creates a node in o.Dir, then o.Cycles
// times starts it as a separate process, checks from outside that its
// signed tree extends the last checkpoint the previous process served and
// that every write that process acknowledged is there, drives a mixed write load
// (incidents, hotline messages, flight plans, protected sites and their
// acknowledgements) at it and kills it with SIGKILL mid-load. At the end it
// starts the node once more, checks every write of the whole campaign, and
// verifies the store deeply. Lost writes are reported in the result, not as
// an error; an error means the campaign could not run (a node that does
// not start, an answer the load did not expect).
func Crash(ctx context.Context, o CrashOptions, say Progress) (*CrashResult, error) {
	if o.Run <= 0 {
		o.Run = 2 * time.Second
	}
	if o.Writers <= 0 {
		o.Writers = 8
	}
	tokens, err := SetupNode(ctx, o.Dir, o.DB)
	if err != nil {
		return nil, fmt.Errorf("crash campaign: create the node: %w", err)
	}
	res := &CrashResult{ByKind: map[string]int{}}
	keys, err := app.LoadNodeKeys(o.Dir)
	if err != nil {
		return nil, fmt.Errorf("crash campaign: %w", err)
	}
	var lastCP []byte // the last checkpoint the killed process served
	checkTree := func(cycle int, n *NodeProcess) string {
		if lastCP == nil {
			return "no checkpoint served yet"
		}
		if err := extends(ctx, n.Base, keys.Verifier, lastCP); err != nil {
			res.Forks = append(res.Forks, fmt.Sprintf("restart %d: %v", cycle, err))
			return "tree does NOT extend the last served checkpoint"
		}
		return "tree extends the last served checkpoint"
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x6372617368))
	lost := map[Write]bool{}
	var all, pending []Write
	checkAll := func(c *loadClient, ws []Write) (int, error) {
		missing := 0
		for _, w := range ws {
			err := c.check(ctx, w)
			switch {
			case errors.Is(err, ErrLost):
				missing++
				if !lost[w] {
					lost[w] = true
					res.Lost = append(res.Lost, w)
				}
			case err != nil:
				return missing, fmt.Errorf("crash campaign: check %s: %w", w.Path, err)
			}
		}
		return missing, nil
	}
	for cycle := 1; cycle <= o.Cycles; cycle++ {
		n, err := startNode(ctx, o)
		if err != nil {
			return res, fmt.Errorf("crash campaign: cycle %d: %w", cycle, err)
		}
		res.Restarts = append(res.Restarts, n.Ready)
		tree := checkTree(cycle, n)
		c := n.client(tokens)
		missing, err := checkAll(c, pending)
		if err != nil {
			n.Kill()
			return res, err
		}
		loadCtx, stop := context.WithCancel(ctx)
		lastServed := watchCheckpoints(loadCtx, n.Base)
		after := o.Run/2 + time.Duration(rng.Int64N(int64(o.Run/2)+1))
		killed := make(chan struct{})
		t := time.AfterFunc(after, func() { n.Kill(); stop(); close(killed) })
		lr, err := mixedLoad(loadCtx, c, LoadOptions{Writers: o.Writers, Tag: cycle})
		acked := lr.Acked
		<-killed
		t.Stop()
		if cp := lastServed(); cp != nil {
			lastCP = cp
		}
		if err != nil {
			return res, fmt.Errorf("crash campaign: cycle %d: %w", cycle, err)
		}
		for _, w := range acked {
			res.ByKind[w.Kind]++
		}
		res.Acked += len(acked)
		res.Cycles = cycle
		say("cycle %d/%d: started in %s, %s, previous %d writes checked, %d missing; killed after %s with %d writes acknowledged",
			cycle, o.Cycles, n.Ready.Round(time.Millisecond), tree, len(pending), missing, after.Round(time.Millisecond), len(acked))
		all = append(all, acked...)
		pending = acked
	}
	n, err := startNode(ctx, o)
	if err != nil {
		return res, fmt.Errorf("crash campaign: last start: %w", err)
	}
	tree := checkTree(o.Cycles+1, n)
	missing, err := checkAll(n.client(tokens), all)
	n.Kill()
	if err != nil {
		return res, err
	}
	say("end: %s, all %d acknowledged writes checked, %d missing", tree, len(all), missing)
	if o.DB != "" {
		return res, nil // the deep check below reads the SQLite file
	}
	return res, deepCheck(ctx, o.Dir, res)
}

// deepCheck opens the node (which checks its log against its latest
// checkpoint) and runs verify --deep on its store.
func deepCheck(ctx context.Context, dir string, res *CrashResult) error {
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		return fmt.Errorf("crash campaign: open the node after the last kill: %w", err)
	}
	verifier := a.Keys.Verifier
	res.Entries = a.Hashes.Size()
	if err := a.Close(); err != nil {
		return fmt.Errorf("crash campaign: close: %w", err)
	}
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		return fmt.Errorf("crash campaign: verify: %w", err)
	}
	defer db.Close()
	scratch, err := os.MkdirTemp(filepath.Dir(dir), "verify-")
	if err != nil {
		return fmt.Errorf("crash campaign: verify: %w", err)
	}
	defer os.RemoveAll(scratch)
	rep, err := verify.Deep(ctx, db, verifier, scratch, nil)
	if err != nil {
		return fmt.Errorf("crash campaign: verify --deep: %w", err)
	}
	res.DeepProblems = rep.Problems
	return nil
}

// SetupNode creates the node the crash campaign and the recovery tests
// load, in dir: party un hosting it, the co-chairs us and ru, the users the
// load writes as (us-reporter, us-liaison, ru-liaison, un-liaison) and an
// API token for each, which it returns by user name. With dsn (a
// PostgreSQL database, empty schema) the log is then moved there, as
// `truce migrate` does, and the node must be served with --db dsn.
func SetupNode(ctx context.Context, dir, dsn string) (map[string]string, error) {
	tokens, err := setupSQLite(ctx, dir)
	if err != nil || dsn == "" {
		return tokens, err
	}
	src, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	if err := backup.Copy(ctx, src, dst, nil); err != nil {
		return nil, fmt.Errorf("move the log to PostgreSQL: %w", err)
	}
	return tokens, nil
}

func setupSQLite(ctx context.Context, dir string) (map[string]string, error) {
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "crash.truce.invalid/node",
		Party: accounts.NewParty{ID: "un", Name: "UN", Kind: "un"}, AdminUser: "un-admin", AdminPassword: "crash campaign 1"}); err != nil {
		return nil, err
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	for _, p := range []accounts.NewParty{{ID: "us", Name: "United States", Kind: "military", CoChair: true}, {ID: "ru", Name: "Russian Federation", Kind: "military", CoChair: true}} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			return nil, err
		}
	}
	tokens := map[string]string{}
	for _, u := range []accounts.NewUser{{Username: "us-reporter", Party: "us", Role: access.RoleReporter}, {Username: "us-liaison", Party: "us", Role: access.RoleLiaison},
		{Username: "ru-liaison", Party: "ru", Role: access.RoleLiaison}, {Username: "un-liaison", Party: "un", Role: access.RoleLiaison}} {
		u.Password = "password-" + u.Username
		created, err := a.Accounts.CreateUser(ctx, access.Public, u, true)
		if err != nil {
			return nil, err
		}
		tok, err := a.Accounts.IssueToken(ctx, access.Public, created.ID, "crash", 0, true)
		if err != nil {
			return nil, err
		}
		tokens[u.Username] = tok.Secret
	}
	return tokens, nil
}

// client returns a client of n as the campaign's users.
func (n *NodeProcess) client(tokens map[string]string) *loadClient {
	return &loadClient{base: n.Base, tokens: tokens, http: &http.Client{Timeout: 30 * time.Second}}
}
