// Package app builds a truce node from its configuration: it opens the store,
// loads and checks the log, starts the sequencer and checkpointer, and wires
// the services into the HTTP API. Tests start it on port 0 in a temp dir.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/accounts"
	"truce/internal/api"
	"truce/internal/config"
	"truce/internal/flights"
	"truce/internal/gazetteer"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/membership"
	"truce/internal/store"
	"truce/internal/web"
	"truce/internal/zones"
)

// App is a running node.
type App struct {
	Config *config.Server
	Log    *slog.Logger
	Keys   *NodeKeys
	DB     *store.DB
	Hashes *ledger.HashStore
	// Follower, on PostgreSQL only, serialises this process's batches with
	// other processes' and keeps Hashes in step with the shared log.
	Follower     *store.Follower
	Sequencer    *ledger.Sequencer
	Checkpointer *ledger.Checkpointer
	Accounts     *accounts.Service
	Auditor      *accounts.Auditor
	API          *api.Server
	Zones        *zones.Service
	Incidents    *incidents.Service
	Places       *gazetteer.Gazetteer
	Flights      *flights.Service
	// Integrity checks every entry read and, in the background, the whole
	// store; it halts writes on the first mismatch (integrity.go).
	Integrity *Integrity

	// Witnesses overrides the witnesses built from Config (tests, demo).
	witnesses []ledger.Witness

	cancel context.CancelFunc
	wg     sync.WaitGroup
	subs   subscribers
}

// Options are what Open needs besides the configuration.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
	// Witnesses, if not nil, are used instead of the configured ones.
	Witnesses []ledger.Witness
}

// Open opens the node in cfg.Data, checks its log against its latest
// checkpoint and starts its background work. Close stops it.
func Open(ctx context.Context, cfg *config.Server, opts Options) (*App, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	keys, err := LoadNodeKeys(cfg.Data)
	if err != nil {
		return nil, err
	}
	var db *store.DB
	if cfg.DB != "" {
		db, err = store.Open(ctx, cfg.DB)
	} else {
		db, err = store.OpenSQLite(ctx, filepath.Join(cfg.Data, DBFile))
	}
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Log: logger, Keys: keys, DB: db}
	if err := a.start(ctx, opts); err != nil {
		db.Close()
		return nil, err
	}
	db.StartIncidentIndex() // window queries from memory once loaded (store/incidents_index*.go)
	return a, nil
}

func (a *App) start(ctx context.Context, opts Options) error {
	// The checkpoint is read before the tree: on PostgreSQL another process
	// may sign a larger checkpoint meanwhile, and every checkpoint covers
	// only entries committed before it was saved.
	prev, err := a.DB.LatestCheckpoint(ctx)
	if err != nil {
		return err
	}
	commitments, hashes, err := a.DB.LoadTree(ctx)
	if err != nil {
		return fmt.Errorf("%w (run 'truce verify --deep --data %s' for details)", err, a.Config.Data)
	}
	// Recompute the tree from the commitments rather than trusting the
	// stored hashes (about a second per million entries): a stored hash that
	// differs means the store was altered.
	if a.Hashes, err = ledger.RebuildHashStore(commitments); err != nil {
		return err
	}
	if err := a.Hashes.Matches(hashes); err != nil {
		return fmt.Errorf("refusing to start: %w (run 'truce verify --deep --data %s' for details)", err, a.Config.Data)
	}
	if err := checkAgainstCheckpoint(a.Hashes, prev, a.Keys); err != nil {
		return fmt.Errorf("refusing to start: %w (run 'truce verify --deep --data %s' for details)", err, a.Config.Data)
	}
	var lastTime time.Time
	if n := a.Hashes.Size(); n > 0 {
		se, err := a.DB.Entry(ctx, n-1)
		if err != nil {
			return fmt.Errorf("refusing to start: %w (run 'truce verify --deep --data %s' for details)", err, a.Config.Data)
		}
		lastTime = se.Entry.TimeValue()
	}
	var backend ledger.Backend = a.DB
	onCommit := a.subs.publish
	if a.DB.Engine == store.Postgres {
		if a.Follower, err = a.DB.NewFollower(a.Hashes, a.subs.publish, a.Log); err != nil {
			return err
		}
		backend, onCommit = a.Follower, a.Follower.OnCommit
	}
	a.Sequencer = ledger.NewSequencer(backend, a.Hashes, ledger.SequencerOptions{
		Now: opts.Now, Logger: a.Log, LastTime: lastTime, OnCommit: onCommit,
	})
	// From here on every entry read is checked against the tree just
	// verified, and a mismatch halts writes (integrity.go).
	a.Integrity = newIntegrity(a, opts.Now)
	a.DB.CheckReadsAgainst(a.Hashes, a.Integrity.Tampered)
	witnesses := opts.Witnesses
	if witnesses == nil {
		if witnesses, err = newWitnessClients(a.Config.Witnesses, a.Log); err != nil {
			return err
		}
	}
	quorum := a.Config.Quorum
	if quorum < 0 || quorum > len(witnesses) {
		quorum = len(witnesses)
	}
	a.Checkpointer, err = ledger.NewCheckpointer(a.Keys.Origin(), a.Keys.Signer, a.Hashes, a.DB, prev,
		ledger.CheckpointerOptions{Witnesses: witnesses, Quorum: quorum, Logger: a.Log})
	if err != nil {
		return err
	}
	a.Accounts = accounts.NewService(a.DB.Access(), a.Sequencer, opts.Now, a.Log)
	a.Subscribe(a.Accounts.Observe) // revocations clear cached credentials at once
	a.Auditor = accounts.NewAuditor(a.DB.Access(), opts.Now, a.Log)
	if err := a.openDomains(opts.Now); err != nil {
		return err
	}
	a.API = api.New(api.Deps{
		Accounts: a.Accounts, Auditor: a.Auditor, DB: a.DB, Hashes: a.Hashes, Checkpointer: a.Checkpointer,
		VerifierKey: a.Keys.VerifierKey, Logger: a.Log, Registry: prometheus.NewRegistry(),
		Zones: a.Zones, Incidents: a.Incidents, Places: a.Places,
		Membership: membership.NewService(a.DB.Membership(), a.Sequencer, a.Log),
		Ready: func() error {
			if err := a.Integrity.Err(); err != nil {
				return err
			}
			if a.Checkpointer.Latest() == nil {
				return errors.New("no checkpoint published yet")
			}
			return nil
		},
	}, api.Options{MaxBody: a.Config.MaxBody, RateLimit: a.Config.RateLimit,
		SecureCookies: a.Config.TLSCert != "", HSTS: a.Config.TLSCert != "",
		TileURL: a.Config.TileURL, TileAttribution: a.Config.TileAttribution})
	a.API.Handle("/", web.Handler()) // the web UI (internal/web)

	bg, cancel := context.WithCancel(context.Background())
	a.cancel = cancel
	interval := a.Config.CheckpointInterval
	if interval <= 0 {
		interval = time.Second
	}
	a.wg.Go(func() { a.Checkpointer.Run(bg, interval) })
	if err := a.startNotify(ctx, bg, opts.Now); err != nil { // internal/app/domains_notify.go
		cancel()
		return err
	}
	if err := a.startFlights(ctx, bg, opts.Now); err != nil { // internal/app/domains_flights.go
		cancel()
		return err
	}
	if a.Follower != nil {
		a.wg.Go(func() { a.Follower.Run(bg, time.Second) })
	}
	a.wg.Go(func() { a.Integrity.Run(bg, a.Config.IntegrityInterval) })
	a.wg.Go(func() { a.DB.WatchAvailability(bg, time.Second, a.Log) }) // logs database outages

	// Publish a first checkpoint at once so that /readyz turns ready.
	if _, err := a.Checkpointer.SignNow(ctx); err != nil {
		a.Log.Warn("first checkpoint not published", "err", err)
	}
	return nil
}

// checkAgainstCheckpoint verifies that the loaded tree contains the latest
// signed checkpoint: same root at its size, signed by this node.
func checkAgainstCheckpoint(h *ledger.HashStore, prev *ledger.SignedCheckpoint, keys *NodeKeys) error {
	if prev == nil {
		return nil
	}
	if _, _, err := ledger.OpenCheckpoint(prev.Signed, keys.Verifier); err != nil {
		return fmt.Errorf("latest stored checkpoint: %w", err)
	}
	if prev.N > h.Size() {
		return fmt.Errorf("the log has %d entries but checkpoint %d was signed: entries are missing", h.Size(), prev.N)
	}
	hr, _ := h.Snapshot()
	root, err := tlog.TreeHash(prev.N, hr)
	if err != nil {
		return err
	}
	if root != prev.Hash {
		return fmt.Errorf("the tree at size %d has root %s, but the signed checkpoint says %s", prev.N, root, prev.Hash)
	}
	return nil
}

// Handler returns the node's HTTP handler.
func (a *App) Handler() http.Handler { return a.API }

// Close stops the background work, finishes queued writes, publishes a last
// checkpoint and closes the store.
func (a *App) Close() error {
	a.Sequencer.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := a.Checkpointer.SignNow(ctx); err != nil {
		a.Log.Warn("last checkpoint not published", "err", err)
	}
	a.cancel()
	a.wg.Wait()
	a.Auditor.Close()
	a.subs.close()
	return a.DB.Close()
}

// DataDirExists reports whether dir holds a node.
func DataDirExists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, SignerKeyFile))
	return err == nil
}
