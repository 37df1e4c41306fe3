package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/testwait"
)

// TestWebhookOfADisabledUserStops registers a webhook as us-liaison,
// disables that user and requires the node to disable the webhook and
// deliver nothing committed afterwards (the dispatcher resolves owners
// through the accounts service).
func TestWebhookOfADisabledUserStops(t *testing.T) {
	n := newTestNode(t)
	ctx := context.Background()
	var after atomic.Int64 // deliveries of entries after the user was disabled
	var cut atomic.Int64
	cut.Store(1 << 62)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var e struct{ Seq int64 }
		_ = json.NewDecoder(r.Body).Decode(&e)
		if e.Seq > cut.Load() {
			after.Add(1)
		}
	}))
	defer recv.Close()
	code, body, _ := n.do("POST", "/api/v1/webhooks", "us-liaison", map[string]any{"url": recv.URL})
	if code != 201 {
		t.Fatalf("create webhook: %d %s", code, body)
	}
	var h struct{ ID string }
	_ = json.Unmarshal(body, &h)

	u, err := n.app.Accounts.Store().UserByName(ctx, nil, "us-liaison")
	if err != nil {
		t.Fatal(err)
	}
	es, err := n.app.Sequencer.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-admin",
		Kind: accounts.KindUserDisabled, Subject: "user:" + u.ID, Release: access.Releasability{TLP: access.TLPRed, Audience: []string{"us"}},
		Payload: accounts.UserDisabled{UserID: u.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	cut.Store(es[0].Seq)
	if code, body, _ := n.do("POST", "/api/v1/tokens", "us-admin", map[string]any{"name": "after"}); code != 201 {
		t.Fatalf("commit after: %d %s", code, body)
	}
	testwait.For(t, 15*time.Second, "the webhook of a disabled user to be disabled", func() bool {
		got, err := n.app.DB.Webhooks().Webhook(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Disabled
	})
	if after.Load() != 0 {
		t.Fatalf("%d entries committed after the owner was disabled were delivered", after.Load())
	}
}
