// Package testnode builds a small node for the tests of the notification,
// alert, hotline and stream packages: a SQLite store in a temp dir, a
// sequencer on a settable clock, and the demo's four parties (co-chairs us
// and ru, the UN cell un, the agency ngo). It is test support only.
package testnode

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/store"
)

// Clock is a settable clock, safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock reading t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Env is a test node.
type Env struct {
	DB       *store.DB
	Seq      *ledger.Sequencer
	Hashes   *ledger.HashStore
	Accounts *accounts.Service
	Clock    *Clock

	mu       sync.Mutex
	onCommit []func([]*ledger.Entry)
}

// Start is the clock's initial time in every Env.
var Start = time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC)

// New returns an Env whose parties exist; it is closed when t ends.
func New(t testing.TB) *Env {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	hs, err := ledger.NewHashStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{DB: db, Hashes: hs, Clock: NewClock(Start)}
	env.Seq = ledger.NewSequencer(db, hs, ledger.SequencerOptions{Now: env.Clock.Now, OnCommit: env.publish})
	env.Accounts = accounts.NewService(accounts.Deps{Store: db.Access(), Log: env.Seq, Now: env.Clock.Now})
	t.Cleanup(func() {
		env.Seq.Close()
		db.Close()
	})
	for _, p := range []accounts.NewParty{
		{ID: "us", Name: "United States", Kind: "military", CoChair: true},
		{ID: "ru", Name: "Russian Federation", Kind: "military", CoChair: true},
		{ID: "un", Name: "UN cell", Kind: "un"},
		{ID: "ngo", Name: "Agency", Kind: "agency"},
		{ID: "xx", Name: "Outsider", Kind: "military"},
	} {
		if _, err := env.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	return env
}

// OnCommit registers fn to receive committed batches (as app.Subscribe).
func (e *Env) OnCommit(fn func([]*ledger.Entry)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.onCommit = append(e.onCommit, fn)
}

func (e *Env) publish(es []*ledger.Entry) {
	e.mu.Lock()
	fns := e.onCommit
	e.mu.Unlock()
	for _, fn := range fns {
		fn(es)
	}
}

// As returns a principal of party with role (no user row is needed by the
// services under test).
func As(party string, role access.Role) access.Principal {
	chair := party == "us" || party == "ru"
	return access.Principal{UserID: "usr_" + party + "_" + string(role), Username: party + "-" + string(role),
		Party: party, Role: role, CoChair: chair, Via: "token"}
}
