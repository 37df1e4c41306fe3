package store

import (
	"context"
	"encoding/json"
	"fmt"

	"truce/internal/agreements"
	"truce/internal/cochair"
	"truce/internal/ledger"
)

// completeAgreementVersions is the agreements' part of an entry that took
// a party out of the co-chairs (party.retired, party.co_chair_changed to
// false), as completeZoneVersions is the zones': no version waits for a
// party that is no co-chair any more, so every pending version that every
// remaining co-chair has agreed to is agreed at e's time, as the agreement
// that completes a version would make it.
func completeAgreementVersions(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	chairs, err := coChairs(ctx, q)
	if err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, doc FROM agreement_records WHERE kind = $1 ORDER BY id`, agreements.RecordAgreement)
	if err != nil {
		return fmt.Errorf("agreements: %w", err)
	}
	type record struct{ id, doc string }
	var all []record
	for rows.Next() {
		var r record
		if err := rows.Scan(&r.id, &r.doc); err != nil {
			rows.Close()
			return fmt.Errorf("agreements: %w", err)
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("agreements: %w", err)
	}
	for _, r := range all {
		var a agreements.Agreement
		if err := json.Unmarshal([]byte(r.doc), &a); err != nil {
			return fmt.Errorf("agreement %s: %w", r.id, err)
		}
		changed := false
		for i := range a.Versions {
			v := &a.Versions[i]
			if !v.Agreed() && len(cochair.Missing(chairs, v.AgreedBy)) == 0 {
				v.AgreedAt, changed = e.Time, true
			}
		}
		if !changed {
			continue
		}
		doc, err := json.Marshal(&a)
		if err != nil {
			return fmt.Errorf("agreement %s: %w", r.id, err)
		}
		if err := execOne(ctx, q, `UPDATE agreement_records SET doc = $2 WHERE id = $1`, r.id, string(doc)); err != nil {
			return fmt.Errorf("agreement %s: %w", r.id, err)
		}
	}
	return nil
}
