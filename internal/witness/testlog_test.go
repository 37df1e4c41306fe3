package witness

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// testLog is an in-memory RFC 6962 log over random leaves whose
// checkpoints are signed with an Ed25519 note key.
type testLog struct {
	t        testing.TB
	origin   string
	signer   note.Signer
	vkey     string
	verifier note.Verifier
	rng      *rand.Rand
	hashes   []tlog.Hash // stored hashes, as tlog.StoredHashes lays them out
	size     int64
}

// newTestLog returns an empty log whose key is derived from seed.
func newTestLog(t testing.TB, origin string, seed uint64) *testLog {
	t.Helper()
	var s [32]byte
	copy(s[:], fmt.Sprintf("truce witness test %d", seed))
	skey, vkey, err := note.GenerateKey(rand.NewChaCha8(s), origin)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return &testLog{t: t, origin: origin, signer: signer, vkey: vkey, verifier: verifier,
		rng: rand.New(rand.NewPCG(seed, 1))}
}

// fork returns a log with the same key and the same first n leaves, whose
// later leaves (drawn from another random stream) differ.
func (l *testLog) fork(n int64) *testLog {
	f := *l
	f.rng = rand.New(rand.NewPCG(l.rng.Uint64(), 2))
	f.hashes = append([]tlog.Hash(nil), l.hashes[:tlog.StoredHashIndex(0, n)]...)
	f.size = n
	return &f
}

func (l *testLog) readHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x >= int64(len(l.hashes)) {
			return nil, fmt.Errorf("hash %d not stored", x)
		}
		out[i] = l.hashes[x]
	}
	return out, nil
}

// grow appends k random leaves.
func (l *testLog) grow(k int) *testLog {
	l.t.Helper()
	for range k {
		leaf := make([]byte, 32)
		for i := range leaf {
			leaf[i] = byte(l.rng.Uint32())
		}
		hs, err := tlog.StoredHashes(l.size, leaf, tlog.HashReaderFunc(l.readHashes))
		if err != nil {
			l.t.Fatal(err)
		}
		l.hashes = append(l.hashes, hs...)
		l.size++
	}
	return l
}

// root returns the root hash of the tree of n leaves.
func (l *testLog) root(n int64) tlog.Hash {
	l.t.Helper()
	h, err := tlog.TreeHash(n, tlog.HashReaderFunc(l.readHashes))
	if err != nil {
		l.t.Fatal(err)
	}
	return h
}

// checkpoint returns the signed checkpoint of the tree of n leaves.
func (l *testLog) checkpoint(n int64) []byte {
	l.t.Helper()
	return l.signText(Checkpoint{Origin: l.origin, Size: n, Root: l.root(n)}.Body())
}

func (l *testLog) signText(text string) []byte {
	l.t.Helper()
	msg, err := note.Sign(&note.Note{Text: text}, l.signer)
	if err != nil {
		l.t.Fatal(err)
	}
	return msg
}

// proof returns the consistency proof from old to n leaves.
func (l *testLog) proof(old, n int64) tlog.TreeProof {
	l.t.Helper()
	p, err := tlog.ProveTree(n, old, tlog.HashReaderFunc(l.readHashes))
	if err != nil {
		l.t.Fatal(err)
	}
	return p
}

// prover returns a ProofFunc for the checkpoint of n leaves.
func (l *testLog) prover(n int64) ProofFunc {
	return func(ctx context.Context, old int64) (tlog.TreeProof, error) {
		return tlog.ProveTree(n, old, tlog.HashReaderFunc(l.readHashes))
	}
}

// request returns an add-checkpoint body from old to n leaves.
func (l *testLog) request(old, n int64) []byte {
	l.t.Helper()
	var p tlog.TreeProof
	if old > 0 && old < n {
		p = l.proof(old, n)
	}
	return FormatAddCheckpoint(old, p, l.checkpoint(n))
}

// testCosigner returns a cosigner whose key is derived from the test's
// name, name, and how many cosigners the test made before.
func testCosigner(t testing.TB, name string) *Cosigner {
	t.Helper()
	v, _ := cosignerCounts.LoadOrStore(t.Name(), new(atomic.Int64))
	s := sha256.Sum256(fmt.Appendf(nil, "%s\n%s\n%d", t.Name(), name, v.(*atomic.Int64).Add(1)))
	skey, _, err := generateKey(rand.NewChaCha8(s), name)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewCosigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var cosignerCounts sync.Map // test name → *atomic.Int64

// testEnv is a witness over a temporary SQLite file, served by httptest.
type testEnv struct {
	t      *testing.T
	path   string
	cfg    Config
	w      *Witness
	srv    *httptest.Server
	logBuf *bytes.Buffer
}

func newTestEnv(t *testing.T, logs ...*testLog) *testEnv {
	t.Helper()
	e := &testEnv{t: t, path: filepath.Join(t.TempDir(), "witness.db"), logBuf: new(bytes.Buffer)}
	e.cfg = Config{
		Cosigner: testCosigner(t, "witness.test/w1"),
		Logger:   slog.New(slog.NewTextHandler(e.logBuf, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, l := range logs {
		e.cfg.Logs = append(e.cfg.Logs, Log{Origin: l.origin, Keys: []string{l.vkey}})
	}
	e.open()
	t.Cleanup(e.close)
	return e
}

func (e *testEnv) open() {
	e.t.Helper()
	w, err := Open(context.Background(), e.path, e.cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	e.w = w
	e.srv = httptest.NewServer(w)
}

func (e *testEnv) close() {
	if e.w == nil {
		return
	}
	e.srv.Close()
	if err := e.w.Close(); err != nil {
		e.t.Error(err)
	}
	e.w = nil
}

// post sends body to /add-checkpoint and returns status, content type and
// body.
func (e *testEnv) post(body []byte) (int, string, string) {
	e.t.Helper()
	resp, err := http.Post(e.srv.URL+"/add-checkpoint", "text/plain", bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// mustCosign posts body and fails the test unless the witness cosigns.
func (e *testEnv) mustCosign(body []byte) string {
	e.t.Helper()
	code, _, resp := e.post(body)
	if code != http.StatusOK {
		e.t.Fatalf("add-checkpoint: got %d %q, want 200", code, resp)
	}
	return resp
}

func (e *testEnv) state(origin string) LogState {
	e.t.Helper()
	st, err := e.w.State(context.Background(), origin)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func itoa(n int64) string { return fmt.Sprint(n) }

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
