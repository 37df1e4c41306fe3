package accounts

import (
	"context"
	"fmt"
	"sync"
	"time"

	"truce/internal/access"
)

// Long-lived responses recheck their caller before every event they send;
// for a session that is three queries, too many to run for every wake-up of
// every browser's stream. RecheckSession answers from a short-lived cache
// instead: an entry lives at most SessionRecheckAge, and a logout through
// this Service or any committed user or party change (Observe) removes it
// at once. A logout made through another process sharing the database
// reaches this process's streams within SessionRecheckAge.

// SessionRecheckAge is the longest a cached session principal is used by
// RecheckSession.
const SessionRecheckAge = time.Second

// sessionCacheMax bounds the number of cached sessions.
const sessionCacheMax = 10000

type sessionCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]cachedSession // by secret hash
}

type cachedSession struct {
	p     access.Principal
	csrf  string
	until time.Time
}

func (c *sessionCache) get(hash string, now time.Time) (cachedSession, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs, ok := c.m[hash]
	return cs, c.gen, ok && now.Before(cs.until)
}

func (c *sessionCache) put(hash string, gen uint64, cs cachedSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return // cleared since the lookup began
	}
	if c.m == nil || len(c.m) >= sessionCacheMax {
		c.m = make(map[string]cachedSession)
	}
	c.m[hash] = cs
}

// forget removes one session (logout); clear removes every one.
func (c *sessionCache) forget(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.m, hash)
}

func (c *sessionCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.m = nil
}

// RecheckSession is AuthenticateSession for a caller already
// authenticated by an earlier request (a long-lived response rechecking
// it): it may answer from a cache at most SessionRecheckAge old, from
// which a logout through this Service and every committed user or party
// change remove the session at once. Errors as AuthenticateSession.
func (s *Service) RecheckSession(ctx context.Context, secret string) (access.Principal, string, error) {
	hash := access.HashSecret(secret)
	now := s.now()
	cs, gen, ok := s.sessions.get(hash, now)
	if ok {
		// A roster change may have ended the hosting of the session's party.
		if err := s.ownParty(cs.p.Party, "users"); err != nil {
			return access.Public, "", fmt.Errorf("accounts: session of %s: %w", cs.p.Username, err)
		}
		return cs.p, cs.csrf, nil
	}
	p, csrf, err := s.AuthenticateSession(ctx, secret)
	if err != nil {
		return p, csrf, err
	}
	s.sessions.put(hash, gen, cachedSession{p: p, csrf: csrf, until: now.Add(SessionRecheckAge)})
	return p, csrf, nil
}
