package follow

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"truce/internal/ledger"
	"truce/internal/pgtest"
	"truce/internal/store"
)

// proc is one simulated truce process on a shared PostgreSQL log.
type proc struct {
	db        *store.DB
	hashes    *ledger.HashStore
	follower  *Follower
	seq       *ledger.Sequencer
	mu        sync.Mutex
	delivered []int64
}

func startProc(t *testing.T, dsn string) *proc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{db: db, hashes: loadHashStore(t, db)}
	p.follower, err = New(db, p.hashes, func(es []*ledger.Entry) {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, e := range es {
			p.delivered = append(p.delivered, e.Seq)
		}
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.seq = ledger.NewSequencer(p.follower, p.hashes, ledger.SequencerOptions{OnCommit: p.follower.OnCommit, MaxBatch: 64})
	done := make(chan struct{})
	go func() { p.follower.Run(ctx, 20*time.Millisecond); close(done) }()
	t.Cleanup(func() {
		p.seq.Close()
		cancel()
		<-done
		db.Close()
	})
	return p
}

// TestFollowerProcessesShareOneLog appends through three "processes" (each
// with its own connection pool, tree and sequencer) at once: every Append
// succeeds, all trees end equal to the stored one, and each process
// delivers every entry exactly once, in log order.
func TestFollowerProcessesShareOneLog(t *testing.T) {
	dsn := pgtest.Schema(t)
	ctx := context.Background()
	procs := []*proc{startProc(t, dsn), startProc(t, dsn), startProc(t, dsn)}
	const writers, each = 4, 20
	var wg sync.WaitGroup
	for pi, p := range procs {
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					if _, err := p.seq.Append(ctx, testEvent(fmt.Sprintf("p%d-w%d-%d", pi, w, i))); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	total := int64(len(procs) * writers * each)
	stored := loadHashStore(t, procs[0].db)
	want, _ := stored.Tree()
	if want.N != total {
		t.Fatalf("log holds %d entries, want %d", want.N, total)
	}
	for i, p := range procs {
		if _, err := p.follower.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := p.hashes.Tree()
		if got != want {
			t.Fatalf("process %d: tree %v, stored %v", i, got, want)
		}
		p.mu.Lock()
		for j, s := range p.delivered {
			if s != int64(j) {
				t.Fatalf("process %d delivered entry %d at position %d", i, s, j)
			}
		}
		if int64(len(p.delivered)) != total {
			t.Fatalf("process %d delivered %d entries, want %d", i, len(p.delivered), total)
		}
		p.mu.Unlock()
	}
}

// TestFollowerTailsWithoutWriting checks that a process that writes
// nothing still follows the log within moments (NOTIFY or polling).
func TestFollowerTailsWithoutWriting(t *testing.T) {
	dsn := pgtest.Schema(t)
	writer, reader := startProc(t, dsn), startProc(t, dsn)
	if _, err := writer.seq.Append(context.Background(), testEvent("a"), testEvent("b")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for reader.hashes.Size() < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("reader has %d entries after 10s", reader.hashes.Size())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestFollowerRefusesDivergence alters the stored log behind the trigger's
// back (as a superuser could) and checks that a following process stops
// with ErrDiverged instead of extending a tree it cannot verify.
func TestFollowerRefusesDivergence(t *testing.T) {
	dsn := pgtest.Schema(t)
	ctx := context.Background()
	a := startProc(t, dsn)
	if _, err := a.seq.Append(ctx, testEvent("a")); err != nil {
		t.Fatal(err)
	}
	// An entry appended without the sequencer: canonical bytes that do
	// not match the commitment.
	if _, err := a.db.SQL.ExecContext(ctx, `INSERT INTO log_entries (seq, canonical, commitment, kind, subject, party, tlp, audience, time)
		SELECT 1, canonical, $1, kind, subject, party, tlp, audience, time FROM log_entries WHERE seq = 0`, make([]byte, 32)); err != nil {
		t.Fatal(err)
	}
	f, _ := New(a.db, a.hashes, nil, nil)
	if _, err := f.CatchUp(ctx); !errors.Is(err, ErrDiverged) {
		t.Fatalf("CatchUp error %v, want ErrDiverged", err)
	}
	if _, err := f.Begin(ctx); !errors.Is(err, ErrDiverged) {
		t.Fatalf("Begin error %v, want ErrDiverged", err)
	}
	if _, err := a.seq.Append(ctx, testEvent("b")); err == nil {
		t.Fatal("append after divergence succeeded")
	}
}
