package mirror_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/federation/peerapi"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/witness"
)

// partyHeader carries the calling party in these tests only, standing in
// for the pinned client certificate of the mutual-TLS listener.
const partyHeader = "X-Test-Party"

func headerPeer(r *http.Request) (string, bool) {
	p := r.Header.Get(partyHeader)
	return p, p != ""
}

// asParty sends every request as party.
type asParty struct{ party string }

func (a asParty) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(partyHeader, a.party)
	return http.DefaultTransport.RoundTrip(r)
}

// fixture is the us node's real log served by the real peer API over
// loopback, with hooks through which a test makes it misbehave.
type fixture struct {
	log  *fedtest.Log
	fork *fedtest.Log        // a second log sharing a prefix with log, if a test made one
	ws   []*witness.Cosigner // the other members' witnesses
	srv  *httptest.Server

	mu         sync.Mutex
	checkpoint func() []byte                          // nil: the current tree, cosigned by ws
	tree       peerapi.Tree                           // nil: the log's
	db         peerapi.Entries                        // nil: the log's
	alter      func(e *ledger.Entry, b []byte) []byte // nil: the bytes stored
	hosted     map[string][]string                    // the parties each member's node hosts
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{log: fedtest.NewLog(t, "us", "us.truce.example/log"), ws: fedtest.Cosigners(t, "ru.truce.example/witness", "un.truce.example/witness")}
	h, err := peerapi.New(peerapi.Config{
		Checkpoint: func(context.Context) ([]byte, error) {
			f.mu.Lock()
			cp := f.checkpoint
			f.mu.Unlock()
			if cp != nil {
				return cp(), nil
			}
			return f.log.Sign(t, f.log.Tree(t, f.log.Hashes.Size()), f.ws...), nil
		},
		Tree:          hookTree{f},
		Entries:       hookEntries{f},
		Gossip:        f.log.DB.Mirrors(),
		Evidence:      f.log.DB.Mirrors(),
		AddCheckpoint: http.NotFoundHandler(),
		Peer:          headerPeer,
		Hosted: func(party string) []string {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.hosted[party]
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

// set changes the fixture's hooks under its lock.
func (f *fixture) set(fn func(f *fixture)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

type hookTree struct{ f *fixture }

func (h hookTree) cur() peerapi.Tree {
	h.f.mu.Lock()
	defer h.f.mu.Unlock()
	if h.f.tree != nil {
		return h.f.tree
	}
	return h.f.log.Hashes
}

func (h hookTree) Size() int64 { return h.cur().Size() }
func (h hookTree) Commitments(start, n int64) ([]tlog.Hash, error) {
	return h.cur().Commitments(start, n)
}

type hookEntries struct{ f *fixture }

func (h hookEntries) EntryRange(ctx context.Context, start, end int64, fn func(*ledger.Entry, []byte) error) error {
	h.f.mu.Lock()
	alter := h.f.alter
	var db peerapi.Entries = h.f.log.DB
	if h.f.db != nil {
		db = h.f.db
	}
	h.f.mu.Unlock()
	return db.EntryRange(ctx, start, end, func(e *ledger.Entry, b []byte) error {
		if alter != nil {
			b = alter(e, b)
		}
		return fn(e, b)
	})
}

// peer returns what the roster says of us.
func (f *fixture) peer() mirror.Peer {
	return mirror.Peer{Party: "us", Origin: f.log.Origin, LogKey: f.log.Verifier, Witnesses: fedtest.Verifiers(f.ws), Quorum: 2}
}

// mirrorSource returns the HTTP source of f's peer API as self.
func (f *fixture) mirrorSource(t testing.TB, self string) *mirror.HTTPSource {
	t.Helper()
	src, err := mirror.NewHTTPSource(f.srv.URL, &http.Client{Transport: asParty{self}, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// mirrorFor returns self's mirror of f, storing into st.
func (f *fixture) mirrorFor(t testing.TB, self string, st mirror.Store, now func() time.Time, maxAge time.Duration) *mirror.Mirror {
	t.Helper()
	src := f.mirrorSource(t, self)
	m, err := mirror.New(mirror.Config{Self: self, Peer: f.peer(), Source: src, Store: st, Now: now, MaxAge: maxAge})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sha(b []byte) tlog.Hash { return ledger.Commitment(b) }

// checkMirrored checks that db holds every commitment of f's log up to n
// and the content of exactly the entries releasable to self.
func checkMirrored(t *testing.T, f *fixture, db *store.DB, self string, n int64) {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT seq, commitment, content FROM local_mirror_entries WHERE origin = $1 ORDER BY seq`, f.log.Origin)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var i int64
	for ; rows.Next(); i++ {
		var seq int64
		var c, content []byte
		if err := rows.Scan(&seq, &c, &content); err != nil {
			t.Fatal(err)
		}
		se, err := f.log.DB.Entry(context.Background(), seq)
		if err != nil {
			t.Fatal(err)
		}
		if seq != i || tlog.Hash(c) != se.Commitment {
			t.Fatalf("row %d: seq %d, commitment differs: %v", i, seq, tlog.Hash(c) != se.Commitment)
		}
		want := se.Entry.Release.ReleasableToParty(self)
		if want != (content != nil) || want && string(content) != string(se.Canonical) {
			t.Fatalf("entry %d (%v) mirrored to %s with content %q", seq, se.Entry.Release, self, content)
		}
	}
	if i != n {
		t.Fatalf("%d entries mirrored, want %d", i, n)
	}
}
