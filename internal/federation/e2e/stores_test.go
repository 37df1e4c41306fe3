package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"truce/internal/ledger"
	"truce/internal/store"
)

// openStore opens n's store (its process stopped); the caller closes it.
func openStore(t *testing.T, n *node) *store.DB {
	t.Helper()
	var db *store.DB
	var err error
	if n.dsn != "" {
		db, err = store.Open(context.Background(), n.dsn)
	} else {
		db, err = store.OpenSQLite(context.Background(), filepath.Join(n.data, "truce.db"))
	}
	if err != nil {
		t.Fatalf("%s: open store: %v", n.party, err)
	}
	return db
}

// mirrored is one row of a node's mirror of a peer.
type mirrored struct {
	commitment, content []byte
}

// checkStores checks, for every node and every peer, that the node's
// mirror holds exactly the peer's commitments in order, once each, and
// the content of exactly the entries releasable to the parties the node
// serves (its own, and for un's node the ngo it hosts).
func checkStores(t *testing.T, nodes []*node) {
	t.Helper()
	ctx := context.Background()
	dbs := map[string]*store.DB{}
	origins := map[string]string{}
	for _, n := range nodes {
		db := openStore(t, n)
		defer db.Close()
		dbs[n.party] = db
		origins[n.party] = "e2e.truce.test/" + n.party
	}
	for _, n := range nodes {
		for _, p := range nodes {
			if p == n {
				continue
			}
			rows, err := dbs[n.party].SQL.QueryContext(ctx,
				`SELECT seq, commitment, content FROM local_mirror_entries WHERE origin = $1 ORDER BY seq`, origins[p.party])
			if err != nil {
				t.Fatal(err)
			}
			var got []mirrored
			for rows.Next() {
				var seq int64
				var m mirrored
				if err := rows.Scan(&seq, &m.commitment, &m.content); err != nil {
					t.Fatal(err)
				}
				if seq != int64(len(got)) {
					t.Fatalf("%s's mirror of %s: seq %d at position %d", n.party, p.party, seq, len(got))
				}
				got = append(got, m)
			}
			rows.Close()
			if len(got) == 0 {
				t.Fatalf("%s mirrored nothing of %s", n.party, p.party)
			}
			var i int
			err = dbs[p.party].EntryRange(ctx, 0, int64(len(got)), func(e *ledger.Entry, canonical []byte) error {
				sum := sha256.Sum256(canonical)
				m := got[i]
				if !bytes.Equal(m.commitment, sum[:]) {
					t.Errorf("%s's mirror of %s: commitment %d differs from the peer's log", n.party, p.party, i)
				}
				releasable := e.Release.ReleasableToParty(n.party) || n.party == "un" && e.Release.ReleasableToParty("ngo") // un hosts ngo
				switch {
				case releasable && !bytes.Equal(m.content, canonical):
					t.Errorf("%s's mirror of %s: entry %d releasable to a party %s's node serves but its content is missing or differs", n.party, p.party, i, n.party)
				case !releasable && m.content != nil:
					t.Errorf("%s's mirror of %s: holds the content of entry %d (%s), releasable to no party %s's node serves", n.party, p.party, i, e.Release.TLP, n.party)
				}
				i++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if i != len(got) {
				t.Fatalf("%s's mirror of %s holds %d commitments, the peer's log %d", n.party, p.party, len(got), i)
			}
		}
	}
}

// checkNoSecret fails if any file of n's data directory holds secret.
func checkNoSecret(t *testing.T, n *node) {
	t.Helper()
	err := filepath.WalkDir(n.data, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s's node holds the us+ru entry's content in %s", n.party, filepath.Base(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
