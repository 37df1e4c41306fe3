package zones

import (
	"context"
	"fmt"

	"truce/internal/cochair"
)

// Departure is a co-chair party that left the centre and when it left
// (see cochair.Departure).
type Departure = cochair.Departure

// AgreementState returns, each sorted, the co-chairs whose agreement
// version v still awaits and the withdrawn ones (see cochair.State).
func AgreementState(v *Version, coChairs []string, gone []Departure) (pending, withdrawn []string) {
	return cochair.State(v.AgreedBy, v.ProposedAt, v.AgreedAt, coChairs, gone)
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
