package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/ledger"
)

// alteredLeaf is a tree whose leaf seq differs from the stored commitment,
// as if the row's bytes and commitment had both been rewritten after the
// tree was checked against its signed checkpoint.
type alteredLeaf struct {
	*ledger.HashStore
	seq int64
}

func (a alteredLeaf) Commitments(start, n int64) ([]tlog.Hash, error) {
	c, err := a.HashStore.Commitments(start, n)
	if err != nil {
		return nil, err
	}
	c = append([]tlog.Hash(nil), c...)
	for i := range c {
		if start+int64(i) == a.seq {
			c[i][0] ^= 1
		}
	}
	return c, nil
}

// dropAppendOnly drops the trigger that refuses updates of log_entries, as
// someone with write access to the database could.
func dropAppendOnly(t *testing.T, db *DB) {
	t.Helper()
	q := `DROP TRIGGER log_entries_no_update`
	if db.Engine == Postgres {
		q += ` ON log_entries`
	}
	if _, err := db.SQL.Exec(q); err != nil {
		t.Fatal(err)
	}
}

// TestEntryReadsRefuseAlteredRows alters one entry row in each way it can
// be altered (its bytes, its commitment together with its bytes, each
// column copied from the entry) and checks, on every engine, that every
// read that would return it fails with a TamperError naming the row and
// reports it to the hook, while the rows around it are still served.
func TestEntryReadsRefuseAlteredRows(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, set     string
		kind, subject string // what the altered row is found by
		leaf          bool   // alter the tree's leaf instead of the row
	}{
		{"canonical bytes", `canonical = (SELECT canonical FROM log_entries WHERE seq = 2)`, "test.event", "e1", false},
		{"bytes and commitment", `canonical = (SELECT canonical FROM log_entries WHERE seq = 2), commitment = (SELECT commitment FROM log_entries WHERE seq = 2)`, "test.event", "e1", false},
		{"tree leaf", ``, "test.event", "e1", true},
		{"tlp", `tlp = 'CLEAR'`, "test.event", "e1", false},
		{"audience", `audience = ',us,ru,un,'`, "test.event", "e1", false},
		{"kind", `kind = 'test.other'`, "test.other", "e1", false},
		{"subject", `subject = 'e0'`, "test.event", "e0", false},
		{"party", `party = 'ru'`, "test.event", "e1", false},
		{"time", `time = '2020-01-01T00:00:00Z'`, "test.event", "e1", false},
		{"seq", `seq = 7`, "test.event", "e1", false},
	}
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				db := open(t)
				hs, seq := openSequencer(t, db)
				for i := range 3 {
					if _, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "tester", Kind: "test.event",
						Subject: fmt.Sprintf("e%d", i), Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}},
						Payload: map[string]int{"i": i}}}); err != nil {
						t.Fatal(err)
					}
				}
				altered := int64(1)
				var leaves Leaves = hs
				if tc.leaf {
					leaves = alteredLeaf{hs, altered}
				} else {
					dropAppendOnly(t, db)
					if _, err := db.SQL.Exec(`UPDATE log_entries SET ` + tc.set + ` WHERE seq = 1`); err != nil {
						t.Fatal(err)
					}
					if tc.name == "seq" {
						altered = 7
					}
				}
				var hooked []int64
				db.CheckReadsAgainst(leaves, func(te *TamperError) { hooked = append(hooked, te.Seq) })
				if se, err := db.Entry(ctx, 0); err != nil || se.Entry.Subject != "e0" {
					t.Fatalf("Entry(0) next to the altered row = %v, %v", se, err)
				}
				reads := []struct {
					name string
					read func() error
				}{
					{"Entry", func() error { _, err := db.Entry(ctx, altered); return err }},
					{"EntriesBySubject", func() error { _, err := db.EntriesBySubject(ctx, tc.subject); return err }},
					{"ScanEntries", func() error { return db.ScanEntries(ctx, 0, func(ledger.StoredEntry) error { return nil }) }},
					{"Replay", func() error { return db.Replay(ctx, 0, func(*ledger.Entry) error { return nil }) }},
					{"EntriesOfKind", func() error {
						return db.EntriesOfKind(ctx, tc.kind, 0, func(*ledger.Entry) error { return nil })
					}},
				}
				for _, r := range reads {
					err := r.read()
					var te *TamperError
					if !errors.Is(err, ErrTampered) || !errors.As(err, &te) || te.Seq != altered {
						t.Errorf("%s over the altered row: err = %v, want a TamperError for entry %d", r.name, err, altered)
					}
				}
				if len(hooked) != len(reads) {
					t.Errorf("tamper hook called for %v, want once per read", hooked)
				}
			})
		}
	})
}
