package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"truce/internal/app"
	"truce/internal/fault"
	"truce/internal/federation/mirror"
	"truce/internal/store"
)

// openNodeStore opens the store of the node in data, or the database at
// dbURL if it is set.
func openNodeStore(ctx context.Context, data, dbURL string) (*store.DB, error) {
	if dbURL != "" {
		return store.Open(ctx, dbURL)
	}
	if !app.DataDirExists(data) {
		_, err := app.LoadNodeKeys(data) // for its helpful message
		return nil, err
	}
	return store.OpenSQLite(ctx, filepath.Join(data, app.DBFile))
}

func runFederationEvidence(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation evidence", "--data DIR --id ID [--db URL]", `
Prints a piece of evidence this node's mirrors kept against a peer (JSON,
as GET /federation/v1/evidence/ID serves it to members, with the content
bytes of bad-content evidence), for 'truce verify --evidence FILE'. It only
reads: the node may be running.`)
	data := fs.String("data", "truce-data", "data `directory` of the party node")
	dbURL := fs.String("db", "", "database `URL` of the node if it is not truce.db in --data")
	id := fs.String("id", "", "the evidence `id` (ev_…), as the alert and GET /api/v1/federation name it")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *id == "" {
		return usagef("--id is required")
	}
	db, err := openNodeStore(ctx, *data, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ev, err := db.Mirrors().Evidence(ctx, *id)
	if errors.Is(err, fault.ErrNotFound) {
		return usagef("no evidence %q in this node", *id)
	}
	if err != nil {
		return err
	}
	return printJSON(env.Stdout, ev)
}

func runFederationClear(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation clear", "--data DIR --peer PARTY --evidence ID [--db URL]", `
Clears evidence ID against PARTY's node after an operator has reviewed it:
mirroring from that peer resumes from the last checkpoint accepted from it
when the node starts again (unless other evidence about it is still open).
The evidence itself is kept. The node must be stopped.`)
	data := fs.String("data", "truce-data", "data `directory` of the party node")
	dbURL := fs.String("db", "", "database `URL` of the node if it is not truce.db in --data")
	peer := fs.String("peer", "", "the `party` whose node the evidence is about")
	id := fs.String("evidence", "", "the evidence `id` (ev_…)")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *peer == "" || *id == "" {
		return usagef("--peer and --evidence are required")
	}
	unlock, err := app.LockDataDir(*data)
	if err != nil {
		return fmt.Errorf("%w (stop the node before clearing evidence)", err)
	}
	defer unlock()
	db, err := openNodeStore(ctx, *data, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	return clearEvidence(ctx, env, db.Mirrors(), *peer, *id)
}

// clearEvidence clears evidence id if it is about peer's node.
func clearEvidence(ctx context.Context, env *Env, ms mirror.Store, peer, id string) error {
	ev, err := ms.Evidence(ctx, id)
	if errors.Is(err, fault.ErrNotFound) {
		return usagef("no evidence %q in this node", id)
	}
	if err != nil {
		return err
	}
	if ev.Party != peer {
		return usagef("evidence %s is about %s's node, not %s's", id, ev.Party, peer)
	}
	if !ev.Cleared.IsZero() {
		fmt.Fprintf(env.Stdout, "Evidence %s (%s against %s) was already cleared at %s.\n", id, ev.Kind, peer, ev.Cleared.Format(time.RFC3339))
		return nil
	}
	if err := ms.ClearEvidence(ctx, id, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Cleared evidence %s (%s against %s); the evidence is kept. Mirroring from %s resumes when the node starts, unless other evidence about it is open.\n", id, ev.Kind, peer, peer)
	return nil
}
