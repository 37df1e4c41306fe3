package witness

import (
	"context"
	"errors"
	"flag"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
)

var seedFlag = flag.Uint64("seed", 1, "seed for the random property tests")

// TestConcurrentSameOldSize sends many requests with the same, correct old
// size at once, through two Witness instances sharing one SQLite file (as
// two processes would). The check and the update must be atomic: exactly
// one request may be cosigned, every other must get 409 with the size the
// winner set, and the state must be the winner's.
func TestConcurrentSameOldSize(t *testing.T) {
	const n = 16
	l := newTestLog(t, "truce.test/log", 1).grow(5 + n)
	e := newTestEnv(t, l)
	e.mustCosign(l.request(0, 5))
	second, err := Open(context.Background(), e.path, e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	srv2 := httptest.NewServer(second)
	defer srv2.Close()
	// Widen the window between check and commit.
	e.w.beforeCommit = func() { time.Sleep(time.Millisecond) }
	second.beforeCommit = e.w.beforeCommit

	type result struct {
		size int64
		code int
		body string
	}
	results := make(chan result, n)
	var wg sync.WaitGroup
	for i := range n {
		size := int64(6 + i)
		body := l.request(5, size)
		url := e.srv.URL
		if i%2 == 1 {
			url = srv2.URL
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, resp := rawPost(t, url, body)
			results <- result{size, code, resp}
		}()
	}
	wg.Wait()
	close(results)
	var winner int64 = -1
	var conflicts []string
	for r := range results {
		switch r.code {
		case 200:
			if winner >= 0 {
				t.Fatalf("two requests from old size 5 cosigned: sizes %d and %d", winner, r.size)
			}
			winner = r.size
		case 409:
			conflicts = append(conflicts, r.body)
		default:
			t.Fatalf("size %d: status %d %q", r.size, r.code, r.body)
		}
	}
	if winner < 0 {
		t.Fatal("no request cosigned")
	}
	for _, c := range conflicts {
		if c != itoa(winner)+"\n" {
			t.Errorf("409 body %q, want %q", c, itoa(winner)+"\n")
		}
	}
	if st := e.state(l.origin); st.Size != winner || st.Root != l.root(winner) {
		t.Errorf("state %d, want winner %d", st.Size, winner)
	}
}

// TestConcurrentClients runs clients pushing random checkpoints of one log
// concurrently, each starting from a random old size and relying on the
// 409 exchange. The witness's state must never go backwards, every
// cosignature returned must verify, and the final state must be the largest
// size cosigned.
func TestConcurrentClients(t *testing.T) {
	seed := *seedFlag
	t.Logf("seed %d (rerun with -seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	const maxSize = 200
	l := newTestLog(t, "truce.test/log", seed).grow(maxSize)
	e := newTestEnv(t, l)
	c := newTestClient(t, e.srv.URL, e.w.VerifierKey(), 0)

	var mu sync.Mutex
	var maxCosigned int64
	var wg sync.WaitGroup
	for g := range 8 {
		sizes := make([]int64, 10)
		for i := range sizes {
			sizes[i] = 1 + rng.Int64N(maxSize)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, size := range sizes {
				old := int64(0)
				if g%2 == 0 {
					old = size / 2
				}
				cs, err := c.AddCheckpoint(context.Background(), l.checkpoint(size), old, l.prover(size))
				var conflict *ConflictError
				switch {
				case errors.As(err, &conflict):
					continue // the witness is ahead of this checkpoint, or moved twice
				case err != nil:
					t.Errorf("size %d: %v", size, err)
					continue
				}
				if _, _, err := VerifyCosigned(append(l.checkpoint(size), cs.Line()...), l.verifier, []note.Verifier{c.Verifier()}, 1); err != nil {
					t.Errorf("size %d: %v", size, err)
				}
				mu.Lock()
				maxCosigned = max(maxCosigned, size)
				mu.Unlock()
			}
		}()
	}
	// Watch the state while the clients run: it must never shrink.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var last int64
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		st := e.state(l.origin)
		if st.Size < last {
			t.Fatalf("state went back from %d to %d", last, st.Size)
		}
		last = st.Size
	}
	if st := e.state(l.origin); st.Size != maxCosigned || st.Root != l.root(maxCosigned) {
		t.Errorf("final state %d, want largest cosigned %d", st.Size, maxCosigned)
	}
}

func rawPost(t *testing.T, url string, body []byte) (int, string) {
	resp, err := http.Post(url+"/add-checkpoint", "text/plain", bytesReader(body))
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Error(err)
	}
	return resp.StatusCode, string(b)
}
