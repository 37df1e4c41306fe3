package zones

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Departure is a co-chair party that left the centre (party.retired: it
// walked out, or was retired by its peers) and when it left. From then on
// no version awaits its agreement: the store's projection puts in force,
// at the time it left, every pending version that it alone was missing,
// and AgreementState reads it as withdrawn, never as pending.
type Departure struct {
	Party string
	At    time.Time
}

// AgreementState returns, each sorted, the co-chairs whose agreement
// version v still awaits (the co-chairs now in the centre that have not
// agreed; none once v is agreed) and the withdrawn ones: the departed
// co-chairs that had not agreed to v when they left while v awaited them
// (proposed before they left and not agreed by then). A co-chair that
// agreed and later left reads as having agreed.
func AgreementState(v *Version, coChairs []string, gone []Departure) (pending, withdrawn []string) {
	pending, withdrawn = []string{}, []string{}
	if !v.Agreed() {
		pending = append(pending, Missing(coChairs, v.AgreedBy)...)
	}
	proposed, _ := time.Parse(time.RFC3339Nano, v.ProposedAt)
	agreed, _ := time.Parse(time.RFC3339Nano, v.AgreedAt)
	for _, d := range gone {
		if slices.Contains(v.AgreedBy, d.Party) || d.At.Before(proposed) {
			continue
		}
		if v.Agreed() && agreed.Before(d.At) {
			continue // agreed before it left: it was no longer awaited
		}
		withdrawn = append(withdrawn, d.Party)
	}
	slices.Sort(withdrawn)
	return pending, withdrawn
}

// agreementState reads the co-chairs and the departed co-chairs once, for
// marking the versions of many zones (see markAgreements).
func (s *Service) agreementState(ctx context.Context) (coChairs []string, gone []Departure, err error) {
	if coChairs, err = s.store.CoChairs(ctx, nil); err != nil {
		return nil, nil, fmt.Errorf("zones: co-chairs: %w", err)
	}
	if gone, err = s.store.Departed(ctx, nil); err != nil {
		return nil, nil, fmt.Errorf("zones: departed co-chairs: %w", err)
	}
	return coChairs, gone, nil
}

// markAgreements sets Pending and Withdrawn on every version of z.
func markAgreements(z *Zone, coChairs []string, gone []Departure) {
	for i := range z.Versions {
		v := &z.Versions[i]
		v.Pending, v.Withdrawn = AgreementState(v, coChairs, gone)
	}
}
