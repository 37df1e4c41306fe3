package stream_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/stream"
	"truce/internal/testnode"
)

func TestWebhooksSignRetryAndHonourReleasability(t *testing.T) {
	env := testnode.New(t)
	var mu sync.Mutex
	var got []int64
	var secret string
	failures := 2
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if err := verifySignature(secret, r.Header.Get(stream.SignatureHeader), body, time.Now(), 5*time.Minute); err != nil {
			t.Errorf("delivery %s: %v", r.Header.Get(stream.EventIDHeader), err)
		}
		// The Standard Webhooks reference library checks the same delivery.
		if wh, err := standardwebhooks.NewWebhook(secret); err != nil {
			t.Errorf("the Standard Webhooks library refuses the secret %q: %v", secret, err)
		} else if err := wh.Verify(body, r.Header); err != nil {
			t.Errorf("delivery %s: the Standard Webhooks library: %v", r.Header.Get(stream.EventIDHeader), err)
		}
		if failures > 0 {
			failures--
			http.Error(w, "try later", http.StatusServiceUnavailable)
			return
		}
		var e ledger.Entry
		if err := json.Unmarshal(body, &e); err != nil {
			t.Errorf("body: %v", err)
		}
		if id, _ := strconv.ParseInt(r.Header.Get(stream.EventIDHeader), 10, 64); id != e.Seq {
			t.Errorf("event id header %d for entry %d", id, e.Seq)
		}
		got = append(got, e.Seq)
	}))
	defer recv.Close()

	svc := stream.NewWebhooks(stream.WebhooksDeps{Store: env.DB.Webhooks(), Head: func() int64 { return env.Hashes.Size() - 1 }, AllowHTTP: true})
	ru := testnode.As("ru", access.RoleLiaison)
	ctx := context.Background()
	var inv *fault.InvalidError
	if _, err := svc.Create(ctx, ru, stream.NewWebhook{URL: "ftp://x"}); !errors.As(err, &inv) {
		t.Fatalf("bad URL: %v", err)
	}
	if _, err := svc.Create(ctx, testnode.As("ru", access.RoleObserver), stream.NewWebhook{URL: recv.URL}); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("observer: %v", err)
	}
	h, err := svc.Create(ctx, ru, stream.NewWebhook{URL: recv.URL})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	secret = h.Secret
	mu.Unlock()
	if _, err := svc.DeliveriesPage(ctx, testnode.As("us", access.RoleLiaison), h.ID, 0, nil); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("another party reads the delivery log: %v", err)
	}

	d := stream.NewDispatcher(stream.DispatcherDeps{Store: env.DB.Webhooks(), Source: env.DB, Backoff: stream.Backoff{Base: time.Millisecond, Max: 4 * time.Millisecond, Attempts: 5},
		Rescan: 20 * time.Millisecond})
	env.OnCommit(d.Notify)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { d.Run(runCtx); close(done) }()
	defer func() { cancel(); <-done }()

	want := appendMix(t, env, 12)
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != len(want) {
		t.Fatalf("delivered %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("delivered %v, want %v (in order, only what ru may see)", got, want)
		}
	}
	mu.Unlock()
	// The delivery log is written after each answer: wait for the last.
	var log []stream.Delivery
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		page, err := svc.DeliveriesPage(ctx, ru, h.ID, 100, nil)
		if err != nil {
			t.Fatal(err)
		}
		log = page.Items
		if len(log) >= len(want)+2 {
			break
		}
	}
	mu.Lock()
	retries := 0
	for _, dl := range log {
		if dl.Status == "retrying" {
			retries++
		}
	}
	if retries != 2 || len(log) != len(want)+2 {
		t.Fatalf("delivery log: %d entries, %d retries; want %d and 2", len(log), retries, len(want)+2)
	}
}

func TestBackoffDoublesUpToMax(t *testing.T) {
	b := stream.Backoff{Base: time.Second, Max: 10 * time.Second, Attempts: 8}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 9: 10 * time.Second} {
		if got := b.Delay(n); got != want {
			t.Errorf("Delay(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestSignatureRejectsTampering(t *testing.T) {
	now := time.Unix(1_500_000_000, 0)
	body := []byte(`{"seq":1}`)
	h := stream.Sign("s3cret", now, body)
	cases := []struct {
		name, secret, header string
		body                 []byte
		at                   time.Time
		ok                   bool
	}{
		{"valid", "s3cret", h, body, now, true},
		{"other body", "s3cret", h, []byte(`{"seq":2}`), now, false},
		{"other secret", "guess", h, body, now, false},
		{"stale", "s3cret", h, body, now.Add(time.Hour), false},
		{"malformed", "s3cret", "v1=abc", body, now, false},
	}
	for _, tc := range cases {
		err := verifySignature(tc.secret, tc.header, tc.body, tc.at, 5*time.Minute)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v", tc.name, err)
		}
	}
}
