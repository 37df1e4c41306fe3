package notify

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/notify/quality"
)

// SitePoints is what the duplicate check reads from a Store that offers it
// (the SQL store does); over a Store that does not, no duplicate is looked
// for.
type SitePoints interface {
	// SitesVersion returns a number that changes whenever any notice
	// changes (the last entry that changed one).
	SitesVersion(ctx context.Context) (int64, error)
	// ActiveSitePoints returns the id and point of every active site.
	ActiveSitePoints(ctx context.Context) ([]quality.Site, error)
}

// siteCache holds the index of active sites for the duplicate check,
// rebuilt when the store's SitesVersion moves.
type siteCache struct {
	mu      sync.Mutex
	version int64
	sites   *quality.Sites
}

// activeSites returns the index of active sites, or nil if the store
// cannot list them.
func (s *Service) activeSites(ctx context.Context) (*quality.Sites, error) {
	sp, ok := s.store.(SitePoints)
	if !ok {
		return nil, nil
	}
	v, err := sp.SitesVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: sites version: %w", err)
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if s.cache.sites != nil && s.cache.version == v {
		return s.cache.sites, nil
	}
	list, err := sp.ActiveSitePoints(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: active sites: %w", err)
	}
	s.cache.version, s.cache.sites = v, quality.NewSites(list)
	return s.cache.sites, nil
}

// flagsOf returns the quality flags of a normalised site or movement as
// its submitter by may see them (id is the notice's own id on an update,
// "" for a new one): a site by may not see is never named a duplicate.
func (s *Service) flagsOf(ctx context.Context, by access.Principal, id string, site *Site, mov *Movement) ([]quality.Flag, error) {
	if s.checker == nil {
		return nil, nil
	}
	if site != nil {
		pt, err := SiteGeometry(site)
		if err != nil {
			return nil, err
		}
		sites, err := s.activeSites(ctx)
		if err != nil {
			return nil, err
		}
		skip := func(d quality.Site) bool { return d.ID == id || !by.CanSee(d.Release) }
		return s.checker.CheckSite(pt, site.Names, sites, skip), nil
	}
	ls, err := MovementGeometry(mov)
	if err != nil {
		return nil, err
	}
	start, _ := time.Parse(time.RFC3339, mov.Window.Start)
	end, _ := time.Parse(time.RFC3339, mov.Window.End)
	return s.checker.CheckMovement(ls, start, end), nil
}

// confirmed returns nil if every flag's code is in confirm, and otherwise
// a conflict that lists the flags, so that nothing flagged is notified
// without the notifier's say-so.
func confirmed(flags []quality.Flag, confirm []string) error {
	var open []string
	for _, f := range flags {
		if !slices.Contains(confirm, f.Code) {
			open = append(open, f.Code+": "+f.Message)
		}
	}
	if len(open) == 0 {
		return nil
	}
	return fault.Conflictf("the submission is flagged (%s); correct it, or send confirm_flags with these codes to notify it as it is",
		strings.Join(open, "; "))
}

// CheckSite returns the flags a site notification would raise, without
// notifying anything (the notifier sees them before it submits). The
// errors are those of NotifySite.
func (s *Service) CheckSite(ctx context.Context, by access.Principal, in SiteInput) ([]quality.Flag, error) {
	return s.check(ctx, by, &in.Site, nil)
}

// CheckMovement is CheckSite for movements.
func (s *Service) CheckMovement(ctx context.Context, by access.Principal, in MovementInput) ([]quality.Flag, error) {
	return s.check(ctx, by, nil, &in.Movement)
}

func (s *Service) check(ctx context.Context, by access.Principal, site *Site, mov *Movement) ([]quality.Flag, error) {
	if err := s.canNotify(ctx, by); err != nil {
		return nil, wrapErr("check", "submission", err)
	}
	known, _, err := s.partySets(ctx)
	if err != nil {
		return nil, err
	}
	if site != nil {
		v, err := normalizeSite(*site, by.Party, known)
		if err != nil {
			return nil, err
		}
		site = &v
	} else {
		v, err := normalizeMovement(*mov, by.Party, known, s.now())
		if err != nil {
			return nil, err
		}
		mov = &v
	}
	flags, err := s.flagsOf(ctx, by, "", site, mov)
	if flags == nil {
		flags = []quality.Flag{}
	}
	return flags, err
}

// recordable returns flags as they are recorded with a version released
// as r: a duplicate flag naming a site that some party r releases the
// version to may not see keeps its code but not the other site's id or
// distance, so that the record discloses no site beyond its audience.
func (s *Service) recordable(ctx context.Context, flags []quality.Flag, r access.Releasability) ([]quality.Flag, error) {
	out := slices.Clone(flags)
	for i, f := range out {
		if f.Code != quality.Duplicate || f.Other == "" {
			continue
		}
		other, err := s.store.Notice(ctx, nil, f.Other)
		if err != nil {
			return nil, fmt.Errorf("notify: duplicate %s: %w", f.Other, err)
		}
		if !covers(other.Release, r) {
			out[i] = quality.Flag{Code: quality.Duplicate,
				Message: "the notifier confirmed that another site it knows of lies within the duplicate distance; that site is not released to every party notified of this one"}
		}
	}
	return out, nil
}

// covers reports whether every party a record released as r may be shown
// to may also see a record released as other.
func covers(other, r access.Releasability) bool {
	switch r.TLP {
	case access.TLPClear:
		return other.TLP == access.TLPClear
	case access.TLPGreen:
		return other.TLP == access.TLPClear || other.TLP == access.TLPGreen
	}
	for _, p := range r.Audience {
		if !other.VisibleTo(p) {
			return false
		}
	}
	return true
}
