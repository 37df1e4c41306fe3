package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync"

	"truce/internal/ledger"
	"truce/internal/zones"
)

// The zones an incident falls in are found by an in-memory attributor
// (zones.Attributor: an R-tree over the zones' bounding boxes, then exact
// tests) of every agreed zone version, not by scanning zone_versions.
//
// The attributor is built from the tables as the attributing transaction
// sees them and cached under the token of zone_generation
// (migrations 0009_zone_attribution.sql) that it read. The projection of a
// complete agreement, the only change to the agreed versions, replaces the
// token in the same transaction. So an attributor is reused exactly while a
// transaction reads the token it was built under: an agreement earlier in
// the same batch, a commit by another process sharing a PostgreSQL log, a
// rolled-back change (its token goes with it and is never read again) and
// a replay into another database (whose tokens are its own) all lead to a
// rebuild, never to a stale answer. Tokens are random, so one cache serves
// every open database.

// attributorCacheSize is the most attributors kept; an older one is only
// needed again after a rollback.
const attributorCacheSize = 8

var attributors = struct {
	sync.Mutex
	m     map[string]*zones.Attributor
	order []string // oldest first
}{m: map[string]*zones.Attributor{}}

// zoneGeneration returns the token of the agreed zone versions as q sees
// them ("" if unknown) and the engine named by the migration.
func zoneGeneration(ctx context.Context, q ledger.Querier) (token, engine string, err error) {
	err = q.QueryRowContext(ctx, `SELECT token, engine FROM zone_generation WHERE id = 1`).Scan(&token, &engine)
	if err != nil {
		return "", "", fmt.Errorf("zone generation: %w", err)
	}
	return token, engine, nil
}

// newZoneGeneration replaces the token: it MUST be called in the
// transaction that changes which zone versions are agreed.
func newZoneGeneration(ctx context.Context, q ledger.Querier) (string, error) {
	token := rand.Text()
	if err := execOne(ctx, q, `UPDATE zone_generation SET token = $1 WHERE id = 1`, token); err != nil {
		return "", fmt.Errorf("zone generation: %w", err)
	}
	return token, nil
}

// agreedAttributor returns the attributor of every agreed zone version as
// q sees them, from the cache when its token is current.
func agreedAttributor(ctx context.Context, q ledger.Querier) (*zones.Attributor, error) {
	token, _, err := zoneGeneration(ctx, q)
	if err != nil {
		return nil, err
	}
	if token != "" {
		attributors.Lock()
		at := attributors.m[token]
		attributors.Unlock()
		if at != nil {
			return at, nil
		}
	} else if token, err = newZoneGeneration(ctx, q); err != nil {
		// A database whose token is unknown (migrated with zones in it,
		// copied or rebuilt): give it one, in this transaction.
		return nil, err
	}
	tls, err := timelines(ctx, q, `1 = 1`)
	if err != nil {
		return nil, fmt.Errorf("zone attributor: %w", err)
	}
	at := zones.NewAttributor(tls)
	attributors.Lock()
	defer attributors.Unlock()
	if _, ok := attributors.m[token]; !ok {
		if len(attributors.order) == attributorCacheSize {
			delete(attributors.m, attributors.order[0])
			attributors.order = attributors.order[1:]
		}
		attributors.order = append(attributors.order, token)
	}
	attributors.m[token] = at
	return at, nil
}

// incidentsNear returns the query (and its arguments) of the id, location
// and start of every incident whose bounding box may meet bound b (min lon,
// min lat, max lon, max lat), through engine's spatial index of incidents:
// the R*Tree on SQLite, the GiST index on PostgreSQL (both fill from
// triggers in the same transaction as the incident). Both may return a few
// more incidents than meet b (rounded or tolerant boxes); callers test
// exactly.
func incidentsNear(engine string, minLon, minLat, maxLon, maxLat float64) (string, []any) {
	args := []any{minLon, minLat, maxLon, maxLat}
	switch engine {
	case "sqlite":
		return `SELECT i.id, i.location, i.t0 FROM incidents_rtree r CROSS JOIN incidents i
			WHERE i.n = r.id AND r.max_lon >= $1 AND r.max_lat >= $2 AND r.min_lon <= $3 AND r.min_lat <= $4`, args
	case "postgres":
		return `SELECT i.id, i.location, i.t0 FROM incidents_search s JOIN incidents i ON i.n = s.id
			WHERE s.bbox && box(point($1, $2), point($3, $4))`, args
	}
	return `SELECT id, location, t0 FROM incidents
		WHERE max_lon >= $1 AND max_lat >= $2 AND min_lon <= $3 AND min_lat <= $4`, args
}
