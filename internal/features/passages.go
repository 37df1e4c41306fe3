package features

import (
	"context"
	"fmt"
	"strings"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/listing"
	"truce/internal/ogc/cql2"
)

// Passages is the collection of safe passages and local ceasefires: one
// feature per passage, its latest version's route or area, with its status
// and the parties that guaranteed that version. Feature ids are the
// passage ids; the agreements service decides which passages (and so
// which guarantees) a caller may see.
type Passages struct {
	Service *agreements.Service
}

// Info implements Collection.
func (Passages) Info() Info {
	return Info{ID: "passages", Title: "Safe passages and local ceasefires",
		Description: "Safe passages and local ceasefires: the latest version's route or area, its window, status and guarantees.",
		Queryables: []Queryable{
			{Name: "passage_id", Title: "Passage id", Type: cql2.String},
			{Name: "version", Title: "Latest version", Type: cql2.Integer},
			{Name: "kind", Title: "Kind", Type: cql2.String, Enum: []string{string(agreements.KindSafePassage), string(agreements.KindLocalCeasefire)}},
			{Name: "name", Title: "Name", Type: cql2.String},
			{Name: "status", Title: "Status", Type: cql2.String, Enum: []string{string(agreements.PassagePlanned),
				string(agreements.PassageOpen), string(agreements.PassageSuspended), string(agreements.PassageClosed)}},
			{Name: "window_from", Title: "Window from", Type: cql2.Timestamp},
			{Name: "window_until", Title: "Window until", Type: cql2.Timestamp},
			{Name: "party", Title: "Proposing party", Type: cql2.String},
			{Name: "tlp", Title: "TLP 2.0 label", Type: cql2.String},
			{Name: "log_origin", Title: "Origin: the party node's log that holds the record", Type: cql2.String},
		}}
}

// Each implements Collection.
func (c Passages) Each(ctx context.Context, by access.Principal, q *Query, yield func(*Feature) error) error {
	var after *listing.Cursor
	if q.After != "" {
		after = &listing.Cursor{ID: q.After}
	}
	for {
		page, err := c.Service.PassagesPage(ctx, by, "", agreements.PassageListing.Max, after)
		if err != nil {
			return fmt.Errorf("features: passages: %w", err)
		}
		for i := range page.Items {
			f := passageFeature(&page.Items[i])
			f.Cursor = f.ID
			if err := yield(f); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		if after, err = agreements.PassageListing.Parse(page.Next); err != nil {
			return fmt.Errorf("features: passages: %w", err)
		}
	}
}

// Get implements Collection.
func (c Passages) Get(ctx context.Context, by access.Principal, id string) (*Feature, error) {
	p, err := c.Service.GetPassage(ctx, by, id)
	if err != nil {
		return nil, err
	}
	f := passageFeature(p)
	f.Cursor = f.ID
	return f, nil
}

// passageFeature returns p's latest version as a feature.
func passageFeature(p *agreements.Passage) *Feature {
	v := p.LatestVersion()
	var guaranteed []string
	for _, g := range p.Guarantees {
		if g.Version == v.Version {
			guaranteed = append(guaranteed, g.Party)
		}
	}
	return &Feature{ID: p.ID, Geometry: v.Geometry, Start: timePtr(v.WindowFrom), End: timePtr(v.WindowUntil),
		Owner: p.Party, Release: p.Release,
		Props: []Prop{
			{"passage_id", p.ID}, {"version", v.Version}, {"kind", string(v.Kind)}, {"name", v.Name},
			{"status", string(p.Status)}, {"window_from", orNil(v.WindowFrom)}, {"window_until", orNil(v.WindowUntil)},
			{"traffic", orEmpty(v.Traffic)}, {"parties", orEmpty(v.Parties)}, {"guaranteed_by", orEmpty(guaranteed)},
			{"missing_to_open", strings.Join(p.Missing, " ")},
			{"party", p.Party}, {"tlp", string(p.Release.TLP)}, {"log_origin", p.Origin},
		}}
}

// orEmpty returns s, or an empty list for nil.
func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
