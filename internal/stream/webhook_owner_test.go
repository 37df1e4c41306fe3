package stream_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/stream"
	"truce/internal/testnode"
	"truce/internal/testwait"
)

func TestMayOwnNeedsAnActiveAdminOrLiaisonOfTheParty(t *testing.T) {
	h := stream.Webhook{ID: "whk_1", Party: "ru", CreatedBy: "ru-liaison"}
	cases := []struct {
		name string
		p    access.Principal
		ok   bool
	}{
		{"liaison of the party", testnode.As("ru", access.RoleLiaison), true},
		{"admin of the party", testnode.As("ru", access.RoleAdmin), true},
		{"disabled or gone", access.Public, false},
		{"moved to another party", testnode.As("us", access.RoleLiaison), false},
		{"demoted to observer", testnode.As("ru", access.RoleObserver), false},
	}
	for _, tc := range cases {
		err := stream.MayOwn(tc.p, h)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, fault.ErrForbidden)) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// TestWebhookStopsWhenItsOwnerLosesAccess delivers while the owner may own
// the webhook, then demotes the owner: nothing more is delivered, the
// webhook is disabled and its delivery log says why.
func TestWebhookStopsWhenItsOwnerLosesAccess(t *testing.T) {
	env := testnode.New(t)
	var mu sync.Mutex
	var got []int64
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.Header.Get(stream.EventIDHeader), 10, 64)
		mu.Lock()
		got = append(got, id)
		mu.Unlock()
	}))
	defer recv.Close()
	delivered := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(got)
	}

	svc := stream.NewWebhooks(stream.WebhooksDeps{Store: env.DB.Webhooks(), Head: func() int64 { return env.Hashes.Size() - 1 }, AllowHTTP: true})
	ru := testnode.As("ru", access.RoleLiaison)
	ctx := context.Background()
	h, err := svc.Create(ctx, ru, stream.NewWebhook{URL: recv.URL})
	if err != nil {
		t.Fatal(err)
	}
	var ownerMu sync.Mutex
	owner := ru
	d := stream.NewDispatcher(stream.DispatcherDeps{Store: env.DB.Webhooks(), Source: env.DB, Rescan: 20 * time.Millisecond,
		Owners: func(_ context.Context, username string) (access.Principal, error) {
			ownerMu.Lock()
			defer ownerMu.Unlock()
			if username != h.CreatedBy {
				t.Errorf("resolved %q, want the webhook's creator %q", username, h.CreatedBy)
			}
			return owner, nil
		}})
	env.OnCommit(d.Notify)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { d.Run(runCtx); close(done) }()
	defer func() { cancel(); <-done }()

	want := appendMix(t, env, 6) // ru sees 4
	testwait.For(t, 10*time.Second, "every delivery while the owner had access", func() bool { return delivered() >= len(want) })

	ownerMu.Lock()
	owner = testnode.As("ru", access.RoleObserver)
	ownerMu.Unlock()
	appendMix(t, env, 6)
	testwait.For(t, 10*time.Second, "the webhook of a demoted owner to be disabled", func() bool {
		hooks, err := svc.ListPage(ctx, ru, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		return hooks.Items[0].Disabled
	})
	if n := delivered(); n != len(want) {
		t.Fatalf("%d deliveries, want %d: delivered after its owner lost access", n, len(want))
	}
	page, err := svc.DeliveriesPage(ctx, ru, h.ID, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	if log := page.Items; len(log) == 0 || log[0].Status != "disabled" || log[0].Error == "" {
		t.Fatalf("delivery log %+v, want it to end with a disabled record saying why", log)
	}
}
