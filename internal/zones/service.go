package zones

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/cochair"
	"truce/internal/fault"
	"truce/internal/federation/joint"
	"truce/internal/ledger"
)

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Service proposes, agrees and reads zones.
type Service struct {
	store  Store
	log    Appender
	now    func() time.Time
	known  func(ctx context.Context, party string) bool
	joint  joint.Source
	logger *slog.Logger
}

// Deps are what the zones service is built from. Store and Log are
// required; Now defaults to time.Now and Logger to slog.Default; Known, if
// set, reports whether a party exists (for audience validation).
type Deps struct {
	Store Store
	Log   Appender
	Known func(ctx context.Context, party string) bool
	// Joint, optional, computes a zone's versions read by id from every
	// log the node holds (JointVersions).
	Joint  joint.Source
	Now    func() time.Time
	Logger *slog.Logger
}

// NewService returns a Service over d; its dependencies never change.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{store: d.Store, log: d.Log, now: d.Now, known: d.Known, joint: d.Joint, logger: d.Logger}
}

// Subject returns the log subject of zone id.
func Subject(id string) string { return "zone:" + id }

// errRaced marks a precondition that found the state changed between the
// service's read and the write; the service retries.
var errRaced = errors.New("zones: state changed during the write")

func requireCoChairLiaison(by access.Principal) error {
	if err := by.Require(access.RoleLiaison); err != nil {
		return err
	}
	if !by.CoChair {
		return fmt.Errorf("only a liaison of a co-chair party may propose or agree zones: %w", fault.ErrForbidden)
	}
	return nil
}

// Propose records a new version of zone id, or a new zone when id is "".
// The proposing party's agreement is recorded with it. For an existing zone
// ifMatch must be the zone's current Seq (its ETag); otherwise it returns
// fault.ErrPrecondition and changes nothing. It returns fault.ErrForbidden
// unless by is a liaison of a co-chair party, fault.ErrNotFound for a zone
// by may not see, and *fault.InvalidError for bad input (geometry errors
// name the ring and vertex; a new zone's releasability MUST let every
// co-chair party see it, or the error names the field releasability).
func (s *Service) Propose(ctx context.Context, by access.Principal, id string, ifMatch int64, p Proposal) (*Zone, error) {
	if err := requireCoChairLiaison(by); err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		z, err := s.propose(ctx, by, id, ifMatch, p)
		if errors.Is(err, errRaced) && attempt < 5 {
			continue
		}
		if err != nil {
			if id == "" {
				return nil, fmt.Errorf("zones: propose: %w", err)
			}
			return nil, fmt.Errorf("zones: propose version of %s: %w", id, err)
		}
		return z, nil
	}
}

// requireCoChairsSee returns an *fault.InvalidError naming the field
// releasability unless every co-chair party may see a zone released as r:
// a version is in force only when every co-chair agreed to it, which a
// co-chair that may not see the zone could never do.
func requireCoChairsSee(r access.Releasability, coChairs []string) error {
	for _, c := range coChairs {
		if !r.VisibleTo(c) {
			return fault.Invalid("releasability", "excludes the co-chair party %s, which could never see or agree to the zone; add it to the audience", c)
		}
	}
	return nil
}

func (s *Service) propose(ctx context.Context, by access.Principal, id string, ifMatch int64, p Proposal) (*Zone, error) {
	coChairs, err := s.store.CoChairs(ctx, nil)
	if err != nil {
		return nil, err
	}
	var prev *Version
	var release access.Releasability
	version := 1
	var seq int64 = -1
	if id == "" {
		id = access.NewID("zone")
		release = access.Releasability{TLP: access.TLPGreen}
		if p.Releasability != nil {
			release = *p.Releasability
		}
		var known func(string) bool
		if s.known != nil {
			known = func(party string) bool { return s.known(ctx, party) }
		}
		if err := release.Validate(known); err != nil {
			return nil, err
		}
		release = release.Normalize(by.Party)
		if err := requireCoChairsSee(release, coChairs); err != nil {
			return nil, err
		}
	} else {
		z, err := s.visible(ctx, nil, by, id)
		if err != nil {
			return nil, err
		}
		if p.Releasability != nil {
			return nil, fault.Invalid("releasability", "is fixed by the zone's first version; omit it")
		}
		if ifMatch != z.Seq {
			return nil, fmt.Errorf("zone %s is at %d, not %d: %w", id, z.Seq, ifMatch, fault.ErrPrecondition)
		}
		prev = &z.Versions[len(z.Versions)-1]
		version, release, seq = prev.Version+1, z.Release, z.Seq
	}
	spec, _, err := p.validate(id, version, prev, s.now())
	if err != nil {
		return nil, err
	}
	complete := len(cochair.Missing(coChairs, []string{by.Party})) == 0
	check := func(ctx context.Context, q ledger.Querier) error {
		z, err := s.store.Zone(ctx, q, id)
		switch {
		case seq < 0 && err == nil:
			return errRaced // an id collision: retry with a new id
		case seq < 0 && errors.Is(err, fault.ErrNotFound):
			return nil
		case err != nil:
			return err
		case z.Seq != seq:
			return fmt.Errorf("zone %s changed meanwhile: %w", id, fault.ErrPrecondition)
		}
		return nil
	}
	chairs := func(ctx context.Context, q ledger.Querier) error {
		now, err := s.store.CoChairs(ctx, q)
		if err != nil {
			return err
		}
		if !slices.Equal(now, coChairs) {
			return errRaced
		}
		return nil
	}
	_, err = s.log.Append(ctx,
		ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindProposed, Subject: Subject(id),
			Release: release, Payload: Proposed{Version: spec, Release: release}}, Check: check},
		ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindAgreed, Subject: Subject(id),
			Release: release, Payload: Agreed{ZoneID: id, Version: version, Party: by.Party, Complete: complete}}, Check: chairs},
	)
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, by, id)
}

// Agree records the agreement of by's party to version of zone id. When it
// is the last co-chair to agree, the version is agreed and applies from its
// effective time. It returns fault.ErrForbidden
// unless by is a liaison of a co-chair party, fault.ErrNotFound for a zone
// or version by may not see, and fault.ErrConflict if by's party already
// agreed to that version.
func (s *Service) Agree(ctx context.Context, by access.Principal, id string, version int) (*Zone, error) {
	if err := requireCoChairLiaison(by); err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		z, err := s.agree(ctx, by, id, version)
		if errors.Is(err, errRaced) && attempt < 5 {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("zones: agree to %s version %d: %w", id, version, err)
		}
		return z, nil
	}
}

func findVersion(z *Zone, version int) *Version {
	for i := range z.Versions {
		if z.Versions[i].Version == version {
			return &z.Versions[i]
		}
	}
	return nil
}

func (s *Service) agree(ctx context.Context, by access.Principal, id string, version int) (*Zone, error) {
	z, err := s.visible(ctx, nil, by, id)
	if err != nil {
		return nil, err
	}
	v := findVersion(z, version)
	if v == nil {
		return nil, fmt.Errorf("no version %d: %w", version, fault.ErrNotFound)
	}
	if slices.Contains(v.AgreedBy, by.Party) {
		return nil, fault.Conflictf("%s already agreed to version %d", by.Party, version)
	}
	coChairs, err := s.store.CoChairs(ctx, nil)
	if err != nil {
		return nil, err
	}
	before := slices.Clone(v.AgreedBy)
	complete := !v.Agreed() && len(cochair.Missing(coChairs, append(slices.Clone(before), by.Party))) == 0
	check := func(ctx context.Context, q ledger.Querier) error {
		now, err := s.store.Zone(ctx, q, id)
		if err != nil {
			return err
		}
		nv := findVersion(now, version)
		chairs, err := s.store.CoChairs(ctx, q)
		if err != nil {
			return err
		}
		if nv == nil || !slices.Equal(nv.AgreedBy, before) || !slices.Equal(chairs, coChairs) {
			return errRaced
		}
		return nil
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindAgreed,
		Subject: Subject(id), Release: z.Release, Payload: Agreed{ZoneID: id, Version: version, Party: by.Party, Complete: complete}},
		Check: check})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, by, id)
}

// visible loads zone id if by may see it, else fault.ErrNotFound.
func (s *Service) visible(ctx context.Context, q ledger.Querier, by access.Principal, id string) (*Zone, error) {
	z, err := s.store.Zone(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !by.CanSee(z.Release) {
		return nil, fmt.Errorf("zone %s: %w", id, fault.ErrNotFound)
	}
	return z, nil
}

// Get returns zone id with its status as of now, or fault.ErrNotFound if
// there is none or by may not see it.
func (s *Service) Get(ctx context.Context, by access.Principal, id string) (*Zone, error) {
	z, err := s.visible(ctx, nil, by, id)
	if err != nil {
		return nil, err
	}
	chairs, gone, err := s.agreementState(ctx)
	if err != nil {
		return nil, err
	}
	if s.joint.History != nil {
		if chairs, err = s.jointState(ctx, by, z, chairs, gone); err != nil {
			return nil, err
		}
	}
	s.decorate(z, s.now(), chairs, gone)
	return z, nil
}

// List returns the zones by may see, with their status as of now, ordered
// by id. A non-empty status keeps only zones with that status.
func (s *Service) List(ctx context.Context, by access.Principal, status Status) ([]Zone, error) {
	all, err := s.store.Zones(ctx)
	if err != nil {
		return nil, fmt.Errorf("zones: list: %w", err)
	}
	chairs, gone, err := s.agreementState(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := []Zone{}
	for i := range all {
		z := &all[i]
		if !by.CanSee(z.Release) {
			continue
		}
		s.decorate(z, now, chairs, gone)
		if status == "" || z.Status == status {
			out = append(out, *z)
		}
	}
	return out, nil
}

// VisibleIDs returns the ids of the zones by may see.
func (s *Service) VisibleIDs(ctx context.Context, by access.Principal) (map[string]bool, error) {
	all, err := s.store.Releases(ctx)
	if err != nil {
		return nil, fmt.Errorf("zones: releasabilities: %w", err)
	}
	out := map[string]bool{}
	for id, r := range all {
		if by.CanSee(r) {
			out[id] = true
		}
	}
	return out, nil
}

// decorate sets z's Status and Current as of now, and each version's
// pending and withdrawn co-chairs (see AgreementState).
func (s *Service) decorate(z *Zone, now time.Time, coChairs []string, gone []Departure) {
	markAgreements(z, coChairs, gone)
	tl := TimelineOf(z, false)
	z.Status = tl.Status(now)
	z.Current = nil
	if z.Status == StatusInForce {
		if st := tl.At(now); st != nil {
			z.Current = findVersion(z, st.Version)
		}
	}
}

// TimelineOf builds z's timeline from its agreed versions, decoding their
// geometry when withGeometry is set (a version whose stored geometry fails
// to decode is skipped).
func TimelineOf(z *Zone, withGeometry bool) Timeline {
	tl := Timeline{ZoneID: z.ID}
	for _, v := range z.Versions {
		if !v.Agreed() {
			continue
		}
		st := Step{Version: v.Version, Withdrawn: v.Action == ActionWithdraw}
		st.Start, _ = time.Parse(time.RFC3339Nano, v.InForceFrom)
		if v.EffectiveUntil != "" {
			st.End, _ = time.Parse(time.RFC3339Nano, v.EffectiveUntil)
		}
		if withGeometry {
			g, err := DecodeStored(v.Geometry)
			if err != nil {
				continue
			}
			st.Geometry = g
		}
		tl.Steps = append(tl.Steps, st)
	}
	return tl
}

// History returns the log entries of zone id that by may see, in log order,
// or fault.ErrNotFound if by may not see the zone.
func (s *Service) History(ctx context.Context, by access.Principal, id string) ([]*ledger.Entry, error) {
	if _, err := s.visible(ctx, nil, by, id); err != nil {
		return nil, err
	}
	es, err := s.store.History(ctx, Subject(id))
	if err != nil {
		return nil, fmt.Errorf("zones: history of %s: %w", id, err)
	}
	out := []*ledger.Entry{}
	for _, e := range es {
		if by.CanSee(e.Release) {
			out = append(out, e)
		}
	}
	return out, nil
}
