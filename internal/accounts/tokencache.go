package accounts

import (
	"sync"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
)

// tokenCache remembers the principals of recently used API tokens, so that
// a request does not cost three queries to authenticate. Any entry that can
// end a token's validity (a revocation, a disabled user) clears it before
// the Append that wrote it returns, so revocation still takes effect at
// once; a generation counter keeps a lookup that raced with the clearing
// from putting a stale principal back.
type tokenCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]cachedToken // by secret hash
}

type cachedToken struct {
	p       access.Principal
	expires time.Time // zero: never
}

const tokenCacheMax = 10000

func (c *tokenCache) get(hash string, now time.Time) (access.Principal, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ct, ok := c.m[hash]
	if ok && (ct.expires.IsZero() || now.Before(ct.expires)) {
		return ct.p, c.gen, true
	}
	return access.Public, c.gen, false
}

func (c *tokenCache) put(hash string, gen uint64, ct cachedToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return // cleared since the lookup began
	}
	if c.m == nil || len(c.m) >= tokenCacheMax {
		c.m = make(map[string]cachedToken)
	}
	c.m[hash] = ct
}

func (c *tokenCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.m = nil
}

// Observe is told every committed batch of entries (App.Subscribe); it
// clears cached credentials (tokens, and sessions cached for rechecks) when a token is revoked or any user or party
// changes (a user disabled, a role or a party membership changed), so the
// next request, and every long-lived stream's next recheck, resolves the
// caller afresh.
func (s *Service) Observe(entries []*ledger.Entry) {
	for _, e := range entries {
		if e.Kind == KindTokenRevoked || e.Kind == KindUserDisabled ||
			IsUserKind(e.Kind) || IsPartyKind(e.Kind) {
			s.tokens.clear()
			s.sessions.clear()
			return
		}
	}
}
