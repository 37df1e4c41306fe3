package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/zones"
)

// Zone attribution is a projection: incident_zones is derived from the
// incidents and the agreed zone versions by zones.Attribute, when an
// incident is reported and again for every incident near a zone when one of
// its versions is agreed. Only entries decide it, so replay rebuilds it.

// geomCache holds decoded zone geometry by (zone, version). A version's
// geometry never changes once proposed, so the cache can never be stale,
// even across rolled-back transactions.
var geomCache = struct {
	sync.Mutex
	m map[string]orb.MultiPolygon
}{m: map[string]orb.MultiPolygon{}}

func cachedGeometry(zoneID string, version int, raw string) (orb.MultiPolygon, error) {
	k := fmt.Sprintf("%s@%d", zoneID, version)
	geomCache.Lock()
	g, ok := geomCache.m[k]
	geomCache.Unlock()
	if ok {
		return g, nil
	}
	g, err := zones.DecodeStored([]byte(raw))
	if err != nil {
		return nil, err
	}
	geomCache.Lock()
	if len(geomCache.m) > 20_000 {
		clear(geomCache.m)
	}
	geomCache.m[k] = g
	geomCache.Unlock()
	return g, nil
}

// timelines returns the timelines of the zones selected by where (a
// condition on zone_versions), built from all their agreed versions.
func timelines(ctx context.Context, q ledger.Querier, where string, args ...any) ([]zones.Timeline, error) {
	rows, err := q.QueryContext(ctx, `SELECT zone_id, version, action, geometry, in_force_from, effective_until
		FROM zone_versions WHERE agreed_at != '' AND zone_id IN (SELECT zone_id FROM zone_versions WHERE agreed_at != '' AND `+where+`)
		ORDER BY zone_id, version`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []zones.Timeline
	for rows.Next() {
		var zid, action, geom, from, until string
		var version int
		if err := rows.Scan(&zid, &version, &action, &geom, &from, &until); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ZoneID != zid {
			out = append(out, zones.Timeline{ZoneID: zid})
		}
		st := zones.Step{Version: version, Withdrawn: action == string(zones.ActionWithdraw)}
		st.Start, _ = time.Parse(time.RFC3339Nano, from)
		if until != "" {
			st.End, _ = time.Parse(time.RFC3339Nano, until)
		}
		if st.Geometry, err = cachedGeometry(zid, version, geom); err != nil {
			return nil, err
		}
		tl := &out[len(out)-1]
		tl.Steps = append(tl.Steps, st)
	}
	return out, rows.Err()
}

// incidentZones returns the zones that an incident at loc starting at t0
// (Unix seconds) falls in, as q sees the agreed zone versions: the
// attribution path of every reported incident (zones_attribution.go).
func incidentZones(ctx context.Context, q ledger.Querier, loc orb.Geometry, t0 int64) ([]string, error) {
	at, err := agreedAttributor(ctx, q)
	if err != nil {
		return nil, err
	}
	return at.Attribute(loc, time.Unix(t0, 0)), nil
}

// attributeIncident records the zones incident id (location loc, start t0)
// falls in.
func attributeIncident(ctx context.Context, q ledger.Querier, id string, loc orb.Geometry, t0 int64) error {
	zs, err := incidentZones(ctx, q, loc, t0)
	if err != nil {
		return fmt.Errorf("attribute %s: %w", id, err)
	}
	for _, z := range zs {
		if _, err := q.ExecContext(ctx, `INSERT INTO incident_zones (incident_id, zone_id) VALUES ($1, $2)`, id, z); err != nil {
			return fmt.Errorf("attribute %s: %w", id, err)
		}
	}
	return nil
}

// reattributeZone recomputes which incidents fall in zone zoneID, after one
// of its versions was agreed. It reads only the incidents whose boxes meet
// the zone's, through the engine's spatial index of incidents.
func reattributeZone(ctx context.Context, q ledger.Querier, zoneID string) error {
	tls, err := timelines(ctx, q, `zone_id = $1`, zoneID)
	if err != nil {
		return fmt.Errorf("reattribute %s: %w", zoneID, err)
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM incident_zones WHERE zone_id = $1`, zoneID); err != nil {
		return fmt.Errorf("reattribute %s: %w", zoneID, err)
	}
	if len(tls) == 0 {
		return nil
	}
	b, ok := tls[0].Bound()
	if !ok {
		return nil
	}
	_, engine, err := zoneGeneration(ctx, q)
	if err != nil {
		return fmt.Errorf("reattribute %s: %w", zoneID, err)
	}
	query, args := incidentsNear(engine, b.Min[0], b.Min[1], b.Max[0], b.Max[1])
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("reattribute %s: %w", zoneID, err)
	}
	var hits []string
	for rows.Next() {
		var id, raw string
		var t0 int64
		if err := rows.Scan(&id, &raw, &t0); err != nil {
			rows.Close()
			return err
		}
		loc, err := incidents.DecodeLocation([]byte(raw))
		if err != nil {
			rows.Close()
			return fmt.Errorf("reattribute %s: incident %s: %w", zoneID, id, err)
		}
		if len(zones.Attribute(loc, time.Unix(t0, 0), tls)) > 0 {
			hits = append(hits, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range hits {
		if _, err := q.ExecContext(ctx, `INSERT INTO incident_zones (incident_id, zone_id) VALUES ($1, $2)`, id, zoneID); err != nil {
			return fmt.Errorf("reattribute %s: %w", zoneID, err)
		}
	}
	return nil
}
