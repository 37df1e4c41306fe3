package mirror

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/cite"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// DefaultMaxAge is the Config.MaxAge used when it is 0: four times the
// default interval at which an idle log's checkpoint is cosigned again
// (ledger.DefaultRecosign). A live peer's newest cosignature is at most
// that interval plus one checkpoint tick old, so a peer is called stale
// only after its witnesses' quorum was out of its reach for three
// intervals, or when it serves a checkpoint nobody cosigned for an hour.
const DefaultMaxAge = 4 * ledger.DefaultRecosign

// Config is what a Mirror needs.
type Config struct {
	// Self is this node's party: mirrored content must be releasable to it
	// or to one of Hosted.
	Self string
	// Hosted are the parties the roster says this node hosts: their users
	// read on this node, so content releasable to one of them is mirrored
	// too (the peer API serves it to this node).
	Hosted []string
	// Peer is the mirrored member, as the roster says.
	Peer Peer
	// Source reads the peer's log.
	Source Source
	// Store keeps the mirror.
	Store Store
	// MaxAge is the oldest a checkpoint's newest cosignature may be when
	// it is fetched; an older one is stale. 0 means DefaultMaxAge; a
	// negative value never calls a checkpoint stale. It MUST be well
	// longer than the interval at which the peer has an idle log's
	// checkpoint cosigned again (ledger.CheckpointerOptions.Recosign), or
	// an idle peer is reported stale.
	MaxAge time.Duration
	// Cited is what this node holds verified (its own log and its other
	// mirrors), against which the citations in the peer's entries are
	// checked (citations.go); nil checks none.
	Cited cite.Source
	// CiteWait bounds how long an entry citing an index its cited origin
	// has not yet published to this node waits for that origin's mirror
	// before it is refused as a citation of a never-received entry. 0
	// means DefaultCiteWait.
	CiteWait time.Duration
	// Tolerance is how far a mirrored entry's time may stray from the
	// witness cosignatures that bound it before the peer is named with
	// drift evidence (drift.go). 0 means DefaultTolerance.
	Tolerance time.Duration
	// Now is the clock (time.Now if nil).
	Now func() time.Time
	// Logger receives halts and failures (slog.Default if nil).
	Logger *slog.Logger
}

// Status is a mirror's state for operators, /metrics and /readyz.
type Status struct {
	Peer   string `json:"peer"`
	Origin string `json:"origin"`
	// AcceptedSize is the size of the last accepted checkpoint.
	AcceptedSize int64 `json:"accepted_size"`
	// AcceptedTime is the newest cosignature time of that checkpoint.
	AcceptedTime time.Time `json:"accepted_time,omitzero"`
	// LastContact is when the peer last answered with a valid checkpoint.
	LastContact time.Time `json:"last_contact,omitzero"`
	// PeerSize is the size of the last valid checkpoint the peer served.
	PeerSize int64 `json:"peer_size"`
	// Lag is PeerSize minus AcceptedSize (0 if the peer served less).
	Lag int64 `json:"lag"`
	// HaltedBy is the id of the evidence that stopped mirroring, "" if none.
	HaltedBy string `json:"halted_by,omitempty"`
	// LastError is the last round's failure, "" after a successful one.
	LastError string `json:"last_error,omitempty"`
}

// Mirror keeps a verified copy of one peer's log. Sync and Run may be
// called from several goroutines: rounds run one at a time.
//
// A Mirror MUST NOT store anything it has not verified, and MUST NOT store
// a commitment before every commitment that precedes it.
type Mirror struct {
	cfg Config
	now func() time.Time
	log *slog.Logger

	mu     sync.Mutex // held by a round
	loaded bool
	tree   *ledger.HashStore
	// ref is the newest verified checkpoint the stored commitments
	// follow: the target of a catch-up under way, else the accepted one.
	ref      *signedTree
	accepted *signedTree
	halted   string
	// citeWaits is when each entry of the peer (by index) was first found
	// citing an entry this node did not hold yet.
	citeWaits map[int64]time.Time

	statusMu sync.Mutex
	status   Status
	kick     chan struct{}
}

// signedTree is a verified checkpoint and its note.
type signedTree struct {
	note []byte
	cp   ledger.Checkpoint
	// newest is the newest verified cosignature time.
	newest time.Time
	// cosigs are the verified cosignatures (nil where not verified
	// against the quorum, e.g. a stored note reloaded).
	cosigs []witness.Cosignature
}

// New returns a mirror of cfg.Peer. It returns an error if the peer or
// the configuration is incomplete. It reads nothing until the first Sync.
func New(cfg Config) (*Mirror, error) {
	if err := cfg.Peer.validate(); err != nil {
		return nil, err
	}
	if cfg.Self == "" || cfg.Source == nil || cfg.Store == nil {
		return nil, errors.New("mirror: config needs Self, Source and Store")
	}
	if cfg.MaxAge == 0 {
		cfg.MaxAge = DefaultMaxAge
	}
	m := &Mirror{cfg: cfg, now: cfg.Now, log: cfg.Logger, kick: make(chan struct{}, 1)}
	if m.now == nil {
		m.now = time.Now
	}
	if m.log == nil {
		m.log = slog.Default()
	}
	m.log = m.log.With("peer", cfg.Peer.Party, "origin", cfg.Peer.Origin)
	m.status = Status{Peer: cfg.Peer.Party, Origin: cfg.Peer.Origin}
	return m, nil
}

// Status returns the mirror's current state.
func (m *Mirror) Status() Status {
	m.statusMu.Lock()
	defer m.statusMu.Unlock()
	return m.status
}

func (m *Mirror) setStatus(fn func(*Status)) {
	m.statusMu.Lock()
	defer m.statusMu.Unlock()
	fn(&m.status)
	if m.accepted != nil {
		m.status.AcceptedSize = m.accepted.cp.N
		m.status.AcceptedTime = m.accepted.newest
	}
	m.status.Lag = max(0, m.status.PeerSize-m.status.AcceptedSize)
	m.status.HaltedBy = m.halted
}

// open verifies a stored checkpoint note again (signature only: it was
// verified with its quorum when accepted), under the peer's log key or,
// if it was accepted before the peer rotated its key, a retired one.
func (m *Mirror) open(note []byte) (*signedTree, error) {
	if note == nil {
		return nil, nil
	}
	key := m.cfg.Peer.storedKey(note)
	cp, _, err := ledger.OpenCheckpoint(note, key)
	if err != nil {
		return nil, err
	}
	_, cosigs, _ := witness.VerifyCosigned(note, key, m.cfg.Peer.Witnesses, 0)
	return &signedTree{note: note, cp: cp, newest: newestCosignature(cosigs)}, nil
}

// load reads the mirror's state from the store and rebuilds the tree of
// the stored commitments, checking it against the accepted checkpoint.
func (m *Mirror) load(ctx context.Context) error {
	st, err := m.cfg.Store.MirrorState(ctx, m.cfg.Peer.Origin)
	if err != nil {
		return fmt.Errorf("mirror: load %s: %w", m.cfg.Peer.Origin, err)
	}
	tree, err := ledger.RebuildHashStore(st.Commitments)
	if err != nil {
		return fmt.Errorf("mirror: load %s: %w", m.cfg.Peer.Origin, err)
	}
	acc, err := m.open(st.Accepted)
	if err != nil {
		return fmt.Errorf("mirror: load %s: stored accepted checkpoint: %w", m.cfg.Peer.Origin, err)
	}
	ref := acc
	if st.Target != nil {
		if ref, err = m.open(st.Target); err != nil {
			return fmt.Errorf("mirror: load %s: stored target checkpoint: %w", m.cfg.Peer.Origin, err)
		}
	}
	for _, t := range []*signedTree{acc, ref} {
		if t == nil {
			continue
		}
		n := min(t.cp.N, tree.Size())
		if t == acc && n != t.cp.N {
			return fmt.Errorf("mirror: load %s: %d commitments stored, fewer than the accepted %d", m.cfg.Peer.Origin, tree.Size(), t.cp.N)
		}
		if n == t.cp.N {
			if root, err := tlog.TreeHash(n, tree); err != nil || root != t.cp.Hash {
				return fmt.Errorf("mirror: load %s: stored commitments do not hash to the checkpoint of %d", m.cfg.Peer.Origin, n)
			}
		}
	}
	if ref == nil && tree.Size() > 0 || ref != nil && tree.Size() > ref.cp.N {
		return fmt.Errorf("mirror: load %s: %d commitments stored beyond any verified checkpoint", m.cfg.Peer.Origin, tree.Size())
	}
	m.tree, m.accepted, m.ref, m.halted, m.loaded = tree, acc, ref, st.HaltedBy, true
	m.setStatus(func(*Status) {})
	return nil
}

// Load reads what the store holds of the peer, so that Status reports it
// before the first round (Sync loads it too). It returns an error if the
// store cannot be read or its commitments do not hash to the accepted
// checkpoint.
func (m *Mirror) Load(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.load(ctx)
}

// Clear records that an operator cleared evidence id after dealing with
// it; mirroring resumes (from the last accepted checkpoint) unless other
// evidence about the peer is still open.
func (m *Mirror) Clear(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.cfg.Store.ClearEvidence(ctx, id, m.now()); err != nil {
		return fmt.Errorf("mirror: clear %s: %w", id, err)
	}
	m.loaded = false
	if err := m.load(ctx); err != nil {
		return err
	}
	m.Kick()
	return nil
}

// Kick asks a running loop (see Run) for a round now.
func (m *Mirror) Kick() {
	select {
	case m.kick <- struct{}{}:
	default:
	}
}
