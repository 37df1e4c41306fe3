package store

import (
	"context"

	"truce/internal/ledger"
)

// Replay calls fn with every committed entry from sequence number from on,
// decoded and checked (see [DB.CheckReadsAgainst]), in log order (it
// implements stream.Replayer). It stops at fn's first error, or at a row
// that fails its check (ErrTampered), and returns it.
func (d *DB) Replay(ctx context.Context, from int64, fn func(*ledger.Entry) error) error {
	// Pages of 512: no read transaction stays open while fn writes to a
	// slow client.
	const page = 512
	for {
		var batch []*ledger.Entry
		err := d.scanEntries(ctx, d.SQL, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT 512`, []any{from},
			func(se ledger.StoredEntry) error {
				batch = append(batch, se.Entry)
				return nil
			})
		if err != nil {
			return err
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(batch) < page {
			return nil
		}
		from = batch[len(batch)-1].Seq + 1
	}
}

// EntriesOfKind calls fn with every committed entry of kind from sequence
// number from on, decoded and checked, in log order (for rules that catch
// up on start, e.g. incidents for alerts). It stops at fn's first error or
// at a row that fails its check (ErrTampered).
func (d *DB) EntriesOfKind(ctx context.Context, kind string, from int64, fn func(*ledger.Entry) error) error {
	return d.scanEntries(ctx, d.SQL, `SELECT `+entryColumns+` FROM log_entries WHERE kind = $1 AND seq >= $2 ORDER BY seq`, []any{kind, from},
		func(se ledger.StoredEntry) error { return fn(se.Entry) })
}
