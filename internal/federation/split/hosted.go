package split

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/ledger"
	"truce/internal/store"
)

// Hosted is the hosted log, read and checked: every entry against its
// commitment, the tree against the last signed checkpoint, which covers
// every entry.
type Hosted struct {
	Origin      string
	VerifierKey string
	Entries     []*ledger.Entry
	Commitments []tlog.Hash
	Root        tlog.Hash
	// Checkpoint is the last signed checkpoint note, with its
	// cosignatures.
	Checkpoint []byte
	Parties    []accounts.Party
}

// readHosted checks that dir holds a stopped hosted node (not a party
// node) and reads its log from db (its SQLite file when db is empty). It
// returns the unlock of the node's data directory, which the caller holds
// until the split is done so that the node cannot start meanwhile.
func readHosted(ctx context.Context, dir, dbURL string) (*Hosted, func(), error) {
	if !app.DataDirExists(dir) {
		return nil, nil, fmt.Errorf("%s holds no node (no %s): give the data directory of the hosted node", dir, app.SignerKeyFile)
	}
	switch party, err := app.LoadParty(dir); {
	case err != nil:
		return nil, nil, err
	case party != "":
		return nil, nil, fmt.Errorf("%s is the party node of %s, not a hosted node: only a hosted centre is split", dir, party)
	}
	unlock, err := app.LockDataDir(dir)
	if err != nil {
		return nil, nil, err
	}
	h, err := loadHosted(ctx, dir, dbURL)
	if err != nil {
		unlock()
		return nil, nil, err
	}
	return h, unlock, nil
}

func loadHosted(ctx context.Context, dir, dbURL string) (*Hosted, error) {
	keys, err := app.LoadNodeKeys(dir)
	if err != nil {
		return nil, err
	}
	if dbURL == "" {
		path := filepath.Join(dir, app.DBFile)
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("the hosted node's database: %w (give --db for a node on PostgreSQL)", err)
		}
		dbURL = "sqlite://" + path
	}
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		return nil, fmt.Errorf("the hosted node's database: %w", err)
	}
	defer db.Close()
	h := &Hosted{Origin: keys.Origin(), VerifierKey: keys.VerifierKey}
	commitments, _, err := db.LoadTree(ctx)
	if err != nil {
		return nil, fmt.Errorf("the hosted log: %w", err)
	}
	h.Commitments = commitments
	err = db.EntryRange(ctx, 0, int64(len(commitments)), func(e *ledger.Entry, canonical []byte) error {
		if e.Seq != int64(len(h.Entries)) || ledger.Commitment(canonical) != commitments[e.Seq] {
			return fmt.Errorf("entry %d does not match its commitment", e.Seq)
		}
		h.Entries = append(h.Entries, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("the hosted log (run 'truce verify --deep' on it): %w", err)
	}
	if len(h.Entries) != len(commitments) {
		return nil, fmt.Errorf("the hosted log holds %d commitments but %d entries (run 'truce verify --deep' on it)", len(commitments), len(h.Entries))
	}
	if len(h.Entries) == 0 {
		return nil, errors.New("the hosted log is empty: there is nothing to split")
	}
	hs, err := ledger.RebuildHashStore(commitments)
	if err != nil {
		return nil, fmt.Errorf("the hosted log's tree: %w", err)
	}
	if h.Root, err = tlog.TreeHash(int64(len(commitments)), hs); err != nil {
		return nil, fmt.Errorf("the hosted log's tree: %w", err)
	}
	sc, err := db.LatestCheckpoint(ctx)
	if err != nil {
		return nil, fmt.Errorf("the hosted log's checkpoint: %w", err)
	}
	if sc == nil || sc.N != int64(len(commitments)) {
		signed := int64(0)
		if sc != nil {
			signed = sc.N
		}
		return nil, fmt.Errorf("the hosted log's last signed checkpoint covers %d of its %d entries: start the hosted node once and stop it (it signs its whole log when it stops), then split", signed, len(commitments))
	}
	if err := h.checkCheckpoint(sc); err != nil {
		return nil, err
	}
	h.Checkpoint = sc.Note()
	if h.Parties, err = db.Access().Parties(ctx); err != nil {
		return nil, fmt.Errorf("the hosted node's parties: %w", err)
	}
	return h, nil
}

// checkCheckpoint checks sc's signature by the hosted key, its origin and
// that its tree is the one recomputed from the entries.
func (h *Hosted) checkCheckpoint(sc *ledger.SignedCheckpoint) error {
	v, err := note.NewVerifier(h.VerifierKey)
	if err != nil {
		return fmt.Errorf("the hosted node's verifier key: %w", err)
	}
	if _, err := note.Open(sc.Signed, note.VerifierList(v)); err != nil {
		return fmt.Errorf("the hosted log's last checkpoint is not signed by its key: %w", err)
	}
	if sc.Origin != h.Origin || sc.Hash != h.Root {
		return fmt.Errorf("the hosted log's last checkpoint (origin %q, root %s) is not the tree of its entries (origin %q, root %s): run 'truce verify --deep' on it",
			sc.Origin, base64.StdEncoding.EncodeToString(sc.Hash[:]), h.Origin, base64.StdEncoding.EncodeToString(h.Root[:]))
	}
	return nil
}

// party returns the hosted node's party id, and false if it has none.
func (h *Hosted) party(id string) (accounts.Party, bool) {
	for _, p := range h.Parties {
		if p.ID == id {
			return p, true
		}
	}
	return accounts.Party{}, false
}
