package zones

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/cochair"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// ImportOptions control Import.
type ImportOptions struct {
	// Defaults give fields (ImportFields) that a feature does not: e.g. the
	// kind and effective_from of every zone of a file.
	Defaults map[string]string
	// Releasability is that of every zone created; default GREEN.
	Releasability *access.Releasability
	// DryRun validates and reports without writing anything.
	DryRun bool
}

// ImportReport says what an import did (or, for a dry run or a rejected
// import, would have done).
type ImportReport struct {
	Features int            `json:"features"`
	Created  int            `json:"created"`
	Existing int            `json:"existing"` // already imported: skipped
	Invalid  int            `json:"invalid"`
	Written  bool           `json:"written"`
	Errors   []FeatureError `json:"errors"`
	// IDs are the ids of the zones of the valid features, in feature
	// order (those created, and those that already existed).
	IDs []string `json:"ids"`
}

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// ImportedID returns the id of the zone that party's import of a feature
// with external id ext creates: the same party and external id always give
// the same zone, which makes imports idempotent.
func ImportedID(party, ext string) string {
	sum := sha256.Sum256([]byte("zone-import\n" + party + "\n" + ext))
	return "zone_" + idEncoding.EncodeToString(sum[:12])
}

// externalID is a feature's external id: its external_id property, else
// its own id, else a digest of its content.
func (f *Feature) externalID() string {
	if v := f.Props["external_id"]; v != "" {
		return v
	}
	if f.ID != "" {
		return "id:" + f.ID
	}
	h := sha256.New()
	for _, k := range ImportFields {
		fmt.Fprintf(h, "%s=%q\n", k, f.Props[k])
	}
	h.Write(f.Geometry)
	return fmt.Sprintf("sha256:%x", h.Sum(nil))
}

// Import proposes one new zone per feature, as Propose would for each
// (the proposing party's agreement recorded with it), in one
// all-or-nothing write. Every feature is validated first with the same
// rules as Propose; if any is bad (or parseErrs is not empty) nothing is
// written and the report names each bad feature, field, ring and vertex. A
// feature whose zone (see ImportedID) exists already, or that repeats an
// earlier feature of the file, is skipped, so importing a file twice
// creates nothing new. It returns fault.ErrForbidden unless by is a
// liaison of a co-chair party, and *fault.InvalidError for bad options
// (a releasability that some co-chair party may not see among them).
func (s *Service) Import(ctx context.Context, by access.Principal, feats []Feature, parseErrs []FeatureError, opts ImportOptions) (*ImportReport, error) {
	if err := requireCoChairLiaison(by); err != nil {
		return nil, err
	}
	if len(feats)+len(parseErrs) > MaxImportZones {
		return nil, fault.Invalid("features", "%d features; at most %d zones per import", len(feats)+len(parseErrs), MaxImportZones)
	}
	release := access.Releasability{TLP: access.TLPGreen}
	if opts.Releasability != nil {
		release = *opts.Releasability
	}
	var known func(string) bool
	if s.known != nil {
		known = func(party string) bool { return s.known(ctx, party) }
	}
	if err := release.Validate(known); err != nil {
		return nil, err
	}
	release = release.Normalize(by.Party)
	coChairs, err := s.store.CoChairs(ctx, nil)
	if err != nil {
		return nil, err
	}
	if err := requireCoChairsSee(release, coChairs); err != nil {
		return nil, err
	}
	rep := &ImportReport{Features: len(feats) + len(parseErrs), Errors: append([]FeatureError{}, parseErrs...), IDs: []string{}}
	rep.Invalid = len(parseErrs)
	type prepared struct {
		id   string
		spec Spec
	}
	var fresh []prepared
	seen := map[string]bool{}
	for i := range feats {
		f := &feats[i]
		p := proposalOf(f, opts.Defaults)
		id := ImportedID(by.Party, f.externalID())
		spec, _, err := p.validate(id, 1, nil, s.now())
		var inv *fault.InvalidError
		switch {
		case errors.As(err, &inv):
			rep.Invalid++
			rep.Errors = append(rep.Errors, FeatureError{Feature: f.Index, Name: p.Name, Field: inv.Field, Reason: inv.Reason})
			continue
		case err != nil:
			return nil, fmt.Errorf("zones: import feature %d: %w", f.Index, err)
		}
		rep.IDs = append(rep.IDs, id)
		if seen[id] {
			rep.Existing++
			continue
		}
		seen[id] = true
		_, err = s.store.Zone(ctx, nil, id)
		switch {
		case err == nil:
			rep.Existing++
			continue
		case !errors.Is(err, fault.ErrNotFound):
			return nil, fmt.Errorf("zones: import feature %d: %w", f.Index, err)
		}
		fresh = append(fresh, prepared{id: id, spec: spec})
	}
	slices.SortStableFunc(rep.Errors, func(a, b FeatureError) int { return a.Feature - b.Feature })
	if rep.Invalid > 0 {
		rep.IDs = []string{}
		return rep, nil
	}
	rep.Created = len(fresh)
	if opts.DryRun || len(fresh) == 0 {
		return rep, nil
	}
	complete := len(cochair.Missing(coChairs, []string{by.Party})) == 0
	ids := make([]string, len(fresh))
	changes := make([]ledger.Change, 0, 2*len(fresh))
	for k, p := range fresh {
		ids[k] = p.id
		changes = append(changes,
			ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindProposed, Subject: Subject(p.id),
				Release: release, Payload: Proposed{Version: p.spec, Release: release}}},
			ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindAgreed, Subject: Subject(p.id),
				Release: release, Payload: Agreed{ZoneID: p.id, Version: 1, Party: by.Party, Complete: complete}}})
	}
	changes[0].Check = func(ctx context.Context, q ledger.Querier) error {
		for _, id := range ids {
			if _, err := s.store.Zone(ctx, q, id); err == nil {
				return fault.Conflictf("zone %s was imported meanwhile by another request; import again", id)
			} else if !errors.Is(err, fault.ErrNotFound) {
				return err
			}
		}
		now, err := s.store.CoChairs(ctx, q)
		if err != nil {
			return err
		}
		if !slices.Equal(now, coChairs) {
			return fault.Conflictf("the co-chair parties changed meanwhile; import again")
		}
		return nil
	}
	if _, err := s.log.Append(ctx, changes...); err != nil {
		return nil, fmt.Errorf("zones: import: %w", err)
	}
	rep.Written = true
	return rep, nil
}

// proposalOf builds the proposal of a feature, with defaults for the
// fields it lacks.
func proposalOf(f *Feature, defaults map[string]string) Proposal {
	get := func(field string) string {
		if v := f.Props[field]; v != "" {
			return v
		}
		return defaults[field]
	}
	return Proposal{Kind: Kind(get("kind")), Name: get("name"), NameRU: get("name_ru"), NameAR: get("name_ar"),
		Geometry: f.Geometry, EffectiveFrom: get("effective_from"), EffectiveUntil: get("effective_until"), Note: get("note")}
}
