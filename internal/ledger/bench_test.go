package ledger_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/ledger"

	_ "modernc.org/sqlite" // the baseline opens its own SQLite file
)

// benchChange returns a change with a payload of about 1 KB.
func benchChange(i int64) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: "un", Author: "un-monitor-07", Kind: "bench.appended",
		Subject: fmt.Sprintf("incident:%d", i),
		Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}},
		Payload: map[string]any{
			"kind":        "shelling",
			"description": strings.Repeat("Impacts reported on the northern outskirts near the water station. ", 13),
			"lat":         35.93125, "lon": 36.63393, "time": "2025-03-01T04:10:00Z", "time_precision": "minute",
			"casualties": map[string]int{"killed": 0, "injured": 3},
			"sources":    []map[string]string{{"name": "local council", "reliability": "B", "credibility": "2"}},
		}}}
}

// BenchmarkAppend measures appends of ~1 KB entries through the Sequencer
// (group commit) into SQLite with synchronous=FULL, for several numbers of
// concurrent writers, and the baseline of one transaction and one fsync
// per entry (MaxBatch=1).
func BenchmarkAppend(b *testing.B) {
	raw, _ := json.Marshal(benchChange(0).Payload)
	canon, _ := ledger.Canonicalize(raw)
	b.Logf("payload %d bytes", len(canon))
	for _, w := range []int{1, 8, 64, 256} {
		b.Run(fmt.Sprintf("writers=%d", w), func(b *testing.B) { benchAppend(b, w, 0) })
	}
	for _, w := range []int{1, 64} {
		b.Run(fmt.Sprintf("baseline=tx-per-entry/writers=%d", w), func(b *testing.B) { benchAppend(b, w, 1) })
	}
}

func benchAppend(b *testing.B, writers, maxBatch int) {
	var batches atomic.Int64
	l := openSQLiteLog(b, ledger.SequencerOptions{MaxBatch: maxBatch, OnCommit: func([]*ledger.Entry) { batches.Add(1) }})
	ctx := context.Background()
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				if _, err := l.seq.Append(ctx, benchChange(i)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "entries/s")
	b.ReportMetric(float64(b.N)/float64(max(batches.Load(), 1)), "entries/batch")
}

// proofTreeSize is the size of the tree of BenchmarkInclusionProof.
const proofTreeSize = 1_000_000

var proofTree struct {
	once   sync.Once
	hs     *ledger.HashStore
	hashes []tlog.Hash // every stored hash, for the SQLite baseline
	took   time.Duration
}

// buildProofTree builds, once per process, a HashStore of proofTreeSize
// pseudo-random commitments through Prepare and Publish.
func buildProofTree(b *testing.B) {
	proofTree.once.Do(func() {
		start := time.Now()
		hs, err := ledger.NewHashStore(nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		var buf [8]byte
		batch := make([]tlog.Hash, 0, 4096)
		for i := range proofTreeSize {
			binary.BigEndian.PutUint64(buf[:], uint64(i))
			batch = append(batch, sha256.Sum256(buf[:]))
			if len(batch) == cap(batch) || i == proofTreeSize-1 {
				p, err := hs.Prepare(batch)
				if err != nil {
					b.Fatal(err)
				}
				if err := hs.Publish(p); err != nil {
					b.Fatal(err)
				}
				batch = make([]tlog.Hash, 0, 4096)
			}
		}
		idx := make([]int64, tlog.StoredHashCount(proofTreeSize))
		for i := range idx {
			idx[i] = int64(i)
		}
		proofTree.hashes, err = hs.ReadHashes(idx)
		if err != nil {
			b.Fatal(err)
		}
		proofTree.hs = hs
		proofTree.took = time.Since(start)
	})
}

// sqlHashReader reads stored hashes from a log_hashes table with one
// prepared "SELECT … WHERE idx IN (…)" per call (one per proof): the
// baseline of a log that keeps its tree only in SQLite.
type sqlHashReader struct {
	db    *sql.DB
	stmts map[int]*sql.Stmt // by number of indexes
	reads int
}

func (r *sqlHashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	r.reads++
	st := r.stmts[len(indexes)]
	if st == nil {
		q := `SELECT idx, hash FROM log_hashes WHERE idx IN (?` + strings.Repeat(",?", len(indexes)-1) + `)`
		var err error
		if st, err = r.db.Prepare(q); err != nil {
			return nil, err
		}
		r.stmts[len(indexes)] = st
	}
	args := make([]any, len(indexes))
	for i, x := range indexes {
		args[i] = x
	}
	rows, err := st.Query(args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	got := make(map[int64]tlog.Hash, len(indexes))
	for rows.Next() {
		var idx int64
		var h []byte
		if err := rows.Scan(&idx, &h); err != nil {
			return nil, err
		}
		got[idx] = tlog.Hash(h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		h, ok := got[x]
		if !ok {
			return nil, fmt.Errorf("hash %d missing", x)
		}
		out[i] = h
	}
	return out, nil
}

// loadHashTable writes hashes into a log_hashes table (the store's schema)
// of a fresh SQLite file in one bulk transaction. Durability does not matter
// for this read baseline, so the file is written without a journal or fsync.
func loadHashTable(b *testing.B, hashes []tlog.Hash) *sql.DB {
	path := filepath.Join(b.TempDir(), "proofs.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-65536)")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE log_hashes (idx INTEGER PRIMARY KEY, hash BLOB NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	const chunk = 500
	ins, err := tx.Prepare(`INSERT INTO log_hashes (idx, hash) VALUES (?, ?)` + strings.Repeat(", (?, ?)", chunk-1))
	if err != nil {
		b.Fatal(err)
	}
	args := make([]any, 0, 2*chunk)
	for off := 0; off < len(hashes); off += chunk {
		part := hashes[off:min(off+chunk, len(hashes))]
		args = args[:0]
		for i := range part {
			args = append(args, int64(off+i), part[i][:])
		}
		if len(part) == chunk {
			_, err = ins.Exec(args...)
		} else {
			_, err = tx.Exec(`INSERT INTO log_hashes (idx, hash) VALUES (?, ?)`+strings.Repeat(", (?, ?)", len(part)-1), args...)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkInclusionProof measures record inclusion proofs at 1,000,000
// entries from the in-memory HashStore, and the baseline of reading the
// proof's hashes from SQLite.
func BenchmarkInclusionProof(b *testing.B) {
	buildProofTree(b)
	hs := proofTree.hs
	tree, err := hs.Tree()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("built a tree of %d entries (%d hashes) in memory in %s", tree.N, len(proofTree.hashes), proofTree.took.Round(time.Millisecond))
	prove := func(b *testing.B, r tlog.HashReader, rng *rand.Rand) {
		i := rng.Int64N(tree.N)
		if _, err := tlog.ProveRecord(tree.N, i, r); err != nil {
			b.Fatal(err)
		}
	}
	// Every reader gives proofs that verify.
	check := func(b *testing.B, r tlog.HashReader) {
		for _, i := range []int64{0, 12345, tree.N - 1} {
			p, err := tlog.ProveRecord(tree.N, i, r)
			if err != nil {
				b.Fatal(err)
			}
			c, _ := hs.Commitments(i, 1)
			if err := tlog.CheckRecord(p, tree.N, tree.Hash, i, ledger.LeafHash(c[0])); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("store=memory", func(b *testing.B) {
		check(b, hs)
		rng := rand.New(rand.NewPCG(1, 2))
		for b.Loop() {
			prove(b, hs, rng)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proofs/s")
	})
	b.Run("store=memory/parallel", func(b *testing.B) {
		var seed atomic.Uint64
		b.RunParallel(func(pb *testing.PB) {
			rng := rand.New(rand.NewPCG(seed.Add(1), 2))
			for pb.Next() {
				prove(b, hs, rng)
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proofs/s")
	})
	start := time.Now()
	db := loadHashTable(b, proofTree.hashes)
	b.Logf("loaded %d hashes into SQLite in %s", len(proofTree.hashes), time.Since(start).Round(time.Millisecond))
	b.Run("baseline=sqlite", func(b *testing.B) {
		r := &sqlHashReader{db: db, stmts: map[int]*sql.Stmt{}}
		check(b, r)
		r.reads = 0
		rng := rand.New(rand.NewPCG(1, 2))
		for b.Loop() {
			prove(b, r, rng)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proofs/s")
		b.ReportMetric(float64(r.reads)/float64(b.N), "queries/proof")
	})
}
