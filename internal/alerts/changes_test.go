package alerts_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// TestChangesGoInTheCallersAppend puts the changes of RaiseChange and
// ClearChange in one Append after a cause of the caller's own: the alert's
// key and link, completed by bind, name the cause's entry; an alert whose
// key is raised already, or cleared already, makes the whole Append fail
// with fault.ErrConflict; and a spec no party concerned may see is
// ErrNoAudience before anything is appended.
func TestChangesGoInTheCallersAppend(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cause := func(subject string) ledger.Change {
		return ledger.Change{Draft: ledger.Draft{Party: "us", Author: "tester", Kind: "test.cause", Subject: subject,
			Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]string{"subject": subject}}}
	}
	spec := alerts.Spec{Kind: alerts.KindAirConflict, Severity: alerts.SeveritySevere, Title: "Conflict",
		Concerned: []string{"us", "ru"}, Causes: []access.Releasability{{TLP: access.TLPGreen}}, Links: []alerts.Link{{Type: "conflict", ID: "c1"}}}
	raise, ref, err := f.alerts.RaiseChange(spec, func(seq int64, sp *alerts.Spec) {
		sp.Key, sp.Links[0].Seq = fmt.Sprintf("air_conflict:c1:%d", seq-1), seq-1
	})
	if err != nil {
		t.Fatal(err)
	}
	es, err := f.env.Seq.Append(ctx, cause("cause:1"), raise)
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.alerts.ByKey(ctx, fmt.Sprintf("air_conflict:c1:%d", es[0].Seq))
	if err != nil || a.ID != ref.ID || a.Links[0].Seq != es[0].Seq || a.Party != ref.Party {
		t.Fatalf("the alert raised with its cause: %+v %v (ref %+v, cause %d)", a, err, ref, es[0].Seq)
	}

	spec.Key = a.Key
	again, _, err := f.alerts.RaiseChange(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	size := f.env.Hashes.Size()
	if _, err := f.env.Seq.Append(ctx, cause("cause:2"), again); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("raising a key twice: %v, want fault.ErrConflict", err)
	}
	if _, err := f.env.Seq.Append(ctx, cause("cause:3"), f.alerts.ClearChange(ref, "gone")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.env.Seq.Append(ctx, cause("cause:4"), f.alerts.ClearChange(ref, "again")); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("clearing twice: %v, want fault.ErrConflict", err)
	}
	if got := f.env.Hashes.Size() - size; got != 2 {
		t.Errorf("%d entries appended, want 2 (the cause and the clear; the refused Appends wrote nothing)", got)
	}
	if a, _ := f.alerts.ByKey(ctx, a.Key); a.Status != alerts.StatusCleared {
		t.Errorf("the alert is %s after its clear", a.Status)
	}
	spec.Causes = []access.Releasability{{TLP: access.TLPAmber, Audience: []string{"un"}}}
	if _, _, err := f.alerts.RaiseChange(spec, nil); !errors.Is(err, alerts.ErrNoAudience) {
		t.Errorf("a spec nobody concerned may see: %v, want ErrNoAudience", err)
	}
}
