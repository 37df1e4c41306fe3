package store

import (
	"context"
	"fmt"
	"strings"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/zones"
)

// Zones returns the zones.Store over d.
func (d *DB) Zones() zones.Store { return zonesStore{d} }

type zonesStore struct{ d *DB }

func (s zonesStore) q(q ledger.Querier) ledger.Querier {
	if q == nil {
		return s.d.SQL
	}
	return q
}

// coChairs returns the sorted ids of the co-chair parties.
func coChairs(ctx context.Context, q ledger.Querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM parties WHERE co_chair = $1 ORDER BY id`, true)
	if err != nil {
		return nil, fmt.Errorf("store: co-chairs: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// history decodes the entries of subject.
func (d *DB) history(ctx context.Context, subject string) ([]*ledger.Entry, error) {
	gen, err := d.reads.fresh(ctx, d)
	if err != nil {
		return nil, err
	}
	if es, ok := d.reads.history(subject); ok {
		return es, nil
	}
	es, err := d.historySQL(ctx, subject)
	if err != nil {
		return nil, err
	}
	d.reads.putHistory(gen, subject, es)
	return es, nil
}

// historySQL reads the checked entries of subject from the log.
func (d *DB) historySQL(ctx context.Context, subject string) ([]*ledger.Entry, error) {
	ses, err := d.EntriesBySubject(ctx, subject)
	if err != nil {
		return nil, err
	}
	out := make([]*ledger.Entry, 0, len(ses))
	for _, se := range ses {
		e, err := ledger.DecodeEntry(se.Canonical)
		if err != nil {
			return nil, fmt.Errorf("store: entry %d: %w", se.Seq, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// encodeAudience and decodeRelease store a releasability in two columns as
// log_entries does: the label and ",a,b," for LIKE matching.
func encodeAudience(aud []string) string {
	if len(aud) == 0 {
		return ""
	}
	return "," + strings.Join(aud, ",") + ","
}

func decodeRelease(tlp, aud string) access.Releasability {
	r := access.Releasability{TLP: access.TLP(tlp)}
	if a := strings.Trim(aud, ","); a != "" {
		r.Audience = strings.Split(a, ",")
	}
	return r
}

func (s zonesStore) CoChairs(ctx context.Context, q ledger.Querier) ([]string, error) {
	return coChairs(ctx, s.q(q))
}

func (s zonesStore) History(ctx context.Context, subject string) ([]*ledger.Entry, error) {
	return s.d.history(ctx, subject)
}

func (s zonesStore) Zone(ctx context.Context, q ledger.Querier, id string) (*zones.Zone, error) {
	zs, err := s.load(ctx, s.q(q), `WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(zs) == 0 {
		return nil, fmt.Errorf("zone %s: %w", id, fault.ErrNotFound)
	}
	return &zs[0], nil
}

// Releases returns each zone's releasability by zone id, from the read
// cache when it can (read_cache.go). The map is shared: callers MUST NOT
// modify it.
func (s zonesStore) Releases(ctx context.Context) (map[string]access.Releasability, error) {
	return cachedList(ctx, s.d, "zone releases", func(ctx context.Context) (map[string]access.Releasability, error) {
		rows, err := s.d.SQL.QueryContext(ctx, `SELECT id, tlp, audience FROM zones`)
		if err != nil {
			return nil, fmt.Errorf("store: zone releasabilities: %w", err)
		}
		defer rows.Close()
		out := map[string]access.Releasability{}
		for rows.Next() {
			var id, tlp, aud string
			if err := rows.Scan(&id, &tlp, &aud); err != nil {
				return nil, fmt.Errorf("store: zone releasabilities: %w", err)
			}
			out[id] = decodeRelease(tlp, aud)
		}
		return out, rows.Err()
	})
}

func (s zonesStore) Zones(ctx context.Context) ([]zones.Zone, error) {
	return s.load(ctx, s.d.SQL, ``)
}

// load reads the zones selected by where (over table zones) with their
// versions and agreements.
func (s zonesStore) load(ctx context.Context, q ledger.Querier, where string, args ...any) ([]zones.Zone, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, party, tlp, audience, created, latest, seq, `+originOfSubject(`'zone:' || zones.id`)+` FROM zones `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: zones: %w", err)
	}
	var out []zones.Zone
	idx := map[string]int{}
	for rows.Next() {
		var z zones.Zone
		var tlp, aud string
		if err := rows.Scan(&z.ID, &z.Party, &tlp, &aud, &z.Created, &z.Latest, &z.Seq, &z.Origin); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: zones: %w", err)
		}
		z.Release = decodeRelease(tlp, aud)
		z.Origin = s.d.label(z.Origin)
		idx[z.ID] = len(out)
		out = append(out, z)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	vwhere := ``
	if where != `` {
		vwhere = `WHERE zone_id IN (SELECT id FROM zones ` + where + `)`
	}
	vrows, err := q.QueryContext(ctx, `SELECT zone_id, version, action, kind, name, name_ru, name_ar, geometry,
		effective_from, effective_until, note, party, author, proposed_at, agreed_at, in_force_from, seq
		FROM zone_versions `+vwhere+` ORDER BY zone_id, version`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: zone versions: %w", err)
	}
	for vrows.Next() {
		var v zones.Version
		var geom string
		if err := vrows.Scan(&v.ZoneID, &v.Version, &v.Action, &v.Kind, &v.Name, &v.NameRU, &v.NameAR, &geom,
			&v.EffectiveFrom, &v.EffectiveUntil, &v.Note, &v.Party, &v.Author, &v.ProposedAt, &v.AgreedAt, &v.InForceFrom, &v.Seq); err != nil {
			vrows.Close()
			return nil, fmt.Errorf("store: zone versions: %w", err)
		}
		v.Geometry = []byte(geom)
		v.AgreedBy = []string{}
		if i, ok := idx[v.ZoneID]; ok {
			out[i].Versions = append(out[i].Versions, v)
		}
	}
	vrows.Close()
	if err := vrows.Err(); err != nil {
		return nil, err
	}
	arows, err := q.QueryContext(ctx, `SELECT zone_id, version, party FROM zone_agreements `+vwhere+` ORDER BY zone_id, version, party`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: zone agreements: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var zid, party string
		var version int
		if err := arows.Scan(&zid, &version, &party); err != nil {
			return nil, fmt.Errorf("store: zone agreements: %w", err)
		}
		if i, ok := idx[zid]; ok {
			for k := range out[i].Versions {
				if out[i].Versions[k].Version == version {
					out[i].Versions[k].AgreedBy = append(out[i].Versions[k].AgreedBy, party)
				}
			}
		}
	}
	return out, arows.Err()
}
