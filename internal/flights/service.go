package flights

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"truce/internal/access"
	"truce/internal/deconflict"
	"truce/internal/fault"
)

// Author is the author recorded on the entries the node's deconfliction
// machinery writes (conflicts raised and cleared).
const Author = "truce-deconflict"

// Defaults of Config.
const (
	DefaultTick          = time.Second
	DefaultRecent        = 24 * time.Hour
	DefaultPlanRecheck   = 10 * time.Second
	DefaultCentreLat     = 35.0 // the demo's region (Syria)
	DefaultCentreLon     = 38.5
	defaultSiteCeilingFt = 10000
)

// Config configures the service.
type Config struct {
	// Engine configures the deconfliction engine: region centre, minima,
	// track expiry (TrackTTL).
	Engine deconflict.Config
	// Lookahead is how far ahead tracks are predicted (default 5 min).
	Lookahead time.Duration
	// Advisory sets the site ceiling and movement distance of advisories.
	Advisory deconflict.AdvisoryOptions
	// Tick is the interval of the background loop (default 1 s).
	Tick time.Duration
	// Recent is how long cleared conflicts stay listed (default 24 h).
	Recent time.Duration
	// RefKey keys the opaque references under which a party is shown the
	// subjects it may not know (access.OpaqueRef). It MUST be a node
	// secret of at least 32 bytes, the same in every process of a node, so
	// that references stay stable; empty, a random key is drawn (references
	// then change when the process restarts).
	RefKey []byte
}

// Deps are the services and stores the service uses.
type Deps struct {
	// Config tunes the engine and the service; its zero fields take
	// their defaults (see NewService).
	Config  Config
	Store   Store
	Log     Appender
	Parties Parties
	Alerts  Alerter // may be nil: conflicts are then logged without alerts
	Notices Notices // may be nil: no advisories
	Now     func() time.Time
	Logger  *slog.Logger
	// NodeParties are, on a party node of a federation, the parties its
	// log speaks for (its own, then those it hosts): a conflict record is
	// logged under the first of them concerned, and a record none of them
	// may carry is refused (ErrNoNodeParty). Called on each use (a roster
	// change may alter the hosted parties while the node runs); nil, or
	// empty answers, on a hosted node.
	NodeParties func() []string
	// Judge, if set, judges each accepted position report (judge.go).
	Judge TrackJudge
}

// Service files and amends flight plans and reservations, ingests tracks
// and keeps the logged conflicts in step with what the engine computes.
// Its state and the one path its writes take are described in state.go.
type Service struct {
	// deps are fixed by New and never change.
	deps Deps
	cfg  Config
	eng  *deconflict.Engine

	// mu guards the engine's plans and reservations, what is held below
	// and the open records, and orders the service's writes (state.go).
	mu       sync.Mutex
	open     openSet        // open records with their alerts
	missed   map[string]int // open track records by ticks unpredicted
	chairs   chairCache
	sites    []deconflict.ProtectedSite
	moves    []deconflict.Movement
	notifier map[string]string // site or movement id -> notifying party
	// noticeRel holds the releasability of the notified sites and
	// movements, for Disclosure.
	noticeRel map[string]access.Releasability
	refKey    []byte
	lastPlan  time.Time

	noticesDirty atomic.Bool

	// heldPlans and heldRes are the plans (by version, with their
	// releasability) and reservations (with theirs) the engine holds;
	// heldFP the trajectories of heldPlans.
	heldPlans map[string]heldPlan
	heldFP    map[string]deconflict.FlightPlan
	heldRes   map[string]access.Releasability

	// inflight counts the writes submitted and not yet committed or
	// refused, and flying counts them by the subjects of their entries;
	// landed is signalled when inflight falls to zero. fmu guards the
	// three. stale is set when a write was refused (state.go).
	fmu      sync.Mutex
	inflight int
	flying   map[string]int
	landed   *sync.Cond
	stale    atomic.Bool

	// dirty is what Observe noted for Sync (follow.go); guarded by dmu.
	dmu   sync.Mutex
	dirty dirty

	// live holds the latest report of every live track, for reads and
	// for the track-against-plan check (trackplans.go).
	tmu  sync.RWMutex
	live map[string]*liveTrack
}

// NewService returns a service over d with an empty engine; call Load
// before serving. Its dependencies never change. It returns an error if
// d.Config is invalid (an engine it cannot build, a short RefKey).
func NewService(d Deps) (*Service, error) {
	cfg := d.Config
	if cfg.Engine.CentreLat == 0 && cfg.Engine.CentreLon == 0 {
		cfg.Engine.CentreLat, cfg.Engine.CentreLon = DefaultCentreLat, DefaultCentreLon
	}
	if cfg.Lookahead <= 0 {
		cfg.Lookahead = deconflict.DefaultLookahead
	}
	if cfg.Tick <= 0 {
		cfg.Tick = DefaultTick
	}
	if cfg.Recent <= 0 {
		cfg.Recent = DefaultRecent
	}
	if cfg.Advisory.SiteCeilingFt == 0 {
		cfg.Advisory.SiteCeilingFt = defaultSiteCeilingFt
	}
	eng, err := deconflict.New(cfg.Engine)
	if err != nil {
		return nil, fmt.Errorf("flights: %w", err)
	}
	if len(cfg.RefKey) == 0 {
		cfg.RefKey = make([]byte, 32)
		if _, err := rand.Read(cfg.RefKey); err != nil {
			return nil, fmt.Errorf("flights: reference key: %w", err)
		}
	}
	if len(cfg.RefKey) < 32 {
		return nil, fmt.Errorf("flights: the reference key has %d bytes; it needs at least 32", len(cfg.RefKey))
	}
	cfg.Engine = eng.Config()
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	s := &Service{deps: d, cfg: cfg, eng: eng, open: newOpenSet(), missed: map[string]int{},
		notifier: map[string]string{}, noticeRel: map[string]access.Releasability{}, refKey: cfg.RefKey, live: map[string]*liveTrack{},
		heldPlans: map[string]heldPlan{}, heldFP: map[string]deconflict.FlightPlan{}, heldRes: map[string]access.Releasability{}, dirty: newDirty(), flying: map[string]int{}}
	s.landed = sync.NewCond(&s.fmu)
	return s, nil
}

// Config returns the configuration in force, defaults filled in.
func (s *Service) Config() Config { return s.cfg }

// Engine returns the service's engine (for benchmarks and tests; callers
// MUST NOT add or remove plans or reservations behind the service's back).
func (s *Service) Engine() *deconflict.Engine { return s.eng }

// Load brings the empty engine and the open records in step with the log
// (the projections of plans, reservations, notified sites and movements,
// open records and their alerts), then reconciles: records already logged
// are not raised again, those that no longer hold are cleared, and an
// open record whose alerts are missing gets them. It is refresh over
// everything, the path a failed write also takes (state.go). Call it
// once, before serving.
func (s *Service) Load(ctx context.Context) error {
	s.stale.Store(true)
	return s.write(ctx, func(*writeSet) error { return nil })
}

// chairCache holds the co-chair parties between membership changes:
// Observe invalidates it on every party entry (a party admitted, made or
// unmade a co-chair, retired), so the next coChairs reloads it; gen keeps a
// load that raced with an invalidation from storing what it read before.
type chairCache struct {
	mu  sync.Mutex
	gen uint64
	ids []string // nil: not loaded
}

// invalidate drops the cached co-chairs.
func (c *chairCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.ids = nil
}

// coChairs returns the co-chair parties, cached until the next party entry.
func (s *Service) coChairs(ctx context.Context) ([]string, error) {
	s.chairs.mu.Lock()
	ids, gen := s.chairs.ids, s.chairs.gen
	s.chairs.mu.Unlock()
	if ids != nil {
		return ids, nil
	}
	ps, err := s.deps.Parties.Parties(ctx)
	if err != nil {
		return nil, fmt.Errorf("flights: parties: %w", err)
	}
	chairs := []string{}
	for _, p := range ps {
		if p.CoChair {
			chairs = append(chairs, p.ID)
		}
	}
	s.chairs.mu.Lock()
	if s.chairs.gen == gen {
		s.chairs.ids = chairs
	}
	s.chairs.mu.Unlock()
	return chairs, nil
}

// known returns a membership test for parties.
func (s *Service) known(ctx context.Context) (func(string) bool, error) {
	ps, err := s.deps.Parties.Parties(ctx)
	if err != nil {
		return nil, fmt.Errorf("flights: parties: %w", err)
	}
	m := map[string]bool{}
	for _, p := range ps {
		m[p.ID] = true
	}
	return func(id string) bool { return m[id] }, nil
}

// release returns the releasability of a plan or reservation: the one
// requested (default AMBER) with the owner in its audience.
func (s *Service) release(ctx context.Context, req *access.Releasability, owner string) (access.Releasability, error) {
	r := access.Releasability{TLP: access.TLPAmber}
	if req != nil {
		known, err := s.known(ctx)
		if err != nil {
			return r, err
		}
		if err := req.Validate(known); err != nil {
			return r, err
		}
		r = *req
	}
	return r.Normalize(owner), nil
}

// canOperate checks that by may file plans and reservations and post
// tracks for its party: a reporter or liaison.
func canOperate(by access.Principal) error {
	return by.Require(access.RoleReporter, access.RoleLiaison)
}

// wrap wraps err with the operation, leaving typed errors detectable.
func wrap(op, id string, err error) error {
	if err == nil {
		return nil
	}
	var inv *fault.InvalidError
	if errors.As(err, &inv) {
		return err
	}
	return fmt.Errorf("flights: %s %s: %w", op, id, err)
}
