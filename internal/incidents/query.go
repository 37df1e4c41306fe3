package incidents

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/listing"
)

// Filter selects incidents. Zero fields match everything.
type Filter struct {
	// BBox matches incidents whose location's bounding box meets it.
	BBox *orb.Bound
	// Zone matches incidents attributed to that zone.
	Zone string
	// From and To match incidents whose span (see Span) overlaps
	// [From, To]; either may be nil for an open end.
	From, To *time.Time
	// Categories and Statuses match any of their values.
	Categories []Category
	Statuses   []Status
	// Perpetrator matches Perpetrator.Key() ("party:ru", "group:…",
	// "unknown").
	Perpetrator string
	// Party matches the reporting party.
	Party string
	// Text matches incidents whose narrative, place name or sources
	// contain every word of it (full-text search).
	Text string
	// After continues a listing after this cursor.
	After *Cursor
	// Limit is the page size (Search only; see Listing).
	Limit int
	// Brief asks Search for listings without the report's content: each
	// incident has its id, key, external id, category, time, location,
	// place, perpetrator, casualty totals, reporting party, releasability,
	// status, round, duplicate link and Seq, but no narrative, sources,
	// casualty figures, evidence, assessments or zones. It is what a map or
	// a long list needs, at a fraction of the cost.
	Brief bool
}

// Cursor is a position in Listing, the newest-first order of the
// incidents: the start time T0 and the row id N of the incident a page
// ended with.
type Cursor struct{ T0, N int64 }

// Listing is the listing of incidents (the API's, its exports' and the OGC
// collection's): newest first, by start time, then by N. Its store leaves
// out most incidents the caller may not see, so a page reads one incident
// more than it shows.
var Listing = listing.Listing{Tag: "i1.", Default: 100, Max: 1000, MinFetch: 1}

// String encodes c as a cursor of Listing.
func (c Cursor) String() string { return Listing.Encode(c.at()) }

// at is c as a position of package listing: T0 as Seq, N in decimal as ID.
func (c Cursor) at() listing.Cursor {
	return listing.Cursor{Seq: c.T0, ID: strconv.FormatInt(c.N, 10)}
}

// ParseCursor decodes a cursor of Listing (made by Cursor.String); it
// returns an *fault.InvalidError on "cursor" for anything else, a cursor
// of another listing included.
func ParseCursor(s string) (*Cursor, error) {
	c, err := Listing.Parse(s)
	if err != nil {
		return nil, err
	}
	return cursorAt(c)
}

// cursorAt returns the Cursor of a position of package listing.
func cursorAt(c *listing.Cursor) (*Cursor, error) {
	n, err := strconv.ParseInt(c.ID, 10, 64)
	if err != nil || n < 0 {
		return nil, fault.Invalid("cursor", "is not a cursor of this listing; start again without a cursor")
	}
	return &Cursor{T0: c.Seq, N: n}, nil
}

// Before reports whether incident i comes after cursor c in the listing
// order (newest first).
func (c *Cursor) Before(i *Incident) bool {
	return i.T0 < c.T0 || (i.T0 == c.T0 && i.N < c.N)
}

// Matches reports whether incident i (with all its attributed zones)
// matches f, text excepted. It is the reference the store's queries are
// tested against.
func (f *Filter) Matches(i *Incident, bound orb.Bound) bool {
	if f.BBox != nil && !f.BBox.Intersects(bound) {
		return false
	}
	if f.Zone != "" && !slices.Contains(i.Zones, f.Zone) {
		return false
	}
	if f.From != nil && i.T1 < f.From.Unix() {
		return false
	}
	if f.To != nil && i.T0 > f.To.Unix() {
		return false
	}
	if len(f.Categories) > 0 && !slices.Contains(f.Categories, i.Category) {
		return false
	}
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, i.Status) {
		return false
	}
	if f.Perpetrator != "" && i.Perpetrator.Key() != f.Perpetrator {
		return false
	}
	if f.Party != "" && i.Party != f.Party {
		return false
	}
	if f.After != nil && !f.After.Before(i) {
		return false
	}
	return true
}

// Page is one page of Listing.
type Page = listing.Page[Incident]

// CountBucket is a number of incidents sharing a releasability, status and
// category.
type CountBucket struct {
	Release  access.Releasability
	Status   Status
	Category Category
	N        int
}

// Counts are the numbers of matching incidents a caller may see.
type Counts struct {
	Total      int              `json:"total"`
	ByStatus   map[Status]int   `json:"by_status"`
	ByCategory map[Category]int `json:"by_category"`
}

// AggregateBucket is a number of incidents sharing a day, zone, category
// and releasability, with the sums of their conservative casualty figures.
type AggregateBucket struct {
	Day      string // YYYY-MM-DD (UTC) of the start time
	Zone     string // "" for incidents in no zone
	Category Category
	Release  access.Releasability
	N        int
	Killed   int
	Injured  int
}

// Aggregate is one row of the dashboard aggregates: incidents per day ×
// zone × category. An incident in several zones the caller may see counts
// in each; one in none of them (no zone, or only zones the caller may not
// see) counts once, under Zone "".
type Aggregate struct {
	Day       string   `json:"day"`
	Zone      string   `json:"zone"`
	Category  Category `json:"category"`
	Incidents int      `json:"incidents"`
	Killed    int      `json:"killed"`
	Injured   int      `json:"injured"`
}

// Search returns a page of Listing: the incidents matching f that by may
// see, f.Limit of them (see Listing for the default and maximum), after
// f.After (nil for the first page), with the guarantee of package listing.
// Returns fault.ErrNotFound (wrapped) when f.Zone is a zone by may not see.
func (s *Service) Search(ctx context.Context, by access.Principal, f Filter) (*Page, error) {
	visibleZones, err := s.zoneIDs(ctx, by)
	if err != nil {
		return nil, err
	}
	if f.Zone != "" && !visibleZones[f.Zone] {
		return nil, fmt.Errorf("zone %s: %w", f.Zone, fault.ErrNotFound)
	}
	var after *listing.Cursor
	if f.After != nil {
		c := f.After.at()
		after = &c
	}
	fetch := func(ctx context.Context, cur *listing.Cursor, n int) ([]Incident, error) {
		g := f
		g.Limit, g.After = n, nil
		if cur != nil {
			c, err := cursorAt(cur)
			if err != nil {
				return nil, err
			}
			g.After = c
		}
		return s.store.Search(ctx, &g, by.Party)
	}
	page, err := listing.Fill(ctx, Listing, f.Limit, after, fetch,
		func(in *Incident) listing.Cursor { return Cursor{T0: in.T0, N: in.N}.at() },
		func(in *Incident) (Incident, bool) {
			if !by.CanSee(in.Release) {
				return Incident{}, false
			}
			s.present(in, visibleZones)
			return *in, true
		})
	if err != nil {
		return nil, fmt.Errorf("incidents: search: %w", err)
	}
	return page, nil
}

// Count returns the numbers of incidents matching f that by may see.
func (s *Service) Count(ctx context.Context, by access.Principal, f Filter) (*Counts, error) {
	if f.Zone != "" {
		vz, err := s.zoneIDs(ctx, by)
		if err != nil {
			return nil, err
		}
		if !vz[f.Zone] {
			return nil, fmt.Errorf("zone %s: %w", f.Zone, fault.ErrNotFound)
		}
	}
	f.After = nil
	bs, err := s.store.Counts(ctx, &f)
	if err != nil {
		return nil, fmt.Errorf("incidents: count: %w", err)
	}
	c := &Counts{ByStatus: map[Status]int{}, ByCategory: map[Category]int{}}
	for _, b := range bs {
		if !by.CanSee(b.Release) {
			continue
		}
		c.Total += b.N
		c.ByStatus[b.Status] += b.N
		c.ByCategory[b.Category] += b.N
	}
	return c, nil
}

// Aggregates returns the incidents matching f that by may see, per day ×
// zone × category, ordered by day, zone and category. An incident counts
// once under each zone it is attributed to that by may see, and once under
// zone "" if it is attributed to none that by may see; zones by may not see
// are never named, and never make an incident count twice. With f.Zone
// set, every row is that zone's (an incident in it is not broken down by
// its other zones as well). It returns fault.ErrNotFound (wrapped) when
// f.Zone is a zone by may not see.
func (s *Service) Aggregates(ctx context.Context, by access.Principal, f Filter) ([]Aggregate, error) {
	vz, err := s.zoneIDs(ctx, by)
	if err != nil {
		return nil, err
	}
	if f.Zone != "" && !vz[f.Zone] {
		return nil, fmt.Errorf("zone %s: %w", f.Zone, fault.ErrNotFound)
	}
	f.After = nil
	visible := make([]string, 0, len(vz))
	for z, ok := range vz {
		if ok {
			visible = append(visible, z)
		}
	}
	slices.Sort(visible)
	if f.Zone != "" {
		visible = []string{f.Zone}
	}
	bs, err := s.store.Aggregate(ctx, &f, visible)
	if err != nil {
		return nil, fmt.Errorf("incidents: aggregate: %w", err)
	}
	type key struct {
		day, zone string
		cat       Category
	}
	sum := map[key]*Aggregate{}
	for _, b := range bs {
		if !by.CanSee(b.Release) {
			continue
		}
		if b.Zone != "" && !vz[b.Zone] {
			return nil, fmt.Errorf("incidents: aggregate: the store named zone %s, which is not visible", b.Zone)
		}
		k := key{b.Day, b.Zone, b.Category}
		a := sum[k]
		if a == nil {
			a = &Aggregate{Day: b.Day, Zone: b.Zone, Category: b.Category}
			sum[k] = a
		}
		a.Incidents += b.N
		a.Killed += b.Killed
		a.Injured += b.Injured
	}
	out := make([]Aggregate, 0, len(sum))
	for _, a := range sum {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Day != b.Day {
			return a.Day < b.Day
		}
		if a.Zone != b.Zone {
			return a.Zone < b.Zone
		}
		return a.Category < b.Category
	})
	return out, nil
}
