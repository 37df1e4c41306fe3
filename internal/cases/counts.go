package cases

import (
	"context"
	"fmt"
	"slices"
	"time"

	"truce/internal/federation/timeliness"
)

// PartyCounts are the public figures of one party: how many notified
// sites and movements were affected by incidents alleged against it, how
// many requests for information it was sent and answered on time, and how
// many of the cases it was asked on are closed.
type PartyCounts struct {
	Party             string `json:"party"`
	SitesAffected     int    `json:"notified_sites_affected"`
	MovementsAffected int    `json:"notified_movements_affected"`
	Requests          int    `json:"requests"`
	AnsweredOnTime    int    `json:"answered_on_time"`
	CasesClosed       int    `json:"cases_closed"`
}

// Counts is the public summary of the cases.
type Counts struct {
	// AsOf is the start of the current UTC day: only cases opened, and
	// answers and outcomes recorded, before it are counted, so that the
	// figures move once a day and their timing reveals no movement.
	AsOf    string        `json:"as_of"`
	Parties []PartyCounts `json:"parties"`
}

// PublicCounts returns Counts for anyone, the public included: counts
// only, computed over every case whatever its releasability (no site,
// coordinate, id or time of a case is in them), per party, sorted by
// party. A request still within its deadline at AsOf is not yet counted
// as answered or not.
func (s *Service) PublicCounts(ctx context.Context) (*Counts, error) {
	cs, err := s.deps.Store.Cases(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("cases: counts: %w", err)
	}
	asOf := s.deps.Now().UTC().Truncate(24 * time.Hour)
	before := func(t string) bool {
		at, err := time.Parse(time.RFC3339Nano, t)
		return err == nil && at.Before(asOf)
	}
	by := map[string]*PartyCounts{}
	get := func(p string) *PartyCounts {
		if by[p] == nil {
			by[p] = &PartyCounts{Party: p}
		}
		return by[p]
	}
	for i := range cs {
		c := &cs[i]
		if !before(c.Opened) {
			continue
		}
		if c.Alleged != "" {
			switch c.Concern.Type {
			case ConcernsSite:
				get(c.Alleged).SitesAffected++
			case ConcernsMovement:
				get(c.Alleged).MovementsAffected++
			}
		}
		closed := c.Outcome != nil && before(c.Outcome.Time)
		for _, r := range c.Requests {
			pc := get(r.Party)
			pc.Requests++
			due, err := time.Parse(time.RFC3339Nano, r.Deadline)
			if r.Answer != nil && before(r.Answer.Time) && err == nil && !mustParse(r.Answer.Time).After(due) {
				// With a judge, an answer first cosigned after the
				// deadline plus the tolerance is not on time either.
				if v, ok, err := s.verdict(ctx, &r); err != nil {
					return nil, fmt.Errorf("cases: counts: %w", err)
				} else if !ok || v.Status != timeliness.Late {
					pc.AnsweredOnTime++
				}
			}
			if closed {
				pc.CasesClosed++
			}
		}
	}
	out := &Counts{AsOf: asOf.Format(time.RFC3339), Parties: []PartyCounts{}}
	for _, p := range by {
		out.Parties = append(out.Parties, *p)
	}
	slices.SortFunc(out.Parties, func(a, b PartyCounts) int {
		if a.Party < b.Party {
			return -1
		}
		if a.Party > b.Party {
			return 1
		}
		return 0
	})
	return out, nil
}

func mustParse(t string) time.Time {
	at, _ := time.Parse(time.RFC3339Nano, t)
	return at
}
