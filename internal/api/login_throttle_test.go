package api

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// guess makes a failed login attempt unless the throttle refuses it, and
// returns the wait it was told (0 if it was let through).
func guess(th *loginThrottle, user, src string) time.Duration {
	var e *errLoginThrottled
	if err := th.allow(user, src); errors.As(err, &e) {
		return e.wait
	}
	th.failed(user, src)
	return 0
}

func TestLoginThrottleDelaysGrowPerAccountAndSource(t *testing.T) {
	c := &clock{time.Unix(1_700_000_000, 0)}
	refused := map[string]int{}
	th := newLoginThrottle(c.now, 100, func(s string) { refused[s]++ }, nil)
	// Three free failures, then 1 s, 2 s, 4 s … up to 15 min.
	var waits []time.Duration
	for range 16 {
		for guess(th, "us-liaison", "192.0.2.1") == 0 {
		}
		e := th.allow("us-liaison", "192.0.2.1").(*errLoginThrottled)
		waits = append(waits, e.wait)
		c.t = c.t.Add(e.wait) // wait it out exactly
	}
	want := []time.Duration{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900, 900}
	for i := range want {
		if waits[i] != want[i]*time.Second {
			t.Fatalf("delays %v, want %v seconds", waits, want)
		}
	}
	if refused["account_source"] == 0 {
		t.Fatalf("refusals not counted by scope: %v", refused)
	}
	// The real user, from elsewhere, is not held up by any of this.
	if err := th.allow("us-liaison", "198.51.100.7"); err != nil {
		t.Fatalf("the account is locked for another source: %v", err)
	}
	// A success clears the account's failures.
	th.succeeded("us-liaison", "192.0.2.1")
	if err := th.allow("us-liaison", "192.0.2.1"); err != nil {
		t.Fatalf("still refused after a success: %v", err)
	}
}

func TestLoginThrottleNeverLocksOutFromAnotherSource(t *testing.T) {
	cases := []struct {
		name     string
		attack   func(th *loginThrottle, c *clock)
		maxWait  time.Duration // what the real user, from another source, may be told
		attacker string        // a source that must be refused after the attack ("" none)
	}{
		{"one source, for an hour", func(th *loginThrottle, c *clock) {
			for range 3600 {
				guess(th, "us-liaison", "192.0.2.1")
				c.t = c.t.Add(time.Second)
			}
		}, 0, "192.0.2.1"},
		{"one source spraying accounts", func(th *loginThrottle, c *clock) {
			for i := range 300 {
				guess(th, fmt.Sprintf("user-%d", i), "192.0.2.1")
			}
		}, 0, "192.0.2.1"},
		{"one IPv6 /64, many addresses", func(th *loginThrottle, c *clock) {
			for i := range 300 {
				guess(th, "us-liaison", fmt.Sprintf("2001:db8::%x", i+1))
			}
		}, 0, "2001:db8::ffff"},
		{"many sources (distributed)", func(th *loginThrottle, c *clock) {
			for i := range 300 {
				guess(th, "us-liaison", fmt.Sprintf("203.0.113.%d", i%250))
			}
		}, time.Minute, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &clock{time.Unix(1_700_000_000, 0)}
			th := newLoginThrottle(c.now, 1000, nil, nil)
			tc.attack(th, c)
			var e *errLoginThrottled
			if err := th.allow("us-liaison", "198.51.100.7"); errors.As(err, &e) && e.wait > tc.maxWait {
				t.Fatalf("the real user must wait %s, at most %s allowed", e.wait, tc.maxWait)
			} else if err != nil && tc.maxWait == 0 {
				t.Fatalf("the real user is refused: %v", err)
			}
			if tc.attacker != "" && th.allow("us-liaison", tc.attacker) == nil {
				t.Fatal("the attacker's source is not throttled")
			}
		})
	}
}

func TestLoginThrottleMemoryIsBounded(t *testing.T) {
	c := &clock{time.Unix(1_700_000_000, 0)}
	th := newLoginThrottle(c.now, 100, nil, nil)
	for i := range 5000 {
		th.failed(fmt.Sprintf("user-%d", i), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
	}
	if len(th.pair) > 100 || len(th.source) > 100 || len(th.account) > 100 {
		t.Fatalf("tables hold %d, %d, %d entries, at most 100 each", len(th.pair), len(th.source), len(th.account))
	}
	// A failure a window ago, no longer blocking, is forgotten.
	th.failed("quiet", "192.0.2.9")
	c.t = c.t.Add(loginWindow + time.Second)
	for range pairFree - 1 {
		th.failed("quiet", "192.0.2.9")
	}
	if err := th.allow("quiet", "192.0.2.9"); err != nil {
		t.Fatalf("an old failure still counts: %v", err)
	}
}
