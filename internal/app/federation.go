package app

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"truce/internal/federation/mirror"
	"truce/internal/federation/peerapi"
	"truce/internal/federation/peertls"
	"truce/internal/federation/roster"
	"truce/internal/federation/rosterchange"
	"truce/internal/hosting"
	"truce/internal/ledger"
	"truce/internal/store"
)

// FederationWitnessFile is the SQLite file holding the state of a party
// node's embedded witness: the latest checkpoint it cosigned of each peer.
const FederationWitnessFile = "federation-witness.db"

// Federation is a party node's part in its federation: the roster in
// force, its embedded witness, its listener serving the peer API, one
// verified mirror per peer, and the roster changes it proposes, agrees to
// and installs (federation_roster.go). It is built once by Open (when
// Options.Federate is set on a party node with an installed roster); when
// a roster change comes into force it installs the new roster and
// reconfigures itself without a restart: mirrors, the embedded witness,
// the witnesses its checkpoints are pushed to, and the TLS pins of whom it
// talks to.
type Federation struct {
	// Party is this node's party.
	Party string
	// Changes proposes and agrees roster changes on this node's log and
	// computes the roster in force next (package rosterchange).
	Changes *rosterchange.Service

	fault peerapi.Fault // nil but in a test build told to misbehave (peerapi.FaultEnv)

	citeWait time.Duration // mirror.Config.CiteWait
	// tolerance is how far a peer's entry time may stray from the
	// cosignatures bounding it (mirror.Config.Tolerance, from
	// --timeliness-tolerance).
	tolerance time.Duration

	nodeP   atomic.Pointer[PartyNode] // node: its witness key and TLS identity in use (switched by switchKeys)
	grace   *peertls.Grace            // the TLS pins a roster change replaced, still accepted (peertls.Grace)
	logKey  string                    // the verifier key of the log key in use (keys_rotate.go)
	data    string                    // the data directory, where the roster in force is installed
	origin  string                    // this node's log origin
	db      *store.DB
	publish func(store.Applied) // puts what a mirror applied on the stream (App.publishMirrored)
	ln      net.Listener
	server  *http.Server
	witness *witnessSwitch // the embedded witness of the peers in force
	poll    time.Duration
	maxAge  time.Duration    // a peer's checkpoint is stale past it (mirror.Config.MaxAge)
	now     func() time.Time // the app's clock, set by newMirrors
	log     *slog.Logger
	alerted map[string]bool // evidence ids alerted by this process (watch)
	state   atomic.Pointer[rosterState]
	entries rosterEntries // the verified roster change entries held (federation_roster.go)

	// mu guards what a roster change reconfigures: the mirrors and what
	// starting one needs.
	mu      sync.Mutex
	mirrors []*runningMirror
	hosted  *hosting.Parties  // the node's, updated by applyRoster
	writer  *ledger.Sequencer // the node's log writer, whose parties applyRoster updates
	runCtx  context.Context   // set by run; mirrors started later run under it
	wg      *sync.WaitGroup
	pusher  *checkpointPush // set by newCheckpointer (witnesses.go) when it pushes to the peers
}

// rosterState is a roster in force with its hash and this node's peers.
type rosterState struct {
	r     *roster.Roster
	hash  string
	peers []roster.Member
}

// Roster returns the roster in force. The value MUST NOT be modified.
func (f *Federation) Roster() *roster.Roster { return f.state.Load().r }

// RosterHash returns the hash of the roster in force.
func (f *Federation) RosterHash() string { return f.state.Load().hash }

// node returns the party node's files in use: its witness key and TLS
// identity, which a rotation switches without a restart (switchKeys).
func (f *Federation) node() *PartyNode { return f.nodeP.Load() }

// ownTLS returns the TLS identity in use (peertls.Own).
func (f *Federation) ownTLS() *peertls.Identity { return f.node().TLS }

// peers returns the members this node talks to under the roster in force.
func (f *Federation) peers() []roster.Member { return f.state.Load().peers }

// setRoster makes r (with hash) the roster in force in memory.
func (f *Federation) setRoster(r *roster.Roster, hash string) {
	f.state.Store(&rosterState{r: r, hash: hash, peers: f.peersOf(r)})
}

// peersOf returns the members this node talks to under r: none if this
// node's party is not on r (it was removed).
func (f *Federation) peersOf(r *roster.Roster) []roster.Member {
	if _, member := r.ByParty(f.Party); !member {
		return nil
	}
	return r.Peers(f.Party)
}

// Addr returns the address the federation listener listens on.
func (f *Federation) Addr() string { return f.ln.Addr().String() }

// openFederation reads the party node's files and installed roster, opens
// the embedded witness (configured with every peer's log key) and listens
// on the federation address. It returns nil, nil when the node is not
// federated: a hosted node, or a party node with no roster installed yet.
func (a *App) openFederation(ctx context.Context) (*Federation, error) {
	if a.Party == "" {
		return nil, nil
	}
	r, err := roster.LoadInstalled(a.Config.Data)
	if errors.Is(err, roster.ErrNotInstalled) {
		a.Log.Info("party node without a federation roster: no federation listener (install one with 'truce federation join')")
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	node, err := LoadPartyNode(a.Config.Data)
	if err != nil {
		return nil, err
	}
	self, ok := r.ByParty(a.Party)
	if !ok || self.Hosted() || self.Origin != a.Keys.Origin() {
		return nil, fmt.Errorf("app: the installed roster does not list %s's node with origin %s", a.Party, a.Keys.Origin())
	}
	hash, err := r.Hash()
	if err != nil {
		return nil, err
	}
	f := &Federation{Party: a.Party, grace: peertls.NewGrace(nil), data: a.Config.Data, origin: a.Keys.Origin(), db: a.DB,
		poll: positive(a.Config.FederationPoll, 2*time.Second), maxAge: positive(a.Config.FederationMaxAge, mirror.DefaultMaxAge),
		log:     a.Log.With("federation", r.Federation),
		alerted: map[string]bool{}, hosted: a.Hosted, writer: a.Sequencer, wg: &a.wg, publish: a.publishMirrored}
	f.citeWait = a.Config.FederationCiteWait
	f.tolerance = a.Config.TimelinessTolerance
	f.nodeP.Store(node)
	f.logKey = a.Keys.VerifierKey
	f.setRoster(r, hash)
	f.checkOwnKeys(ctx, self, r.Version)
	if f.fault, err = peerapi.NewFault(peerapi.FaultDeps{Getenv: os.Getenv, Signer: a.Keys.Signer, Tree: a.Hashes, Logger: f.log}); err != nil {
		return nil, err
	}
	if f.Changes, err = rosterchange.NewService(rosterchange.Deps{Origin: f.origin, Log: a.Sequencer, Source: f,
		InForce: f.Roster, Logger: f.log}); err != nil {
		return nil, fmt.Errorf("app: roster changes: %w", err)
	}
	w, err := f.openWitness(ctx)
	if err != nil {
		return nil, err
	}
	f.witness = &witnessSwitch{w: w}
	addr, err := federationAddr(a.Config.FederationAddr, self)
	if err != nil {
		f.witness.Close()
		return nil, err
	}
	if f.ln, err = net.Listen("tcp", addr); err != nil {
		f.witness.Close()
		return nil, fmt.Errorf("app: federation listener on %s: %w (choose another with --federation-addr)", addr, err)
	}
	return f, nil
}

// federationAddr returns addr, or when it is empty 127.0.0.1 and the port
// of the node's own first roster URL (443 if it names none).
func federationAddr(addr string, self roster.Member) (string, error) {
	if addr != "" {
		return addr, nil
	}
	if len(self.URLs) == 0 {
		return "", errors.New("app: the roster gives this node no URL: set --federation-addr")
	}
	u, err := url.Parse(self.URLs[0])
	if err != nil {
		return "", fmt.Errorf("app: roster URL %q: %w", self.URLs[0], err)
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	return net.JoinHostPort("127.0.0.1", port), nil
}

// serve starts serving the peer API on the federation listener over
// mutual TLS; it returns at once. Stop with shutdown.
func (f *Federation) serve(a *App) error {
	h, err := peerapi.New(peerapi.Config{
		// What the peers' mirrors check of this node follows the roster in force.
		Checkpoint: func(ctx context.Context) ([]byte, error) {
			self, ok := f.Roster().ByParty(f.Party)
			if !ok {
				return nil, nil // no longer a member: nothing to serve
			}
			asPeer, err := mirrorPeer(f.Roster(), self)
			if err != nil {
				return nil, err
			}
			// Checked with the key the node signs with: after a rotation of
			// its log key came into force and before the node restarted, that
			// is still the old one, which the peers that have not put the
			// rotation in force yet must be served to learn of it.
			asPeer.LogKey = a.Keys.Verifier
			return witnessedNote(a.Checkpointer, asPeer, f.now, f.maxAge/2)(ctx) // federation_checkpoint.go
		},
		Tree:          a.Hashes,
		Entries:       a.DB,
		Gossip:        a.DB.Mirrors(),
		Evidence:      a.DB.Mirrors(),
		AddCheckpoint: http.StripPrefix("/federation/v1", f.witness),
		Peer: func(r *http.Request) (string, bool) {
			m, err := f.grace.PeerMember(r, f.Roster())
			return m.Party, err == nil
		},
		// entries releasable to a party a peer hosts go to that peer
		Hosted: func(host string) []string { return f.Roster().Hosts(host) },
		Fault:  f.fault,
		Logger: f.log,
	})
	if err != nil {
		return fmt.Errorf("app: peer API: %w", err)
	}
	f.server = &http.Server{
		Handler:           h,
		TLSConfig:         peertls.ServerConfig(f.ownTLS, f.Roster, f.grace, f.log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(f.log.Handler(), slog.LevelWarn),
	}
	ln := tls.NewListener(f.ln, f.server.TLSConfig)
	go func() {
		if err := f.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			f.log.Error("federation listener stopped", "err", err)
		}
	}()
	f.log.Info("federation listener", "url", "https://"+f.Addr(), "peers", len(f.peers()), "roster", f.RosterHash())
	return nil
}

// close stops the listener (finishing in-flight requests for up to five
// seconds) and closes the witness.
func (f *Federation) close() {
	if f == nil {
		return
	}
	if f.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := f.server.Shutdown(ctx); err != nil {
			f.log.Warn("federation listener shutdown", "err", err)
		}
	} else {
		f.ln.Close()
	}
	if err := f.witness.Close(); err != nil {
		f.log.Warn("federation witness close", "err", err)
	}
}

// peerClient returns an HTTP client that talks to member's node only, over
// mutual TLS pinned by the roster.
func (f *Federation) peerClient(member roster.Member) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig:     peertls.ClientConfig(f.ownTLS, member, f.grace),
			ForceAttemptHTTP2:   true,
			MaxIdleConnsPerHost: 4,
			IdleConnTimeout:     90 * time.Second,
			TLSHandshakeTimeout: 10 * time.Second,
		},
	}
}
