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
	"path/filepath"
	"time"

	"truce/internal/federation/mirror"
	"truce/internal/federation/peerapi"
	"truce/internal/federation/peertls"
	"truce/internal/federation/roster"
	"truce/internal/witness"
)

// FederationWitnessFile is the SQLite file holding the state of a party
// node's embedded witness: the latest checkpoint it cosigned of each peer.
const FederationWitnessFile = "federation-witness.db"

// Federation is a party node's part in its federation: the roster it was
// started with, its embedded witness, its listener serving the peer API
// and one verified mirror per peer. It is built once by Open (when
// Options.Federate is set on a party node with an installed roster) and
// never changes; the roster is read at start only.
type Federation struct {
	// Party is this node's party; Roster the installed roster and
	// RosterHash its hash.
	Party      string
	Roster     *roster.Roster
	RosterHash string
	// Witness cosigns the peers' checkpoints (POST add-checkpoint).
	Witness *witness.Witness
	// Mirrors are the mirrors of the peers, in roster order.
	Mirrors []*mirror.Mirror

	gossip *mirror.Gossip // compares what the peers accepted with the mirrors (newMirrors)
	fault  peerapi.Fault  // nil but in a test build told to misbehave (peerapi.FaultEnv)

	node    *PartyNode
	ln      net.Listener
	server  *http.Server
	peers   []roster.Member
	poll    time.Duration
	maxAge  time.Duration    // a peer's checkpoint is stale past it (mirror.Config.MaxAge)
	now     func() time.Time // the app's clock, set by newMirrors
	log     *slog.Logger
	alerted map[string]bool // evidence ids alerted by this process (watch)
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
	f := &Federation{Party: a.Party, Roster: r, RosterHash: hash, node: node, peers: r.Peers(a.Party),
		poll: positive(a.Config.FederationPoll, 2*time.Second), maxAge: positive(a.Config.FederationMaxAge, mirror.DefaultMaxAge),
		log:     a.Log.With("federation", r.Federation),
		alerted: map[string]bool{}}
	if f.fault, err = peerapi.NewFault(peerapi.FaultDeps{Getenv: os.Getenv, Signer: a.Keys.Signer, Tree: a.Hashes, Logger: f.log}); err != nil {
		return nil, err
	}
	var logs []witness.Log
	for _, p := range f.peers {
		logs = append(logs, witness.Log{Origin: p.Origin, Keys: []string{p.LogKey}})
	}
	f.Witness, err = witness.Open(ctx, filepath.Join(a.Config.Data, FederationWitnessFile), witness.Config{
		Cosigner: node.Witness, Logs: logs, Logger: a.Log.With("witness", node.Witness.Verifier().Name())})
	if err != nil {
		return nil, fmt.Errorf("app: federation witness: %w", err)
	}
	addr, err := federationAddr(a.Config.FederationAddr, self)
	if err != nil {
		f.Witness.Close()
		return nil, err
	}
	if f.ln, err = net.Listen("tcp", addr); err != nil {
		f.Witness.Close()
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
	current := func() *roster.Roster { return f.Roster }
	self, ok := f.Roster.ByParty(f.Party)
	if !ok {
		return fmt.Errorf("app: the roster does not list %s", f.Party)
	}
	asPeer, err := mirrorPeer(f.Roster, self) // what the peers' mirrors check of this node
	if err != nil {
		return err
	}
	h, err := peerapi.New(peerapi.Config{
		Checkpoint:    witnessedNote(a.Checkpointer, asPeer, f.now, f.maxAge/2), // federation_checkpoint.go
		Tree:          a.Hashes,
		Entries:       a.DB,
		Gossip:        a.DB.Mirrors(),
		Evidence:      a.DB.Mirrors(),
		AddCheckpoint: http.StripPrefix("/federation/v1", f.Witness),
		Peer: func(r *http.Request) (string, bool) {
			m, err := peertls.PeerMember(r, f.Roster)
			return m.Party, err == nil
		},
		Hosted: f.Roster.Hosts, // entries releasable to a party a peer hosts go to that peer
		Fault:  f.fault,
		Logger: f.log,
	})
	if err != nil {
		return fmt.Errorf("app: peer API: %w", err)
	}
	f.server = &http.Server{
		Handler:           h,
		TLSConfig:         peertls.ServerConfig(f.node.TLS, current, f.log),
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
	f.log.Info("federation listener", "url", "https://"+f.Addr(), "peers", len(f.peers), "roster", f.RosterHash)
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
	if err := f.Witness.Close(); err != nil {
		f.log.Warn("federation witness close", "err", err)
	}
}

// peerClient returns an HTTP client that talks to member's node only, over
// mutual TLS pinned by the roster.
func (f *Federation) peerClient(member roster.Member) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig:     peertls.ClientConfig(f.node.TLS, member),
			ForceAttemptHTTP2:   true,
			MaxIdleConnsPerHost: 4,
			IdleConnTimeout:     90 * time.Second,
			TLSHandshakeTimeout: 10 * time.Second,
		},
	}
}
