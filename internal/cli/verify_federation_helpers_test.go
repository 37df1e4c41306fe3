package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/federation/roster"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/witness"
)

// fedMember is one member's node as 'truce verify --federation' sees it
// from outside: a real log (package fedtest) behind the public C2SP
// endpoints /log/checkpoint and /log/tile/…, with the checkpoint it
// serves set by the test.
type fedMember struct {
	party   string
	log     *fedtest.Log
	witness *witness.Cosigner
	srv     *httptest.Server

	mu   sync.Mutex
	note []byte
}

// newFedMember starts party's node with n entries and no checkpoint yet.
func newFedMember(t *testing.T, party string, n int) *fedMember {
	t.Helper()
	m := &fedMember{party: party, log: fedtest.NewLog(t, party, "truce."+party+".example/log"), witness: fedtest.Cosigners(t, "witness."+party+".example")[0]}
	m.log.Append(t, n)
	m.serve(t, m.log)
	return m
}

// serve serves l's tiles (l may be a fork of m's log, with its key).
func (m *fedMember) serve(t *testing.T, l *fedtest.Log) {
	t.Helper()
	if m.srv != nil {
		m.srv.Close()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /log/checkpoint", func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.note == nil {
			http.NotFound(w, r)
			return
		}
		w.Write(m.note)
	})
	mux.HandleFunc("GET /log/tile/{path...}", func(w http.ResponseWriter, r *http.Request) {
		b, err := l.Hashes.ReadTile("tile/" + r.PathValue("path"))
		if errors.Is(err, ledger.ErrTileNotFound) {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Write(b)
	})
	m.srv = httptest.NewServer(mux)
	t.Cleanup(m.srv.Close)
}

// publish signs l's whole tree (m's log if l is nil), cosigned by ws, and
// serves it.
func (m *fedMember) publish(t *testing.T, l *fedtest.Log, ws ...*witness.Cosigner) {
	t.Helper()
	if l == nil {
		l = m.log
	}
	note := l.Sign(t, l.Tree(t, l.Hashes.Size()), ws...)
	m.mu.Lock()
	m.note = note
	m.mu.Unlock()
}

// others returns the witnesses of every member but m.
func others(m *fedMember, all []*fedMember) []*witness.Cosigner {
	var ws []*witness.Cosigner
	for _, o := range all {
		if o != m {
			ws = append(ws, o.witness)
		}
	}
	return ws
}

// writeFedRoster writes a valid roster of members (the first a co-chair)
// with quorum, and returns its path.
func writeFedRoster(t *testing.T, quorum int, members ...*fedMember) string {
	t.Helper()
	r := roster.Roster{Federation: "verify test", Version: 1, Quorum: quorum}
	for i, m := range members {
		pin := sha256.Sum256([]byte(m.party))
		r.Members = append(r.Members, roster.Member{Party: m.party, Origin: m.log.Origin, LogKey: m.log.VerifierKey,
			WitnessKey: m.witness.VerifierKey(), TLSPin: roster.PinPrefix + hex.EncodeToString(pin[:]),
			URLs: []string{"https://" + m.party + ".truce.example:9443"}, CoChair: i == 0})
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "roster.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// fedArgs returns the arguments of 'truce verify --federation' for members.
func fedArgs(rosterPath, state string, members ...*fedMember) []string {
	args := []string{"verify", "--federation", rosterPath, "--state", state}
	for _, m := range members {
		args = append(args, "--member", m.party+"="+m.srv.URL)
	}
	return args
}

// mirrorInto stores m's whole log in the mirror tables of a node's data
// directory, as its mirror would after verifying it, and returns the
// directory.
func mirrorInto(t *testing.T, m *fedMember) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if code, out, errOut := run(t, map[string]string{"TRUCE_ADMIN_PASSWORD": "correct horse battery"}, "init", "--data", dir,
		"--origin", "truce.un.example/log", "--party", "un", "--party-name", "UN cell", "--party-kind", "un", "--admin", "un-admin"); code != 0 {
		t.Fatalf("init: exit %d: %s %s", code, out, errOut)
	}
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	size := m.log.Hashes.Size()
	c := mirror.Chunk{Origin: m.log.Origin, Complete: true, Checkpoint: m.note, Size: size, Root: m.log.Tree(t, size).Hash}
	err = m.log.DB.EntryRange(ctx, 0, size, func(e *ledger.Entry, canonical []byte) error {
		c.Commitments = append(c.Commitments, tlog.Hash(sha256.Sum256(canonical)))
		c.Contents = append(c.Contents, mirror.Content{Seq: e.Seq, Canonical: canonical})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Mirrors().ApplyMirrorChunk(ctx, c); err != nil {
		t.Fatal(err)
	}
	return dir
}
