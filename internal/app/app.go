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

	"truce/internal/accounts"
	"truce/internal/agreements"
	"truce/internal/alerts"
	"truce/internal/api"
	"truce/internal/cases"
	"truce/internal/config"
	"truce/internal/federation/peerapi"
	"truce/internal/findings"
	"truce/internal/flights"
	"truce/internal/follow"
	"truce/internal/gazetteer"
	"truce/internal/hosting"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/membership"
	"truce/internal/monitoring"
	"truce/internal/notify"
	"truce/internal/opsmetrics"
	"truce/internal/report/pdf"
	"truce/internal/sources"
	"truce/internal/sources/extract"
	"truce/internal/store"
	"truce/internal/stream"
	"truce/internal/tilearchive"
	"truce/internal/web"
	"truce/internal/zones"
)

// App is a running node. Open sets every field, in dependency order, and
// none changes afterwards; the services are exported for tests, the demo
// and the CLI.
type App struct {
	Config *config.Server
	Log    *slog.Logger
	Keys   *NodeKeys
	// Party is the party of a party node of a federation (PartyFile in
	// the data directory); "" on a hosted node.
	Party string
	// Hosted are the parties the installed roster says this party node
	// hosts (hosted.go): their users sign in and write here, under their
	// own party. A change of hosted_by in the roster in force updates them
	// while the node runs (applyRoster). Nil on a hosted node.
	Hosted *hosting.Parties
	DB     *store.DB
	Hashes *ledger.HashStore
	// Follower, on PostgreSQL only, serialises this process's batches with
	// other processes' and keeps Hashes in step with the shared log.
	Follower     *follow.Follower
	Sequencer    *ledger.Sequencer
	Checkpointer *ledger.Checkpointer
	Accounts     *accounts.Service
	Auditor      *accounts.Auditor
	Membership   *membership.Service
	Places       *gazetteer.Gazetteer
	Zones        *zones.Service
	Agreements   *agreements.Service
	Incidents    *incidents.Service
	Findings     *findings.Service
	Monitoring   *monitoring.Service
	Notify       *notify.Service
	Alerts       *alerts.Service
	Hotline      *hotline.Service
	Sources      *sources.Service
	// Cases follows up incidents at notified and known sites.
	Cases *cases.Service
	// Stream fans committed entries out to live clients (SSE); Webhooks
	// manages the webhooks a dispatcher delivers to.
	Stream   *stream.Hub
	Webhooks *stream.Webhooks
	Flights  *flights.Service
	// API serves all of the above over HTTP; it is built last.
	API *api.Server
	// Integrity checks every entry read and, in the background, the whole
	// store; it halts writes on the first mismatch (integrity.go).
	Integrity *Integrity
	// Federation is the party node's federation (federation.go): nil
	// unless Options.Federate is set on a party node with a roster.
	Federation *Federation

	cancel context.CancelFunc
	wg     sync.WaitGroup
	subs   subscribers
	// basemap is the PMTiles or MBTiles archive of --basemap (nil
	// without one).
	basemap tilearchive.Archive
	// breaches records the obligations incidents break as they are
	// written, from its watermark on after a restart.
	breaches *agreements.Recorder
}

// Options are what Open needs besides the configuration.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
	// Witnesses, if not nil, are used instead of the configured ones.
	Witnesses []ledger.Witness
	// TrackStream, if set, bounds POST /api/v1/tracks/stream instead of
	// api.DefaultTrackStreamLimits (tests use short limits).
	TrackStream api.TrackStreamLimits
	// Federate, on a party node with an installed roster, opens the
	// federation listener, the embedded witness and the mirrors, and
	// pushes checkpoints to the peers' witnesses (truce serve sets it;
	// admin commands that open the node do not).
	Federate bool

	// crashBeforeBreaches, for tests, leaves the breaches of what is
	// written unrecorded (no recording as entries commit, no catch-up at
	// start): the state a crash between an incident and its breaches
	// leaves.
	crashBeforeBreaches bool
}

// Open opens the node in cfg.Data, checks its log against its latest
// checkpoint and starts its background work. Close stops it.
func Open(ctx context.Context, cfg *config.Server, opts Options) (*App, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	party, err := LoadParty(cfg.Data) // partynode.go
	if err != nil {
		return nil, err
	}
	if err := promoteRotation(cfg.Data, party, logger); err != nil { // keys_rotate.go
		return nil, err
	}
	keys, err := LoadNodeKeys(cfg.Data)
	if err != nil {
		return nil, err
	}
	hosted, err := LoadHosted(cfg.Data, party) // hosted.go
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
	db.SetOrigin(keys.Origin()) // the origin label of own records (store/origin_label.go)
	a := &App{Config: cfg, Log: logger, Keys: keys, Party: party, Hosted: hostedParties(party, hosted), DB: db}
	db.CiteAs(keys.Origin()) // statements cite own entries under this origin
	if err := a.start(ctx, opts); err != nil {
		a.Federation.close() // nil unless it was opened
		db.Close()
		return nil, err
	}
	// Window queries from memory once loaded (package incidents/window),
	// from its snapshot when it checks out, which a build then rewrites.
	db.SetIncidentIndexSnapshot(filepath.Join(cfg.Data, IncidentIndexFile), logger)
	db.StartIncidentIndex()
	return a, nil
}

// start builds the node in one pass, in dependency order: the log and its
// writers, then every domain service, then the subscriptions to committed
// entries, then the API server with all of them (its dependencies never
// change afterwards), and last the background work. Nothing is assigned
// to a service after it is built.
func (a *App) start(ctx context.Context, opts Options) error {
	now := opts.Now

	// The log: the tree checked against the latest signed checkpoint, the
	// sequencer that appends to it and the integrity checker.
	prev, lastTime, err := a.loadLog(ctx) // internal/app/openlog.go
	if err != nil {
		return err
	}
	// The metrics registry first: the log's writers report to it as they
	// work (package opsmetrics).
	registry := prometheus.NewRegistry()
	logMetrics := opsmetrics.NewLog(registry, string(a.DB.Engine), now)
	var backend ledger.Backend = a.DB
	onCommit := a.subs.publish
	if a.DB.Engine == store.Postgres {
		if a.Follower, err = follow.New(a.DB, a.Hashes, a.subs.publish, a.Log); err != nil {
			return err
		}
		backend, onCommit = a.Follower, a.Follower.OnCommit
	}
	// Entries are dated by the node's clock; only a test build told to
	// backdate them (peerapi.FaultEnv) dates them otherwise.
	entryNow, err := peerapi.EntryClock(os.Getenv, now, a.Log)
	if err != nil {
		return err
	}
	a.Sequencer = ledger.NewSequencer(backend, a.Hashes, ledger.SequencerOptions{
		Now: entryNow, Logger: a.Log, LastTime: lastTime, OnCommit: onCommit, Parties: a.speaksFor(), Observer: logMetrics,
	})
	// The alerts service needs only the log; the integrity checker raises
	// its alert through it. From here on every entry read is checked
	// against the tree just verified, and a mismatch halts writes
	// (integrity.go).
	a.Alerts = alerts.NewService(alerts.Deps{Store: a.DB.Alerts(), Log: a.Sequencer, Now: now, Logger: a.Log,
		Withdrawn: alerts.WithdrawnFrom(a.DB.Access().Parties), NodeParty: a.Party, Hosted: a.Hosted})
	a.Integrity = newIntegrity(a)
	a.DB.CheckReadsAgainst(a.Hashes, a.Integrity.Tampered)
	// The federation (federation.go): roster, embedded witness, listener
	// and mirrors; its peers' witnesses cosign the checkpoints.
	if opts.Federate {
		if a.Federation, err = a.openFederation(ctx); err != nil {
			return err
		}
	}
	if a.Checkpointer, err = a.newCheckpointer(prev, opts.Witnesses, logMetrics); err != nil { // witnesses.go
		return err
	}
	if a.Federation != nil {
		if err := a.Federation.newMirrors(ctx, a, now); err != nil {
			return err
		}
	}

	// The domain services, each built once from what it needs.
	a.Accounts = accounts.NewService(accounts.Deps{Store: a.DB.Access(), Log: a.Sequencer, Now: now, Logger: a.Log,
		NodeParty: a.Party, Hosted: a.Hosted})
	a.Auditor = accounts.NewAuditor(accounts.AuditorDeps{Store: a.DB.Access(), Now: now, Logger: a.Log})
	a.Membership = membership.NewService(membership.Deps{Store: a.DB.Membership(), Log: a.Sequencer, Logger: a.Log})
	if a.Places, err = gazetteer.Load(); err != nil {
		return fmt.Errorf("app: gazetteer: %w", err)
	}
	evidence, err := incidents.NewEvidenceStore(filepath.Join(a.Config.Data, EvidenceDir), a.maxUpload(incidents.DefaultMaxEvidence))
	if err != nil {
		return fmt.Errorf("app: evidence store: %w", err)
	}
	known := a.knownParty // domains.go
	a.Zones = zones.NewService(zones.Deps{Store: a.DB.Zones(), Log: a.Sequencer, Now: now, Known: known, Logger: a.Log,
		Joint: a.jointSource()}) // joint.go
	a.Incidents = incidents.NewService(incidents.Deps{
		Store: a.DB.Incidents(), Log: a.Sequencer, Evidence: evidence, Places: a.Places, Known: known,
		Now: now, Logger: a.Log, Zones: a.Zones.VisibleIDs, Origin: a.Keys.Origin(),
	})
	checker, err := notifyChecker(a.Places) // domains_notify.go
	if err != nil {
		return err
	}
	incStore := a.DB.Incidents()
	a.Findings = findings.NewService(findings.Deps{Log: a.Sequencer, Incidents: a.Incidents,
		Exists: func(ctx context.Context, q ledger.Querier, id string) error {
			_, err := incStore.Incident(ctx, q, id)
			return err
		},
		Parties: a.partiesInForce, Evidence: func(sha string) bool { _, ok := evidence.Stat(sha); return ok }, Now: now,
		History: incStore.History, Joint: a.jointHistory()})
	judge := a.newEntryJudge(now) // timeliness.go: receipts and case answers
	a.Notify = notify.NewService(notify.Deps{Store: a.DB.Notify(), Log: a.Sequencer, Parties: a.DB.Access(),
		Config: notify.Config{SiteAck: a.Config.SiteAckDeadline, MovementLead: a.Config.MovementAckLead}, Now: now, Logger: a.Log,
		Checker: checker, Judge: judge,
		Joint: a.jointNotices(), Cite: a.DB.TimelineCitation}) // joint.go
	attachments, err := hotline.NewAttachmentStore(filepath.Join(a.Config.Data, AttachmentsDir), a.maxUpload(hotline.DefaultMaxAttachment))
	if err != nil {
		return fmt.Errorf("app: attachment store: %w", err)
	}
	a.Monitoring = monitoring.NewService(monitoring.Deps{Store: a.DB.Monitoring(), Log: a.Sequencer, Notify: a.Notify,
		Parties: a.partiesInForce, Now: now}) // parties_in_force.go
	a.Hotline = hotline.NewService(hotline.Deps{Store: a.DB.Hotline(), Log: a.Sequencer, Parties: a.DB.Access(),
		Attachments: attachments, Now: now, Logger: a.Log})
	a.Cases = cases.NewService(cases.Deps{Store: a.DB.Cases(), Log: a.Sequencer, Parties: a.partiesInForce, Alerts: a.Alerts,
		Evidence: func(sha string) bool { _, ok := evidence.Stat(sha); return ok },
		Config:   cases.Config{RequestWithin: a.Config.CaseRequestDeadline}, Now: now, Logger: a.Log, Judge: judge})
	monitor := alerts.NewMonitor(alerts.MonitorDeps{Alerts: a.Alerts, Notify: a.Notify, Parties: a.DB.Access(),
		FollowUp: a.Cases, Logger: a.Log})
	a.Stream = stream.NewHub(stream.HubDeps{})
	a.Webhooks = stream.NewWebhooks(stream.WebhooksDeps{Store: a.DB.Webhooks(),
		Head: func() int64 { return a.Hashes.Size() - 1 }, Now: now})
	opsmetrics.RegisterHub(registry, a.Stream)
	opsmetrics.RegisterReadAudit(registry, a.Auditor.Backlog)
	airRules := agreements.NewTrackJudge()                                         // indexed and drained by the breach recorder below
	if a.Flights, err = flights.NewService(flights.Deps{Config: a.flightsConfig(), // domains_flights.go
		Store: a.DB.Flights(), Log: a.Sequencer, Parties: a.DB.Access(), Alerts: a.Alerts, Notices: a.Notify,
		Now: now, Logger: a.Log, NodeParties: a.speaksFor,
		Judge: airRules, // each live report judged against the obligations over the air as it arrives
	}); err != nil {
		return fmt.Errorf("app: flights: %w", err)
	}

	pages, err := sources.NewPages(filepath.Join(a.Config.Data, SourcePagesDir))
	if err != nil {
		return fmt.Errorf("app: source pages: %w", err)
	}
	a.Sources = sources.NewService(sources.Deps{Store: a.DB.Sources(), Log: a.Sequencer, Incidents: a.Incidents,
		Extractor: extract.New(a.Places), Pages: pages, Known: known, AllowNonPublic: a.Config.FeedsAllowNonPublic,
		FeedTimeout: a.Config.FeedTimeout, FeedPolls: a.Config.FeedPolls,
		Now: now, Logger: a.Log})
	facts := agreementFacts{zones: a.DB.Zones(), zoneSvc: a.Zones, incidents: a.Incidents, flights: a.Flights,
		monitors: a.DB.Monitoring(), notify: a.Notify, evidence: evidence, findings: a.Findings} // domains_agreements.go
	a.Agreements = agreements.NewService(agreements.Deps{Store: a.DB.Agreements(), Log: a.Sequencer, Zones: facts,
		Events: facts, Documents: facts, Alerts: a.Alerts, Known: known, Now: now, Logger: a.Log,
		Facts:     breachFacts{incidents: a.DB.Incidents(), parties: a.DB.Access().Parties}, // domains_agreements.go
		NodeParty: a.Party, Hosted: a.Hosted, Joint: a.jointSource()})                       // joint.go
	breaches := agreements.NewRecorder(a.Agreements, a.DB.BreachMarks(), airRules) // marks: store/breach_marks.go
	a.breaches = breaches

	// The listeners of committed entries, in the order they are called.
	a.Subscribe(a.Accounts.Observe) // revocations clear cached credentials at once
	a.Subscribe(a.Stream.Publish)
	a.SubscribeMirrored(func(ap store.Applied) { a.Stream.PublishMirrored(ap.Origin, ap.Entries, ap.Positions) })
	a.Subscribe(monitor.Observe)
	// Incidents committed since the oldest active notification may be
	// unchecked after a crash or a restart; raising is idempotent.
	if err := catchUpAlerts(ctx, a.DB, a.Notify, monitor); err != nil { // domains_notify.go
		return err
	}
	if !opts.crashBeforeBreaches {
		a.Subscribe(breaches.Observe) // the obligations each incident breaks, recorded as it is written
		// A peer's incidents, once mirrored, are judged as own ones are.
		a.SubscribeMirrored(func(ap store.Applied) { breaches.ObserveMirrored(ap.Entries, ap.Positions) })
		// Incidents committed before a crash may not have been judged yet:
		// those after the recorder's watermark are judged again, once, as
		// the node starts (idempotent; recorder_catchup.go).
		if _, err := breaches.CatchUp(ctx); err != nil {
			return fmt.Errorf("app: %w", err)
		}
	}
	// The engine is rebuilt from the projections and reconciled with the
	// logged conflicts (nothing already logged is raised again) before it
	// follows committed entries.
	if err := a.Flights.Load(ctx); err != nil {
		return fmt.Errorf("app: flights: %w", err)
	}
	a.Subscribe(a.Flights.Observe)
	// A peer's plans, amendments and cancellations, once mirrored, reach
	// the engine as own ones do (federation_flights_test.go).
	a.SubscribeMirrored(func(ap store.Applied) { a.Flights.Observe(ap.Entries) })

	// The API, with every service set.
	var federation api.Federation
	var rosterChanges api.RosterChanges
	if a.Federation != nil {
		federation, rosterChanges = federationView{a.Federation, a.DB}, a.Federation.Changes // federation_entries.go
		if err := a.Federation.register(registry); err != nil {
			return err
		}
	}
	sitreps, err := a.newSitrep() // sitrep.go
	if err != nil {
		return err
	}
	issuer := a.newSitrepIssuer(sitreps)
	if a.Config.Basemap != "" { // the operator's PMTiles or MBTiles file: a node that cannot read it does not start
		if a.basemap, err = tilearchive.Open(a.Config.Basemap); err != nil {
			return fmt.Errorf("app: --basemap: %w", err)
		}
	}
	if a.API, err = api.New(api.Deps{
		Accounts: a.Accounts, Auditor: a.Auditor, DB: a.DB, Hashes: a.Hashes, Checkpointer: a.Checkpointer,
		Public:      ledger.NewPublicLog(a.Config.PublicLogBatch, a.DB.CheckpointBefore, a.Checkpointer.Latest, now),
		VerifierKey: a.Keys.VerifierKey, Witnesses: a.bundleWitnesses, FeedSigner: a.Keys.Signer, Logger: a.Log, Registry: registry, Ready: a.ready,
		Places: a.Places, Notify: a.Notify, Alerts: a.Alerts, Hotline: a.Hotline, Stream: a.Stream,
		Webhooks: a.Webhooks, CAPSender: a.Keys.Origin(), Zones: a.Zones, Incidents: a.Incidents,
		Findings: a.Findings, Monitoring: a.Monitoring, Membership: a.Membership, Flights: a.Flights, Sources: a.Sources, Cases: a.Cases, UI: web.Handler(),
		Agreements: a.Agreements, Sitrep: sitreps, SitrepIssuer: issuer, SitrepPDF: pdf.Render,
		Federation: federation, RosterChanges: rosterChanges,
	}, api.Options{MaxBody: a.Config.MaxBody, RateLimit: a.Config.RateLimit,
		SecureCookies: a.Config.TLSCert != "", HSTS: a.Config.TLSCert != "",
		TileURL: a.Config.TileURL, TileAttribution: a.Config.TileAttribution, Basemap: a.basemap, TrackStream: opts.TrackStream}); err != nil {
		return err
	}
	// Webhooks deliver each entry with its record as the webhook's party
	// may see it, read as the API reads it (api/stream_views.go).
	dispatcher := stream.NewDispatcher(stream.DispatcherDeps{Store: a.DB.Webhooks(), Source: a.DB, Records: a.API.WebhookRecord,
		Now: now, Logger: a.Log, Owners: a.Accounts.UserPrincipal, Delivered: opsmetrics.NewDeliveries(registry).Delivered})
	a.Subscribe(dispatcher.Notify)
	a.SubscribeMirrored(func(store.Applied) { dispatcher.Notify(nil) }) // webhooks deliver mirrored entries too

	// The peer API on the federation listener, then the background work,
	// until Close.
	if a.Federation != nil {
		if err := a.Federation.serve(a); err != nil {
			return err
		}
	}
	bg, cancel := context.WithCancel(context.Background())
	a.cancel = cancel
	a.wg.Go(func() { a.Checkpointer.Run(bg, positive(a.Config.CheckpointInterval, time.Second)) })
	a.wg.Go(func() { monitor.Run(bg, positive(a.Config.DeadlineCheck, defaultDeadlineCheck)) })
	a.wg.Go(func() { a.Cases.Run(bg, positive(a.Config.DeadlineCheck, defaultDeadlineCheck)) }) // overdue requests
	a.wg.Go(func() { dispatcher.Run(bg) })
	a.wg.Go(func() { breaches.Run(bg) })
	a.wg.Go(func() {
		<-bg.Done()
		a.Stream.Close()
	})
	a.wg.Go(func() { a.Flights.Run(bg) })
	if a.Config.SitrepDrafts {
		drafts := a.newSitrepScheduler(issuer, now) // sitrep.go
		a.wg.Go(func() { drafts.Run(bg, positive(a.Config.DeadlineCheck, sitrepDraftTick)) })
	}
	a.wg.Go(func() { a.Sources.Run(bg, feedTick) }) // polls the feeds that are due
	if a.Follower != nil {
		a.wg.Go(func() { a.Follower.Run(bg, time.Second) })
	}
	a.wg.Go(func() { a.Integrity.Run(bg, a.Config.IntegrityInterval) })
	a.wg.Go(func() { a.DB.WatchAvailability(bg, time.Second, a.Log) }) // logs database outages
	if a.Federation != nil {
		a.Federation.run(bg, a) // mirrors and the evidence alerts (federation_peers.go)
	}

	// Publish a first checkpoint at once so that /readyz turns ready.
	if _, err := a.Checkpointer.SignNow(ctx); err != nil {
		a.Log.Warn("first checkpoint not published", "err", err)
	}
	return nil
}

// ready reports whether the node can serve (GET /readyz): its store is
// intact and it has published a checkpoint.
func (a *App) ready() error {
	if err := a.Integrity.Err(); err != nil {
		return err
	}
	if a.Checkpointer.Latest() == nil {
		return errors.New("no checkpoint published yet")
	}
	return nil
}

// positive returns d, or def if d is not positive.
func positive(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
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
	a.Federation.close()
	a.Auditor.Close()
	a.subs.close()
	if a.basemap != nil {
		_ = a.basemap.Close()
	}
	return a.DB.Close()
}

// DataDirExists reports whether dir holds a node.
func DataDirExists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, SignerKeyFile))
	return err == nil
}
