package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"truce/internal/ledger"
	"truce/internal/zones"
)

// projectZoneProposed adds a zone version, and the zone with its first
// (zone.proposed).
func projectZoneProposed(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[zones.Proposed](e)
	if err != nil {
		return err
	}
	v := p.Version
	mp, err := zones.DecodeStored(v.Geometry)
	if err != nil {
		return err
	}
	b := mp.Bound()
	if v.Version == 1 {
		_, err = q.ExecContext(ctx, `INSERT INTO zones (id, party, tlp, audience, created, latest, seq) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			v.ZoneID, e.Party, string(p.Release.TLP), encodeAudience(p.Release.Audience), e.Time, v.Version, e.Seq)
	} else {
		err = execOne(ctx, q, `UPDATE zones SET latest = $2, seq = $3 WHERE id = $1`, v.ZoneID, v.Version, e.Seq)
	}
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO zone_versions (zone_id, version, action, kind, name, name_ru, name_ar, geometry,
		min_lon, min_lat, max_lon, max_lat, effective_from, effective_until, note, party, author, proposed_at, agreed_at, in_force_from, seq)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, '', '', $19)`,
		v.ZoneID, v.Version, string(v.Action), string(v.Kind), v.Name, v.NameRU, v.NameAR, string(v.Geometry),
		b.Min[0], b.Min[1], b.Max[0], b.Max[1], v.EffectiveFrom, v.EffectiveUntil, v.Note, e.Party, e.Author, e.Time, e.Seq)
	return err
}

// projectZoneAgreed records a co-chair's agreement to a zone version; the
// agreement that completes it puts the version in force and reattributes
// the incidents to zones (zone.agreed).
func projectZoneAgreed(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[zones.Agreed](e)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO zone_agreements (zone_id, version, party, author, time, seq) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.ZoneID, p.Version, p.Party, e.Author, e.Time, e.Seq); err != nil {
		return err
	}
	if err := execOne(ctx, q, `UPDATE zones SET seq = $2 WHERE id = $1`, p.ZoneID, e.Seq); err != nil {
		return err
	}
	if !p.Complete {
		return nil
	}
	var from string
	err = q.QueryRowContext(ctx, `SELECT effective_from FROM zone_versions WHERE zone_id = $1 AND version = $2`, p.ZoneID, p.Version).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("agreement to unknown version %s/%d", p.ZoneID, p.Version)
	}
	if err != nil {
		return err
	}
	eff, err := zones.ParseTime("effective_from", from)
	if err != nil {
		return err
	}
	inForce := zones.InForceFrom(eff, e.TimeValue())
	if err := execOne(ctx, q, `UPDATE zone_versions SET agreed_at = $3, in_force_from = $4 WHERE zone_id = $1 AND version = $2`,
		p.ZoneID, p.Version, e.Time, inForce.UTC().Format(time.RFC3339Nano)); err != nil {
		return err
	}
	if _, err := newZoneGeneration(ctx, q); err != nil {
		return err
	}
	return reattributeZone(ctx, q, p.ZoneID)
}
