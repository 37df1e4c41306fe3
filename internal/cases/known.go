package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/listing"
)

// Limits of a known-site import.
const (
	MaxKnownSites       = 5000
	DefaultKnownRadiusM = 100
	MaxKnownRadiusM     = 5000
	maxName             = 200
)

// KnownKinds lists the kinds of known site.
var KnownKinds = []string{"hospital", "clinic", "school", "camp", "water_facility", "power_facility",
	"un_premises", "religious_site", "shelter", "other"}

// Site is one site of a facility list: a civilian place known to the
// centre from a source (not a notification: it implies nothing about
// whether anyone was notified of it).
type Site struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Source  string  `json:"source"`
	Lon     float64 `json:"lon"`
	Lat     float64 `json:"lat"`
	RadiusM float64 `json:"radius_m"`
}

// KnownSitesImported is the payload of case.known_sites_imported.
type KnownSitesImported struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Sites  []Site `json:"sites"`
}

// KnownSite is a known site as stored, with its import.
type KnownSite struct {
	Site
	ImportID string               `json:"import_id"`
	Party    string               `json:"party"`
	Author   string               `json:"author"`
	Imported string               `json:"imported"`
	Release  access.Releasability `json:"releasability"`
	Seq      int64                `json:"seq"`
}

// ImportInput is the body of POST /api/v1/known-sites/import: a GeoJSON
// FeatureCollection of Point features, or CSV text, with the
// releasability of the whole import.
type ImportInput struct {
	// Source names where the list comes from; a site's own source wins.
	Source  string                `json:"source"`
	GeoJSON json.RawMessage       `json:"geojson,omitempty"`
	CSV     string                `json:"csv,omitempty"`
	Release *access.Releasability `json:"releasability,omitempty"`
}

// ImportResult is what an import returns.
type ImportResult struct {
	ID      string               `json:"id"`
	Sites   int                  `json:"sites"`
	Release access.Releasability `json:"releasability"`
	Seq     int64                `json:"seq"`
}

// Import records a facility list as known sites, all or nothing, in one
// entry. Only an admin or a user of the UN monitoring cell (analyst or
// liaison) imports. The releasability is the one given, which MUST NOT be
// CLEAR (no site is public), or by default AMBER to by's party and the
// co-chairs. Errors: fault.ErrForbidden, *fault.InvalidError for bad input
// naming the site's row (nothing is written).
func (s *Service) Import(ctx context.Context, by access.Principal, in ImportInput) (*ImportResult, error) {
	if err := by.RequireActive(); err != nil {
		return nil, err
	}
	cen, err := s.centre(ctx)
	if err != nil {
		return nil, err
	}
	if !by.Has(access.RoleAdmin) && !(cen.monitor(by.Party) && (by.Has(access.RoleAnalyst) || by.Has(access.RoleLiaison))) {
		return nil, fmt.Errorf("cases: only an admin or the UN monitoring cell imports known sites: %w", fault.ErrForbidden)
	}
	rel := access.Releasability{TLP: access.TLPAmber}
	if in.Release != nil {
		rel = *in.Release
		if err := rel.Validate(func(p string) bool { _, ok := cen[p]; return ok }); err != nil {
			return nil, err
		}
		if rel.TLP == access.TLPClear {
			return nil, fault.Invalid("releasability.tlp", "known sites are never CLEAR: no site is published")
		}
	} else {
		for id, p := range cen {
			if p.CoChair && p.Retired == "" {
				rel.Audience = append(rel.Audience, id)
			}
		}
	}
	rel = rel.Normalize(by.Party)
	source := strings.TrimSpace(in.Source)
	if len(source) > maxName {
		return nil, fault.Invalid("source", "at most %d bytes", maxName)
	}
	var sites []Site
	switch {
	case len(in.GeoJSON) > 0 && in.CSV != "":
		return nil, fault.Invalid("geojson", "give geojson or csv, not both")
	case len(in.GeoJSON) > 0:
		sites, err = parseGeoJSON(in.GeoJSON)
	case in.CSV != "":
		sites, err = parseCSV(in.CSV)
	default:
		return nil, fault.Invalid("geojson", "give the facility list as geojson or csv")
	}
	if err != nil {
		return nil, err
	}
	if sites, err = s.validSites(sites, source); err != nil {
		return nil, err
	}
	p := &KnownSitesImported{ID: access.NewID("ksi"), Source: source, Sites: sites}
	es, err := s.deps.Log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username,
		Kind: KindKnownSitesImported, Subject: ImportSubject(p.ID), Release: rel, Payload: p}})
	if err != nil {
		return nil, fmt.Errorf("cases: import known sites: %w", err)
	}
	return &ImportResult{ID: p.ID, Sites: len(sites), Release: rel, Seq: es[0].Seq}, nil
}

// KnownListing is the paging rule of GET /api/v1/known-sites.
var KnownListing = listing.Listing{Tag: "ks1.", Default: 100, Max: 1000}

// KnownSites returns a page of the known sites by may see, newest import
// first. Only members see known sites: the public gets an empty page.
func (s *Service) KnownSites(ctx context.Context, by access.Principal, limit int, after *listing.Cursor) (*listing.Page[KnownSite], error) {
	return listing.Fill(ctx, KnownListing, limit, after,
		func(ctx context.Context, after *listing.Cursor, n int) ([]KnownSite, error) {
			return s.deps.Store.KnownSitesBefore(ctx, by.Party, after, n)
		},
		func(k *KnownSite) listing.Cursor { return listing.Cursor{Seq: k.Seq, ID: k.ID} },
		func(k *KnownSite) (KnownSite, bool) { return *k, by.Authenticated() && by.CanSee(k.Release) })
}

// KnownSite returns known site id if by may see it, else fault.ErrNotFound.
func (s *Service) KnownSite(ctx context.Context, by access.Principal, id string) (*KnownSite, error) {
	k, err := s.deps.Store.KnownSite(ctx, id)
	if errors.Is(err, fault.ErrNotFound) || (err == nil && (!by.Authenticated() || !by.CanSee(k.Release))) {
		return nil, fmt.Errorf("cases: known site %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("cases: known site %s: %w", id, err)
	}
	return k, nil
}
