package hotline_test

import (
	"context"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/hotline"
	"truce/internal/ledger"
	"truce/internal/testnode"
)

// TestWithdrawnRecipientIsNotWaitedFor: once the recipient walks out of the
// centre, its unacknowledged receipt reads withdrawn and is never overdue,
// in a get and in the listing.
func TestWithdrawnRecipientIsNotWaitedFor(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	us := testnode.As("us", access.RoleLiaison)
	m, err := s.Send(ctx, us, hotline.NewMessage{To: "ru", Priority: hotline.PriorityFlash, Subject: "Contact", Body: "Please answer."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-liaison", Kind: accounts.KindPartyRetired,
		Subject: accounts.PartySubject("ru"), Release: access.Releasability{TLP: access.TLPClear}, Payload: accounts.PartyRetired{PartyID: "ru", Proposal: "walk-out"}}}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Hour)
	got, err := s.Get(ctx, us, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := got.Receipt("ru"); !r.Withdrawn || r.Overdue {
		t.Errorf("ru's receipt after it withdrew: %+v", r)
	}
	page, err := s.ListPage(ctx, us, hotline.Filter{Limit: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range page.Items {
		if r := x.Receipt("ru"); x.ID == m.ID && (!r.Withdrawn || r.Overdue) {
			t.Errorf("the listing shows ru's receipt %+v", r)
		}
	}
}
