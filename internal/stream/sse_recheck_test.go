package stream_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/stream"
	"truce/internal/testnode"
	"truce/internal/testwait"
)

// errGone is what the tests' Recheck returns once the caller lost access.
var errGone = errors.New("your token was revoked")

// serveWith runs ServeSSE for ru on a recorder with opts until it returns,
// bounded in time, and returns its error and what it wrote.
func serveWith(t *testing.T, env *testnode.Env, hub *stream.Hub, opts stream.SSEOptions, during func()) (error, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rec := httptest.NewRecorder()
	errc := make(chan error, 1)
	go func() {
		errc <- stream.ServeSSE(ctx, rec, hub, env.DB, access.Principal{UserID: "u", Party: "ru"}, opts)
	}()
	if during != nil {
		during()
	}
	select {
	case err := <-errc:
		return err, rec.Body.String()
	case <-ctx.Done():
		<-errc
		t.Fatal("the stream did not end")
		return nil, ""
	}
}

// TestStreamEndsWhenRecheckFails covers every point where ServeSSE checks
// its caller: at the start, between chunks of a replay, before each live
// write, and on the timer of a quiet stream. Each ends with an "end" event
// carrying the reason and ErrAccessEnded, and delivers nothing after.
func TestStreamEndsWhenRecheckFails(t *testing.T) {
	env := testnode.New(t)
	hub := stream.NewHub(stream.HubDeps{Interval: -1})
	defer hub.Close()
	env.OnCommit(hub.Publish)
	start := env.Hashes.Size() - 1
	appendMix(t, env, 900) // ru sees 600 of them

	cases := []struct {
		name     string
		okChecks int64 // checks that pass before the caller loses access
		last     int64 // LastEventID
		during   func(ok *atomic.Int64)
		maxSent  int
	}{
		{"refused at the start", 0, start, nil, 0},
		{"between replay chunks", 1, start, nil, 256},
		{"quiet stream, on the timer", 1 << 40, -1, func(ok *atomic.Int64) {
			testwait.For(t, 10*time.Second, "the stream to subscribe", func() bool { return hub.Stats().Subscribers > 0 })
			ok.Store(0) // nothing is written: only the timer can notice
		}, 0},
		{"before a live write", 1 << 40, -1, func(ok *atomic.Int64) {
			testwait.For(t, 10*time.Second, "the stream to subscribe", func() bool { return hub.Stats().Subscribers > 0 })
			ok.Store(0)
			appendMix(t, env, 3)
		}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ok atomic.Int64
			ok.Store(tc.okChecks)
			opts := stream.SSEOptions{LastEventID: tc.last, RecheckEvery: 10 * time.Millisecond, Recheck: func() error {
				if ok.Add(-1) < 0 {
					return errGone
				}
				return nil
			}}
			if tc.name != "quiet stream, on the timer" {
				opts.RecheckEvery = time.Hour // only the writes may check
			}
			var during func()
			if tc.during != nil {
				during = func() { tc.during(&ok) }
			}
			err, body := serveWith(t, env, hub, opts, during)
			if !errors.Is(err, stream.ErrAccessEnded) || !errors.Is(err, errGone) {
				t.Fatalf("err %v, want ErrAccessEnded wrapping the reason", err)
			}
			if sent := strings.Count(body, "event: test.event"); sent > tc.maxSent {
				t.Fatalf("%d events sent after the caller lost access, at most %d allowed", sent, tc.maxSent)
			}
			if !strings.HasSuffix(body, "event: end\ndata: {\"reason\":\"your token was revoked\"}\n\n") {
				t.Fatalf("the stream does not end with an end event saying why: ...%q", body[max(0, len(body)-200):])
			}
		})
	}
}

// TestStreamWithoutRecheckIsUnchanged keeps the public stream (no Recheck)
// as it was: it ends only when its context does.
func TestStreamWithoutRecheckIsUnchanged(t *testing.T) {
	env := testnode.New(t)
	hub := stream.NewHub(stream.HubDeps{Interval: -1})
	defer hub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	rec := httptest.NewRecorder()
	errc := make(chan error, 1)
	go func() {
		errc <- stream.ServeSSE(ctx, rec, hub, env.DB, access.Public, stream.SSEOptions{LastEventID: -1, RecheckEvery: time.Millisecond})
	}()
	testwait.For(t, 10*time.Second, "the stream to subscribe", func() bool { return hub.Stats().Subscribers > 0 })
	hub.Publish([]*ledger.Entry{{Seq: 1, Kind: "test.event", Release: access.Releasability{TLP: access.TLPClear}}})
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("err %v", err)
	}
}
