package mirror_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
)

// memSource serves responses fetched once from a real peer, so that a
// benchmark measures the mirror and not the peer.
type memSource struct {
	note        []byte
	commitments []tlog.Hash
	entries     map[int64][][]byte // by chunk start
}

func (s *memSource) Checkpoint(context.Context) ([]byte, error) { return s.note, nil }
func (s *memSource) Commitments(_ context.Context, start, end int64) ([]tlog.Hash, error) {
	return s.commitments[start:end], nil
}
func (s *memSource) Entries(_ context.Context, start, end int64) ([][]byte, error) {
	return s.entries[start], nil
}

// fetchAll reads f's whole log as self through the peer API.
func fetchAll(b *testing.B, f *fixture, self string, n int64) *memSource {
	b.Helper()
	ctx := context.Background()
	src := f.mirrorSource(b, self)
	s := &memSource{entries: map[int64][][]byte{}}
	var err error
	if s.note, err = src.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
	for start := int64(0); start < n; start += mirror.MaxRange {
		end := min(start+mirror.MaxRange, n)
		hs, err := src.Commitments(ctx, start, end)
		if err != nil {
			b.Fatal(err)
		}
		s.commitments = append(s.commitments, hs...)
		if s.entries[start], err = src.Entries(ctx, start, end); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkMirrorApply measures entries verified and applied per second
// (a whole catch-up of 20,000 entries into an empty SQLite store, 3 in 5
// releasable) beside applying the same chunks without any verification,
// and beside the same verified catch-up over loopback HTTP from the real
// peer API.
func BenchmarkMirrorApply(b *testing.B) {
	const n = 20_000
	f := newFixture(b)
	f.log.Append(b, n)
	mem := fetchAll(b, f, "ru", n)
	engine := fedtest.Engines()[0]
	run := func(b *testing.B, round func(b *testing.B, st mirror.Store)) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db := engine.Open(b)
			b.StartTimer()
			round(b, db.Mirrors())
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	}
	b.Run("verified", func(b *testing.B) {
		run(b, func(b *testing.B, st mirror.Store) {
			m, err := mirror.New(mirror.Config{Self: "ru", Peer: f.peer(), Source: mem, Store: st})
			if err != nil {
				b.Fatal(err)
			}
			if err := m.Sync(context.Background()); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("unverified", func(b *testing.B) {
		run(b, func(b *testing.B, st mirror.Store) {
			for start := int64(0); start < n; start += mirror.MaxRange {
				end := min(start+mirror.MaxRange, n)
				var cs []mirror.Content
				seq := start
				for _, raw := range mem.entries[start] {
					h := sha(raw) // only to find its seq; nothing is checked
					for mem.commitments[seq] != h {
						seq++
					}
					cs = append(cs, mirror.Content{Seq: seq, Canonical: raw})
				}
				c := mirror.Chunk{Origin: f.log.Origin, Start: start, Commitments: mem.commitments[start:end], Contents: cs,
					Checkpoint: mem.note, Size: n, Complete: end == n}
				if err := st.ApplyMirrorChunk(context.Background(), c); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("verified-http", func(b *testing.B) {
		run(b, func(b *testing.B, st mirror.Store) {
			m, err := mirror.New(mirror.Config{Self: "ru", Peer: f.peer(), Source: f.mirrorSource(b, "ru"), Store: st})
			if err != nil {
				b.Fatal(err)
			}
			if err := m.Sync(context.Background()); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// BenchmarkMirrorCatchUp measures the time a node takes to catch up a
// peer 100,000 entries ahead (TRUCE_BENCH_CATCHUP_N to change it), over
// loopback HTTP from the real peer API into SQLite. Run with
// -benchtime=1x.
func BenchmarkMirrorCatchUp(b *testing.B) {
	n := int64(100_000)
	if v, err := strconv.ParseInt(os.Getenv("TRUCE_BENCH_CATCHUP_N"), 10, 64); err == nil && v > 0 {
		n = v
	}
	f := newFixture(b)
	f.log.Append(b, int(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := fedtest.Engines()[0].Open(b)
		m, err := mirror.New(mirror.Config{Self: "ru", Peer: f.peer(), Source: f.mirrorSource(b, "ru"), Store: db.Mirrors()})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := m.Sync(context.Background()); err != nil {
			b.Fatal(err)
		}
		if s := m.Status(); s.AcceptedSize != n {
			b.Fatal(fmt.Sprintf("caught up to %d", s.AcceptedSize))
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/catch-up")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}
