package api

import (
	"fmt"
	"math"
	"net"
	"strings"
	"sync"
	"time"
)

// loginThrottle slows password guessing at POST /api/v1/session without
// letting an attacker lock a real user out. It counts failed logins in
// three tables and answers 429 with Retry-After while any of them blocks:
//
//   - by account and source address (the attacker guessing one account
//     from one place): after pairFree failures, each further failure
//     blocks that pair for a delay that doubles from a second up to
//     pairMax. A real user of the same account from another source is not
//     affected.
//   - by source address (one place spraying many accounts): after
//     sourceFree failures, doubling up to sourceMax.
//   - by account, across sources (a distributed attack on one account):
//     only once failures came from at least accountSources distinct
//     sources, and then never longer than accountMax, so the most a
//     distributed attacker can impose on the real user is a wait of a
//     minute, and an attacker from one source none at all.
//
// A refused attempt is not checked (no password hashing) and does not
// lengthen any delay. A successful login clears its account's entries (not
// its source's: a source cannot buy more guesses by logging in to its own
// account). Entries are forgotten window after their last failure once
// they no longer block; each table holds at most maxEntries (memory is
// bounded whatever the attacker sends). IPv6 sources count per /64, the
// least an attacker usually holds.
type loginThrottle struct {
	mu         sync.Mutex
	now        func() time.Time
	maxEntries int
	pair       map[string]*failures // account + "\x00" + source
	source     map[string]*failures
	account    map[string]*failures
	// onRefused is told the scope ("account_source", "source" or
	// "account") of every refused attempt; onFailure of every failure.
	onRefused func(scope string)
	onFailure func()
}

// failures is one table entry: failures counted, the last one, the end of
// the current block and (for accounts) the distinct sources seen.
type failures struct {
	n       int
	last    time.Time
	until   time.Time
	sources map[string]struct{}
}

// The policy (see loginThrottle).
const (
	pairFree, sourceFree, accountFree = 3, 20, 20
	accountSources                    = 5
	pairMax                           = 15 * time.Minute
	sourceMax                         = 5 * time.Minute
	accountMax                        = time.Minute
	loginWindow                       = 15 * time.Minute
	loginThrottleEntries              = 10000
)

// errLoginThrottled is a login refused because of earlier failures (429).
type errLoginThrottled struct{ wait time.Duration }

func (e *errLoginThrottled) Error() string {
	return fmt.Sprintf("too many failed logins for this account or from your address: retry after %d seconds", e.retryAfter())
}

// retryAfter is the Retry-After value: whole seconds, at least 1.
func (e *errLoginThrottled) retryAfter() int {
	return max(1, int(math.Ceil(e.wait.Seconds())))
}

func newLoginThrottle(now func() time.Time, maxEntries int, onRefused func(string), onFailure func()) *loginThrottle {
	return &loginThrottle{now: now, maxEntries: maxEntries, pair: map[string]*failures{}, source: map[string]*failures{},
		account: map[string]*failures{}, onRefused: onRefused, onFailure: onFailure}
}

// loginKeys returns the account and source keys of a login attempt.
func loginKeys(username, remote string) (account, source string) {
	account = strings.ToLower(strings.TrimSpace(username))
	if len(account) > 64 {
		account = account[:64] // longer than any username: bound the key
	}
	source = remote
	if ip := net.ParseIP(remote); ip != nil && ip.To4() == nil {
		source = ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return account, source
}

// allow returns nil if a login for username from remote may be checked,
// else an *errLoginThrottled saying how long to wait.
func (t *loginThrottle) allow(username, remote string) error {
	acct, src := loginKeys(username, remote)
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	wait, scope := time.Duration(0), ""
	for _, c := range []struct {
		scope string
		f     *failures
	}{{"account_source", t.pair[acct+"\x00"+src]}, {"source", t.source[src]}, {"account", t.account[acct]}} {
		if c.f != nil && c.f.until.Sub(now) > wait {
			wait, scope = c.f.until.Sub(now), c.scope
		}
	}
	if wait <= 0 {
		return nil
	}
	if t.onRefused != nil {
		t.onRefused(scope)
	}
	return &errLoginThrottled{wait}
}

// failed records a failed login for username from remote.
func (t *loginThrottle) failed(username, remote string) {
	acct, src := loginKeys(username, remote)
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if p := t.entry(t.pair, acct+"\x00"+src, now); p != nil {
		p.fail(now, pairFree, pairMax)
	}
	if s := t.entry(t.source, src, now); s != nil {
		s.fail(now, sourceFree, sourceMax)
	}
	if a := t.entry(t.account, acct, now); a != nil {
		if a.sources == nil {
			a.sources = map[string]struct{}{}
		}
		if len(a.sources) < accountSources {
			a.sources[src] = struct{}{}
		}
		a.n++
		a.last = now
		if len(a.sources) >= accountSources && a.n > accountFree {
			a.until = now.Add(doubling(a.n-accountFree, accountMax))
		}
	}
	if t.onFailure != nil {
		t.onFailure()
	}
}

// succeeded forgets the failures of username (from every source).
func (t *loginThrottle) succeeded(username, remote string) {
	acct, src := loginKeys(username, remote)
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.pair, acct+"\x00"+src)
	delete(t.account, acct)
}

// fail counts a failure and, past free, blocks for a doubling delay.
func (f *failures) fail(now time.Time, free int, most time.Duration) {
	f.n++
	f.last = now
	if f.n >= free {
		f.until = now.Add(doubling(f.n-free+1, most))
	}
}

// doubling returns a second doubled k−1 times, at most most.
func doubling(k int, most time.Duration) time.Duration {
	if k > 30 {
		return most
	}
	return min(most, time.Second<<(k-1))
}

// entry returns m[key], creating it (or starting it again if it was quiet
// for loginWindow and no longer blocks); when m is full it first forgets
// expired entries, then entries that do not block, then any. It returns
// nil only if maxEntries is not positive.
func (t *loginThrottle) entry(m map[string]*failures, key string, now time.Time) *failures {
	if f, ok := m[key]; ok {
		if now.Sub(f.last) > loginWindow && !now.Before(f.until) {
			*f = failures{} // quiet for a window: start again
		}
		return f
	}
	if t.maxEntries <= 0 {
		return nil
	}
	if len(m) >= t.maxEntries {
		for k, f := range m {
			if now.Sub(f.last) > loginWindow && !now.Before(f.until) {
				delete(m, k)
			}
		}
	}
	for pass := 0; len(m) >= t.maxEntries; pass++ {
		for k, f := range m {
			if len(m) < t.maxEntries {
				break
			}
			if pass > 0 || !now.Before(f.until) {
				delete(m, k)
			}
		}
	}
	f := &failures{}
	m[key] = f
	return f
}
