package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"truce/internal/accounts"
	"truce/internal/cochair"
	"truce/internal/ledger"
	"truce/internal/zones"
)

// Departed implements zones.Store (see departed).
func (s zonesStore) Departed(ctx context.Context, q ledger.Querier) ([]cochair.Departure, error) {
	return s.d.departed(ctx, s.q(q))
}

// Departed implements agreements.Store (see departed).
func (s agreementsStore) Departed(ctx context.Context, q ledger.Querier) ([]cochair.Departure, error) {
	return s.d.departed(ctx, s.q(q))
}

// departed returns the retired parties that were co-chairs when they
// left. The parties table no longer says so (a
// retired party is never a co-chair), so each retired party's own entries
// (party.created, party.co_chair_changed) are folded up to its retirement;
// parties rarely retire, so this reads little.
func (d *DB) departed(ctx context.Context, q ledger.Querier) ([]cochair.Departure, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, retired FROM parties WHERE retired <> '' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: retired parties: %w", err)
	}
	var gone []cochair.Departure
	for rows.Next() {
		var id, at string
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: retired parties: %w", err)
		}
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: party %s retired at %q: %w", id, at, err)
		}
		gone = append(gone, cochair.Departure{Party: id, At: t})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := gone[:0]
	for _, g := range gone {
		chair, err := d.wasCoChair(ctx, q, g.Party)
		if err != nil {
			return nil, err
		}
		if chair {
			out = append(out, g)
		}
	}
	return out, nil
}

// wasCoChair folds party id's entries: whether it was a co-chair when it
// retired (its last co-chair flag before party.retired).
func (d *DB) wasCoChair(ctx context.Context, q ledger.Querier, id string) (bool, error) {
	chair, done := false, false
	err := d.scanEntries(ctx, q, `SELECT `+entryColumns+` FROM log_entries WHERE subject = $1 ORDER BY seq`,
		[]any{accounts.PartySubject(id)}, func(se ledger.StoredEntry) error {
			if done {
				return nil
			}
			e, err := ledger.DecodeEntry(se.Canonical)
			if err != nil {
				return fmt.Errorf("entry %d: %w", se.Seq, err)
			}
			switch e.Kind {
			case accounts.KindPartyCreated:
				var p accounts.PartyCreated
				if err := json.Unmarshal(e.Payload, &p); err != nil {
					return fmt.Errorf("entry %d: %w", se.Seq, err)
				}
				chair = p.Party.CoChair
			case accounts.KindPartyCoChairChange:
				var p accounts.PartyCoChairChanged
				if err := json.Unmarshal(e.Payload, &p); err != nil {
					return fmt.Errorf("entry %d: %w", se.Seq, err)
				}
				chair = p.CoChair
			case accounts.KindPartyRetired:
				done = true
			}
			return nil
		})
	if err != nil {
		return false, fmt.Errorf("store: was %s a co-chair: %w", id, err)
	}
	return chair, nil
}

// completeZoneVersions is the zones' part of an entry that took a party
// out of the co-chairs (party.retired, party.co_chair_changed to false):
// no version waits for a party that is no co-chair any more, so every
// pending version that every remaining co-chair has agreed to is agreed
// at e's time and in force from its effective time, as the agreement that
// completes a version would make it (projectZoneAgreed).
func completeZoneVersions(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	chairs, err := coChairs(ctx, q)
	if err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT zone_id, version, effective_from FROM zone_versions WHERE agreed_at = '' ORDER BY zone_id, version`)
	if err != nil {
		return fmt.Errorf("pending zone versions: %w", err)
	}
	type pending struct {
		zone    string
		version int
		from    string
	}
	var ps []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.zone, &p.version, &p.from); err != nil {
			rows.Close()
			return err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	done := map[string]bool{}
	for _, p := range ps {
		agreed, err := zoneAgreedBy(ctx, q, p.zone, p.version)
		if err != nil {
			return err
		}
		if len(cochair.Missing(chairs, agreed)) > 0 {
			continue
		}
		eff, err := zones.ParseTime("effective_from", p.from)
		if err != nil {
			return err
		}
		if err := execOne(ctx, q, `UPDATE zone_versions SET agreed_at = $3, in_force_from = $4 WHERE zone_id = $1 AND version = $2`,
			p.zone, p.version, e.Time, zones.InForceFrom(eff, e.TimeValue()).UTC().Format(time.RFC3339Nano)); err != nil {
			return err
		}
		done[p.zone] = true
	}
	if len(done) == 0 {
		return nil
	}
	if _, err := newZoneGeneration(ctx, q); err != nil {
		return err
	}
	for _, p := range ps {
		if done[p.zone] {
			if err := reattributeZone(ctx, q, p.zone); err != nil {
				return err
			}
			delete(done, p.zone)
		}
	}
	return nil
}

// zoneAgreedBy returns the parties that agreed to a zone version.
func zoneAgreedBy(ctx context.Context, q ledger.Querier, zone string, version int) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT party FROM zone_agreements WHERE zone_id = $1 AND version = $2 ORDER BY party`, zone, version)
	if err != nil {
		return nil, fmt.Errorf("agreements of %s/%d: %w", zone, version, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
