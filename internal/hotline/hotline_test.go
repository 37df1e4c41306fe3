package hotline_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/hotline"
	"truce/internal/testnode"
)

func newService(t *testing.T) (*hotline.Service, *testnode.Env) {
	env := testnode.New(t)
	att, err := hotline.NewAttachmentStore(t.TempDir(), 1024)
	if err != nil {
		t.Fatal(err)
	}
	return hotline.NewService(hotline.Deps{Store: env.DB.Hotline(), Log: env.Seq, Parties: env.DB.Access(), Attachments: att, Now: env.Clock.Now}), env
}

func TestMessageReceiptsAndAcknowledgement(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	us, ru := testnode.As("us", access.RoleLiaison), testnode.As("ru", access.RoleLiaison)
	att, err := s.Attachments().Put(bytes.NewReader([]byte("flight plan 7 attached")), "plan.txt")
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Send(ctx, us, hotline.NewMessage{To: "ru", Priority: hotline.PriorityFlash, Subject: "Unsafe encounter near Hama",
		Body: "Request immediate contact.", Attachments: []hotline.Attachment{{SHA256: att.SHA256, Name: "plan.txt"}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := testnode.Start.Add(15 * time.Minute).Format(time.RFC3339Nano); m.Deadline != want || m.Attachments[0].MediaType != "text/plain; charset=utf-8" {
		t.Fatalf("message %+v", m)
	}
	for _, tc := range []struct {
		by   access.Principal
		want error
	}{{testnode.As("un", access.RoleLiaison), fault.ErrNotFound}, {testnode.As("ngo", access.RoleObserver), fault.ErrNotFound}, {access.Public, fault.ErrNotFound}} {
		if _, err := s.Get(ctx, tc.by, m.ID); !errors.Is(err, tc.want) {
			t.Errorf("%q reads the message: %v", tc.by.Party, err)
		}
		if _, err := s.Attachment(ctx, tc.by, m.ID, att.SHA256); !errors.Is(err, tc.want) {
			t.Errorf("%q reads the attachment: %v", tc.by.Party, err)
		}
	}
	env.Clock.Advance(20 * time.Minute)
	got, _ := s.Get(ctx, us, m.ID)
	if !got.Receipt("ru").Overdue {
		t.Fatal("unacknowledged flash message past 15 min not overdue")
	}
	before := env.Hashes.Size()
	if _, err := s.MarkRead(ctx, testnode.As("ru", access.RoleObserver), m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkRead(ctx, ru, m.ID); err != nil {
		t.Fatal(err)
	}
	if env.Hashes.Size() != before+1 {
		t.Fatalf("two reads appended %d entries, want 1 (first read only)", env.Hashes.Size()-before)
	}
	if _, err := s.MarkRead(ctx, us, m.ID); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("the sender's read receipt: %v", err)
	}
	if _, err := s.Acknowledge(ctx, testnode.As("ru", access.RoleObserver), m.ID, ""); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("observer acknowledges: %v", err)
	}
	a, err := s.Acknowledge(ctx, ru, m.ID, "contact made")
	if err != nil || a.Receipt("ru").Acknowledged == "" || a.Receipt("ru").Overdue {
		t.Fatalf("ack: %+v %v", a, err)
	}
	if _, err := s.Acknowledge(ctx, ru, m.ID, ""); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("second ack: %v", err)
	}
	inbox, err1 := s.ListPage(ctx, ru, hotline.Filter{Box: "inbox"}, nil)
	outbox, err2 := s.ListPage(ctx, ru, hotline.Filter{Box: "outbox"}, nil)
	if err1 != nil || err2 != nil || len(inbox.Items) != 1 || len(outbox.Items) != 0 {
		t.Fatalf("ru inbox %+v outbox %+v: %v, %v", inbox, outbox, err1, err2)
	}
}

func TestCoChairsAddressAndBadMessages(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	un := testnode.As("un", access.RoleLiaison)
	m, err := s.Send(ctx, un, hotline.NewMessage{To: hotline.ToCoChairs, Subject: "Weekly summary"})
	if err != nil || len(m.Recipients) != 2 || m.Recipients[0] != "ru" || m.Recipients[1] != "us" {
		t.Fatalf("co-chairs: %+v %v", m, err)
	}
	before := env.Hashes.Size()
	big := bytes.Repeat([]byte("x"), 2000)
	if _, err := s.Attachments().Put(bytes.NewReader(big), "big"); err == nil {
		t.Error("oversize attachment accepted")
	}
	for name, in := range map[string]hotline.NewMessage{
		"to self":            {To: "un", Subject: "x"},
		"unknown party":      {To: "zz", Subject: "x"},
		"no subject":         {To: "us"},
		"bad priority":       {To: "us", Subject: "x", Priority: "urgent!"},
		"public label":       {To: "us", Subject: "x", TLP: access.TLPClear},
		"missing attachment": {To: "us", Subject: "x", Attachments: []hotline.Attachment{{SHA256: "00"}}},
		"reply to unknown":   {To: "us", Subject: "x", InReplyTo: "msg_nothing"},
	} {
		var inv *fault.InvalidError
		if _, err := s.Send(ctx, un, in); !errors.As(err, &inv) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := s.Send(ctx, testnode.As("un", access.RoleReporter), hotline.NewMessage{To: "us", Subject: "x"}); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("reporter sends: %v", err)
	}
	if env.Hashes.Size() != before {
		t.Fatal("rejected messages appended to the log")
	}
}
