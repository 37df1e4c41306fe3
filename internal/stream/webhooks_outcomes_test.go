package stream_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/stream"
	"truce/internal/testnode"
	"truce/internal/testwait"
)

// TestWebhookOutcomesReachTheHook checks the outcomes the node's metrics
// count (DispatcherDeps.Delivered): a receiver that always fails is tried
// Attempts times, each failure but the last reported "retrying" and the
// last "failed"; a receiver that answers then gets "delivered".
func TestWebhookOutcomesReachTheHook(t *testing.T) {
	env := testnode.New(t)
	var mu sync.Mutex
	fail := true
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			http.Error(w, "down", http.StatusBadGateway)
		}
	}))
	defer recv.Close()
	svc := stream.NewWebhooks(stream.WebhooksDeps{Store: env.DB.Webhooks(), Head: func() int64 { return env.Hashes.Size() - 1 }, AllowHTTP: true})
	ctx := context.Background()
	if _, err := svc.Create(ctx, testnode.As("ru", access.RoleLiaison), stream.NewWebhook{URL: recv.URL}); err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]int{}
	d := stream.NewDispatcher(stream.DispatcherDeps{Store: env.DB.Webhooks(), Source: env.DB,
		Backoff: stream.Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond, Attempts: 3}, Rescan: 20 * time.Millisecond,
		Delivered: func(o string) { mu.Lock(); outcomes[o]++; mu.Unlock() }})
	env.OnCommit(d.Notify)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { d.Run(runCtx); close(done) }()
	defer func() { cancel(); <-done }()
	count := func(o string) int { mu.Lock(); defer mu.Unlock(); return outcomes[o] }

	appendMix(t, env, 1) // one GREEN entry ru may see
	testwait.For(t, 10*time.Second, "the attempts to be given up", func() bool { return count("failed") == 1 })
	if r := count("retrying"); r != 2 {
		t.Errorf("%d retrying outcomes for 3 attempts, want 2", r)
	}
	mu.Lock()
	fail = false
	mu.Unlock()
	appendMix(t, env, 1)
	testwait.For(t, 10*time.Second, "a delivery", func() bool { return count("delivered") >= 1 })
	if f := count("failed"); f != 1 {
		t.Errorf("%d failed outcomes, want 1", f)
	}
}
