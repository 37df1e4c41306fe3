package features

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ogc/cql2"
	"truce/internal/zones"
)

// Zones is the zones collection: one feature per zone version that is in
// force now, scheduled (agreed, not yet in force) or proposed (awaiting
// agreement). Feature ids are "<zone id>.v<version>".
type Zones struct {
	Service *zones.Service
	// Now is the clock; nil for time.Now.
	Now func() time.Time
}

var zoneKinds = func() []string {
	out := make([]string, len(zones.Kinds))
	for i, k := range zones.Kinds {
		out[i] = string(k)
	}
	return out
}()

// Info implements Collection.
func (Zones) Info() Info {
	return Info{ID: "zones", Title: "Zones",
		Description: "Designated zones: the version in force and versions proposed or agreed but not yet in force.",
		Queryables: []Queryable{
			{Name: "zone_id", Title: "Zone id", Type: cql2.String},
			{Name: "version", Title: "Version", Type: cql2.Integer},
			{Name: "kind", Title: "Kind", Type: cql2.String, Enum: zoneKinds},
			{Name: "name", Title: "Name", Type: cql2.String},
			{Name: "name_ru", Title: "Name (Russian)", Type: cql2.String},
			{Name: "name_ar", Title: "Name (Arabic)", Type: cql2.String},
			{Name: "status", Title: "Status of this version", Type: cql2.String, Enum: []string{"in_force", "scheduled", "proposed", "expired"}},
			{Name: "effective_from", Title: "Effective from", Type: cql2.Timestamp},
			{Name: "effective_until", Title: "Effective until", Type: cql2.Timestamp},
			{Name: "party", Title: "Proposing party", Type: cql2.String},
			{Name: "tlp", Title: "TLP 2.0 label", Type: cql2.String},
			{Name: "log_origin", Title: "Origin: the party node's log that holds the record", Type: cql2.String},
		}}
}

func (c Zones) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Each implements Collection.
func (c Zones) Each(ctx context.Context, by access.Principal, q *Query, yield func(*Feature) error) error {
	zs, err := c.Service.List(ctx, by, "")
	if err != nil {
		return fmt.Errorf("features: zones: %w", err)
	}
	now := c.now()
	var fs []*Feature
	for i := range zs {
		fs = append(fs, zoneFeatures(&zs[i], now)...)
	}
	return eachSorted(fs, q.After, yield)
}

// Get implements Collection.
func (c Zones) Get(ctx context.Context, by access.Principal, id string) (*Feature, error) {
	i := strings.LastIndex(id, ".v")
	if i < 0 {
		return nil, fmt.Errorf("zone feature %q: %w", id, fault.ErrNotFound)
	}
	zid := id[:i]
	n, err := strconv.Atoi(id[i+2:])
	if err != nil || n < 1 {
		return nil, fmt.Errorf("zone feature %q: %w", id, fault.ErrNotFound)
	}
	z, err := c.Service.Get(ctx, by, zid)
	if err != nil {
		return nil, err
	}
	for _, f := range zoneFeatures(z, c.now()) {
		if f.ID == id {
			f.Cursor = f.ID
			return f, nil
		}
	}
	return nil, fmt.Errorf("zone feature %q: %w", id, fault.ErrNotFound)
}

// zoneFeatures returns the features of z: its current version and its
// pending or scheduled ones (withdrawals have no area and are left out).
func zoneFeatures(z *zones.Zone, now time.Time) []*Feature {
	var out []*Feature
	for i := range z.Versions {
		v := &z.Versions[i]
		if v.Action != zones.ActionDefine {
			continue
		}
		var status string
		switch {
		case z.Current != nil && z.Current.Version == v.Version:
			status = string(z.Status)
		case !v.Agreed():
			status = "proposed"
		case v.InForceFrom != "" && timePtr(v.InForceFrom) != nil && timePtr(v.InForceFrom).After(now):
			status = "scheduled"
		default:
			continue // superseded
		}
		out = append(out, &Feature{
			ID: z.ID + ".v" + strconv.Itoa(v.Version), Geometry: v.Geometry,
			Start: timePtr(v.EffectiveFrom), End: timePtr(v.EffectiveUntil),
			Owner: z.Party, Release: z.Release,
			Props: []Prop{
				{"zone_id", z.ID}, {"version", v.Version}, {"kind", string(v.Kind)},
				{"name", v.Name}, {"name_ru", orNil(v.NameRU)}, {"name_ar", orNil(v.NameAR)},
				{"status", status}, {"effective_from", v.EffectiveFrom}, {"effective_until", orNil(v.EffectiveUntil)},
				{"party", v.Party}, {"agreed_by", v.AgreedBy}, {"tlp", string(z.Release.TLP)}, {"log_origin", z.Origin},
			},
		})
	}
	return out
}
