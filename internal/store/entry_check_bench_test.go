package store

import (
	"context"
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// BenchmarkEntryRead measures the entry read path with its check (the
// canonical bytes hashed and compared with the commitment and the tree's
// leaf, the entry decoded, the copied columns compared) beside the read it
// replaced in the same run (the row's bytes and commitment selected and
// the entry decoded, nothing checked): one entry by seq, as GET
// /api/v1/log/entries/{seq} reads it, and a scan of 100, as a page of
// GET /api/v1/log/entries reads it. Entries carry a payload of about 1 KB.
//
//	go test -run XXX -bench EntryRead -benchtime 2s ./internal/store
func BenchmarkEntryRead(b *testing.B) {
	ctx := context.Background()
	for _, e := range testEngines() {
		db := e.open(b)
		hs, seq := openSequencer(b, db)
		const n = 10_000
		changes := make([]ledger.Change, 0, 1000)
		for i := range int64(n) {
			changes = append(changes, benchEntry(i))
			if len(changes) == cap(changes) {
				if _, err := seq.Append(ctx, changes...); err != nil {
					b.Fatal(err)
				}
				changes = changes[:0]
			}
		}
		db.CheckReadsAgainst(hs, nil)
		b.Run(e.name+"/one/unchecked", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				var canonical, c []byte
				var s int64
				if err := db.SQL.QueryRowContext(ctx, `SELECT seq, canonical, commitment FROM log_entries WHERE seq = $1`, int64(i%n)).Scan(&s, &canonical, &c); err != nil {
					b.Fatal(err)
				}
				if _, err := ledger.DecodeStored(canonical); err != nil || len(c) != tlog.HashSize {
					b.Fatal(err)
				}
			}
		})
		b.Run(e.name+"/one/checked", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, err := db.Entry(ctx, int64(i%n)); err != nil {
					b.Fatal(err)
				}
			}
		})
		const page = 100
		b.Run(fmt.Sprintf("%s/scan%d/unchecked", e.name, page), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				rows, err := db.SQL.QueryContext(ctx, `SELECT seq, canonical, commitment FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`, int64(i*page%n), page)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
					var canonical, c []byte
					var s int64
					if err := rows.Scan(&s, &canonical, &c); err != nil {
						b.Fatal(err)
					}
					if _, err := ledger.DecodeStored(canonical); err != nil {
						b.Fatal(err)
					}
				}
				rows.Close()
			}
		})
		b.Run(fmt.Sprintf("%s/scan%d/checked", e.name, page), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				k := 0
				err := db.scanEntries(ctx, db.SQL, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`, []any{int64(i * page % n), page},
					func(ledger.StoredEntry) error { k++; return nil })
				if err != nil || k != page {
					b.Fatal(k, err)
				}
			}
		})
	}
}

// BenchmarkEntryCheck isolates the CPU cost the check adds to each entry
// read, without the database: decoding a stored entry as the unchecked read
// did (DecodeStored) beside entryRow.verify (hash, leaf, decode, columns)
// on the same 1 KB entry, in the same run.
//
//	go test -run XXX -bench EntryCheck -count 5 ./internal/store
func BenchmarkEntryCheck(b *testing.B) {
	ctx := context.Background()
	db := testEngines()[0].open(b)
	hs, seq := openSequencer(b, db)
	if _, err := seq.Append(ctx, benchEntry(0)); err != nil {
		b.Fatal(err)
	}
	var r entryRow
	if err := r.scan(db.SQL.QueryRowContext(ctx, `SELECT `+entryColumns+` FROM log_entries WHERE seq = 0`)); err != nil {
		b.Fatal(err)
	}
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := ledger.DecodeStored(r.canonical); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.verify(hs, false); err != nil {
				b.Fatal(err)
			}
		}
	})
}
