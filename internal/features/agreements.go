package features

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/agreements/rules"
	"truce/internal/fault"
	"truce/internal/listing"
	"truce/internal/ogc/cql2"
)

// Agreements is the collection of agreements (ceasefires, memoranda, local
// arrangements): one feature per agreement, its shown version (the current
// one, else the latest proposed), located by the agreed areas of the zones
// its obligations name. Feature ids are the agreement ids. The agreements
// service decides which agreements a caller may see, and the geometry
// holds only the zones the caller may see: an agreement visible to a
// party whose zones are not has no geometry (null) for it.
type Agreements struct {
	Service *agreements.Service
}

var agreementStatuses = []string{string(agreements.StatusProposed), string(agreements.StatusScheduled),
	string(agreements.StatusInForce), string(agreements.StatusExpired)}

var ruleKinds = func() []string {
	out := make([]string, len(rules.Kinds))
	for i, k := range rules.Kinds {
		out[i] = string(k)
	}
	return out
}()

// Info implements Collection.
func (Agreements) Info() Info {
	return Info{ID: "agreements", Title: "Agreements",
		Description: "Ceasefires, memoranda and local arrangements: the version in force (else the latest proposed), its period, parties and status, located by the agreed zones its obligations name.",
		Queryables: []Queryable{
			{Name: "agreement_id", Title: "Agreement id", Type: cql2.String},
			{Name: "version", Title: "Version shown", Type: cql2.Integer},
			{Name: "title", Title: "Title", Type: cql2.String},
			{Name: "status", Title: "Status", Type: cql2.String, Enum: agreementStatuses},
			{Name: "agreed", Title: "Whether every co-chair agreed to the version shown", Type: cql2.Boolean},
			{Name: "effective_from", Title: "Effective from", Type: cql2.Timestamp},
			{Name: "effective_until", Title: "Effective until", Type: cql2.Timestamp},
			{Name: "obligations", Title: "Number of obligations", Type: cql2.Integer},
			{Name: "party", Title: "Proposing party", Type: cql2.String},
			{Name: "tlp", Title: "TLP 2.0 label", Type: cql2.String},
			{Name: "log_origin", Title: "Origin: the party node's log that holds the record", Type: cql2.String},
		}}
}

// Each implements Collection.
func (c Agreements) Each(ctx context.Context, by access.Principal, q *Query, yield func(*Feature) error) error {
	return eachAgreement(ctx, c.Service, by, afterID(q.After), func(a *agreements.Agreement) error {
		f, err := agreementFeature(ctx, c.Service, by, a)
		if err != nil {
			return err
		}
		if f == nil {
			return nil
		}
		return yield(f)
	})
}

// Get implements Collection.
func (c Agreements) Get(ctx context.Context, by access.Principal, id string) (*Feature, error) {
	a, err := c.Service.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	f, err := agreementFeature(ctx, c.Service, by, a)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, fmt.Errorf("agreement feature %q: %w", id, fault.ErrNotFound)
	}
	return f, nil
}

// eachAgreement calls fn with every agreement by may see, in id order,
// after the position after (nil: from the start).
func eachAgreement(ctx context.Context, svc *agreements.Service, by access.Principal, after *listing.Cursor, fn func(*agreements.Agreement) error) error {
	for {
		page, err := svc.ListPage(ctx, by, "", agreements.Listing.Max, after)
		if err != nil {
			return fmt.Errorf("features: agreements: %w", err)
		}
		for i := range page.Items {
			if err := fn(&page.Items[i]); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		if after, err = agreements.Listing.Parse(page.Next); err != nil {
			return fmt.Errorf("features: agreements: %w", err)
		}
	}
}

// agreementFeature returns a's shown version as a feature (nil for an
// agreement with no version), located by the union of the areas of its
// zones by may see.
func agreementFeature(ctx context.Context, svc *agreements.Service, by access.Principal, a *agreements.Agreement) (*Feature, error) {
	v := agreements.Shown(a)
	if v == nil {
		return nil, nil
	}
	areas, err := svc.ZoneAreas(ctx, by, v)
	if err != nil {
		return nil, fmt.Errorf("features: agreement %s: %w", a.ID, err)
	}
	ids := make([]string, 0, len(areas))
	for id := range areas {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var all orb.MultiPolygon
	for _, id := range ids {
		all = append(all, areas[id]...)
	}
	var zoneIDs []string
	for _, o := range v.Obligations {
		if o.Rule.ZoneID != "" && !slices.Contains(zoneIDs, o.Rule.ZoneID) {
			zoneIDs = append(zoneIDs, o.Rule.ZoneID)
		}
	}
	f := &Feature{ID: a.ID, Cursor: a.ID, Geometry: multiPolygonJSON(all), Start: timePtr(v.EffectiveFrom), End: timePtr(v.EffectiveUntil),
		Owner: a.Party, Release: a.Release,
		Props: []Prop{
			{"agreement_id", a.ID}, {"version", v.Version}, {"title", v.Title}, {"status", string(a.Status)},
			{"agreed", v.Agreed()}, {"effective_from", orNil(v.EffectiveFrom)}, {"effective_until", orNil(v.EffectiveUntil)},
			{"parties", orEmpty(v.Parties)}, {"agreed_by", orEmpty(v.AgreedBy)}, {"pending", orEmpty(v.Pending)},
			{"obligations", len(v.Obligations)}, {"zones", orEmpty(zoneIDs)},
			{"party", a.Party}, {"tlp", string(a.Release.TLP)}, {"log_origin", a.Origin},
		}}
	return f, nil
}

// multiPolygonJSON returns mp as a GeoJSON geometry, nil when it is empty
// (a feature without a location).
func multiPolygonJSON(mp orb.MultiPolygon) json.RawMessage {
	if len(mp) == 0 {
		return nil
	}
	g := struct {
		Type        string `json:"type"`
		Coordinates any    `json:"coordinates"`
	}{"MultiPolygon", mp}
	if len(mp) == 1 {
		g.Type, g.Coordinates = "Polygon", mp[0]
	}
	b, err := json.Marshal(g)
	if err != nil {
		return nil
	}
	return b
}

// Obligations is the collection of the obligations of every agreement: one
// feature per obligation of each agreement's shown version, located by the
// agreed area of its zone when the caller may see that zone (null
// otherwise, and for a no-fire rule, which names protected sites, not a
// zone). Feature ids are "<agreement id>.<obligation key>". A caller sees
// the obligations of the agreements it may see.
type Obligations struct {
	Service *agreements.Service
}

// Info implements Collection.
func (Obligations) Info() Info {
	return Info{ID: "obligations", Title: "Obligations",
		Description: "Each commitment of an agreement as a checkable rule: its kind, zone, times and the parties bound, located by the agreed zone it names.",
		Queryables: []Queryable{
			{Name: "agreement_id", Title: "Agreement id", Type: cql2.String},
			{Name: "obligation", Title: "Obligation key (unique within the agreement)", Type: cql2.String},
			{Name: "title", Title: "Title", Type: cql2.String},
			{Name: "agreement_title", Title: "Title of the agreement", Type: cql2.String},
			{Name: "agreement_status", Title: "Status of the agreement", Type: cql2.String, Enum: agreementStatuses},
			{Name: "version", Title: "Agreement version shown", Type: cql2.Integer},
			{Name: "rule_kind", Title: "Rule kind", Type: cql2.String, Enum: ruleKinds},
			{Name: "zone_id", Title: "Zone id", Type: cql2.String},
			{Name: "from", Title: "Binds from", Type: cql2.Timestamp},
			{Name: "until", Title: "Binds until", Type: cql2.Timestamp},
			{Name: "min_altitude_ft", Title: "Lowest altitude allowed (ft)", Type: cql2.Number},
			{Name: "radius_km", Title: "Radius around protected sites (km)", Type: cql2.Number},
			{Name: "party", Title: "Proposing party of the agreement", Type: cql2.String},
			{Name: "tlp", Title: "TLP 2.0 label", Type: cql2.String},
			{Name: "log_origin", Title: "Origin: the party node's log that holds the record", Type: cql2.String},
		}}
}

// Each implements Collection. Features come in agreement id order, then in
// the agreement's order of obligations; a feature's cursor is its
// agreement id and its index there ("<agreement id> <index>").
func (c Obligations) Each(ctx context.Context, by access.Principal, q *Query, yield func(*Feature) error) error {
	agr, idx := "", -1
	if q.After != "" {
		a, n, ok := strings.Cut(q.After, " ")
		i, err := strconv.Atoi(n)
		if !ok || err != nil || i < 0 {
			return fault.Invalid("cursor", "is not a position in the obligations")
		}
		agr, idx = a, i
	}
	// The agreements are read from the start and those before the cursor's
	// skipped: the listing resumes only after an agreement, not at one.
	return eachAgreement(ctx, c.Service, by, nil, func(a *agreements.Agreement) error {
		if a.ID < agr {
			return nil
		}
		fs, err := obligationFeatures(ctx, c.Service, by, a)
		if err != nil {
			return err
		}
		for i, f := range fs {
			if a.ID == agr && i <= idx {
				continue
			}
			if err := yield(f); err != nil {
				return err
			}
		}
		return nil
	})
}

// Get implements Collection.
func (c Obligations) Get(ctx context.Context, by access.Principal, id string) (*Feature, error) {
	i := strings.LastIndex(id, ".") // keys hold no dot
	if i < 0 {
		return nil, fmt.Errorf("obligation feature %q: %w", id, fault.ErrNotFound)
	}
	agr := id[:i]
	a, err := c.Service.Get(ctx, by, agr)
	if err != nil {
		return nil, err
	}
	fs, err := obligationFeatures(ctx, c.Service, by, a)
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		if f.ID == id {
			return f, nil
		}
	}
	return nil, fmt.Errorf("obligation feature %q: %w", id, fault.ErrNotFound)
}

// obligationFeatures returns the obligations of a's shown version as
// features, each located by its zone's agreed area when by may see the
// zone.
func obligationFeatures(ctx context.Context, svc *agreements.Service, by access.Principal, a *agreements.Agreement) ([]*Feature, error) {
	v := agreements.Shown(a)
	if v == nil {
		return nil, nil
	}
	areas, err := svc.ZoneAreas(ctx, by, v)
	if err != nil {
		return nil, fmt.Errorf("features: obligations of %s: %w", a.ID, err)
	}
	out := make([]*Feature, 0, len(v.Obligations))
	for i, o := range v.Obligations {
		r := o.Rule
		var minAlt, radius any
		if r.Kind == rules.KindNoLowFlights {
			minAlt = r.MinAltitudeFt
		}
		if r.Kind == rules.KindNoFireNearSites {
			radius = r.RadiusKm
		}
		out = append(out, &Feature{ID: a.ID + "." + o.Key, Cursor: a.ID + " " + strconv.Itoa(i),
			Geometry: multiPolygonJSON(areas[r.ZoneID]), Start: timePtr(r.From), End: timePtr(r.Until),
			Owner: a.Party, Release: a.Release,
			Props: []Prop{
				{"agreement_id", a.ID}, {"obligation", o.Key}, {"title", o.Title}, {"agreement_title", v.Title},
				{"agreement_status", string(a.Status)}, {"version", v.Version}, {"rule_kind", string(r.Kind)},
				{"zone_id", orNil(r.ZoneID)}, {"from", orNil(r.From)}, {"until", orNil(r.Until)},
				{"parties_bound", orEmpty(r.Parties)}, {"classes", orEmpty(r.Classes)},
				{"min_altitude_ft", minAlt}, {"radius_km", radius},
				{"party", a.Party}, {"tlp", string(a.Release.TLP)}, {"log_origin", a.Origin},
			}})
	}
	return out, nil
}
