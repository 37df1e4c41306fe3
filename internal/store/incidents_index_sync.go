package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"truce/internal/incidents"
	"truce/internal/incidents/window"
)

// How the in-memory incident index (package window) is loaded from and
// follows the tables.
//
// The index is built from the incidents table, on both engines, in the
// background when StartIncidentIndex is called (app.Open does) or the first
// window query arrives (queries take the SQL path until it is ready), or at
// once by LoadIncidentIndex. It then
// follows the log, not the projectors: before answering, a query reads the
// log's head (max(seq) of log_entries, one primary-key lookup); if entries
// were committed since the index last looked, the incidents they name
// (kinds incident.reported, .assessed, .reopened, .duplicate_marked) are
// read again from incidents and replaced in the index. So the index MUST
// NOT and cannot show a change before its batch commits (it reads only
// committed rows), and every query sees every change committed before it
// started, whichever process committed it: this process's sequencer, a
// PostgreSQL Follower's catch-up or another process sharing the log. Rows
// written without a log entry (Rebuild's target, test fixtures) are seen
// by the first load only: load the index after such writes.

// indexChangingKinds are the entry kinds whose projection changes an
// incident's listing row.
var indexChangingKinds = []string{incidents.KindReported, incidents.KindAssessed, incidents.KindReopened, incidents.KindDuplicateMarked}

// indexReloadAll is the most changed incidents read one by one; beyond it
// the whole index is rebuilt.
const indexReloadAll = 50_000

// incidentIndex is the index of one DB and its state. Its zero value is an
// index not yet loaded.
type incidentIndex struct {
	mu   sync.RWMutex // guards grid and head
	grid *window.Grid // nil until loaded
	head int64        // the log's size (logHead) when grid was last brought up to date
	// mirror is the mirror timeline's size (mirrorHead) that grid
	// reflects for certain: set by a full load and by bringUp, not by
	// refreshIncidents (a mirror chunk may commit before its refresh).
	mirror int64
	// fromSnapshot is true if grid was read from the snapshot; pending
	// while that grid is being checked and brought up to date, when no
	// query may read it yet.
	fromSnapshot, pending bool

	sync sync.Mutex // held while loading or catching up

	state   sync.Mutex // guards the fields below
	loading bool       // a background load runs
	closed  bool       // d is closing: no more loads
	stop    context.CancelFunc
	done    chan struct{} // closed when the background load ends
	// headStmt is headQuery, prepared on first use.
	headStmt *sql.Stmt
	// snapPath is the snapshot's file, or "" (incidents_index_snapshot.go),
	// and snapLog where what happens to it is logged.
	snapPath string
	snapLog  *slog.Logger

	// snapAt is the (head, mirror) of the snapshot last read or written,
	// so that an unchanged index is not written again; guarded by sync.
	snapAt [2]int64
}

// catchUp brings the index up to the log's head: it reads the incidents
// named by entries from seq ix.head on again. It returns false if the index
// is not loaded or another catch-up runs (the caller then asks SQL). Beyond
// indexReloadAll changed incidents it reloads the whole index, and the
// query that found them waits for that.
func (ix *incidentIndex) catchUp(ctx context.Context, d *DB) (bool, error) {
	ix.mu.RLock()
	ready, have := ix.grid != nil && !ix.pending, ix.head
	ix.mu.RUnlock()
	if !ready {
		ix.startLoad(d)
		return false, nil
	}
	// Shared with the read cache's concurrent reads (headShare): still a
	// lookup that started after this query did.
	head, err := d.reads.heads.get(ctx, func(ctx context.Context) (int64, error) { return ix.logHead(ctx, d) })
	if err != nil || head <= have {
		return err == nil, err
	}
	// One catch-up at a time; a query arriving meanwhile asks SQL, which
	// has every commit, rather than wait.
	if !ix.sync.TryLock() {
		return false, nil
	}
	defer ix.sync.Unlock()
	ix.mu.RLock()
	have = ix.head
	ix.mu.RUnlock()
	if head <= have {
		return true, nil // another query caught up meanwhile
	}
	ids, err := changedIncidents(ctx, d, have, head)
	if err != nil {
		return false, err
	}
	if len(ids) > indexReloadAll {
		return true, ix.load(ctx, d)
	}
	g := window.New(len(ids)) // scratch: rows read before taking the write lock
	if err := readIncidents(ctx, d, ids, g); err != nil {
		return false, err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.grid.PutAll(g)
	ix.head = head
	return true, nil
}

// bringUp brings a loaded grid up to the log's head and the mirror
// timeline's end: it reads again the incidents named by own entries from
// ix.head on and by mirrored entries from ix.mirror on. The caller holds
// ix.sync. full is true, and nothing changed, when the grid is not loaded
// or more than indexReloadAll incidents changed: then build it again.
func (ix *incidentIndex) bringUp(ctx context.Context, d *DB) (full bool, err error) {
	ix.mu.RLock()
	ready, have, haveMirror := ix.grid != nil, ix.head, ix.mirror
	ix.mu.RUnlock()
	if !ready {
		return true, nil
	}
	head, err := ix.logHead(ctx, d)
	if err != nil {
		return false, err
	}
	mirror, err := mirrorHead(ctx, d)
	if err != nil {
		return false, err
	}
	var ids []string
	if head > have {
		if ids, err = changedIncidents(ctx, d, have, head); err != nil {
			return false, err
		}
	}
	if mirror > haveMirror {
		mirrored, err := mirroredIncidents(ctx, d, haveMirror, mirror)
		if err != nil {
			return false, err
		}
		ids = append(ids, mirrored...)
	}
	if len(ids) > indexReloadAll {
		return true, nil
	}
	g := window.New(len(ids)) // scratch: rows read before taking the write lock
	if err := readIncidents(ctx, d, ids, g); err != nil {
		return false, err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.grid.PutAll(g)
	ix.head, ix.mirror = max(ix.head, head), max(ix.mirror, mirror)
	return false, nil
}

// mirroredIncidents returns the ids of the incidents that are the subject
// of a mirrored entry applied at a position in [from, upTo) of the local
// mirror timeline.
func mirroredIncidents(ctx context.Context, d *DB, from, upTo int64) ([]string, error) {
	rows, err := d.SQL.QueryContext(ctx, `SELECT DISTINCT subject FROM local_mirror_applied WHERE pos >= $1 AND pos < $2`, from, upTo)
	if err != nil {
		return nil, fmt.Errorf("store: incident index: mirrored changes: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var subject string
		if err := rows.Scan(&subject); err != nil {
			return nil, fmt.Errorf("store: incident index: mirrored changes: %w", err)
		}
		if id, ok := incidents.ParseSubject(subject); ok {
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}

// changedIncidents returns the ids of the incidents whose listing rows the
// entries in [from, upTo) changed.
func changedIncidents(ctx context.Context, d *DB, from, upTo int64) ([]string, error) {
	return incidentsChangedBy(ctx, d, from, upTo, indexChangingKinds)
}

// incidentsChangedBy returns the ids of the incidents that are the subject
// of an entry in [from, upTo) of one of kinds (at least one).
func incidentsChangedBy(ctx context.Context, d *DB, from, upTo int64, kinds []string) ([]string, error) {
	args := []any{from, upTo}
	for _, k := range kinds {
		args = append(args, k)
	}
	rows, err := d.SQL.QueryContext(ctx, `SELECT DISTINCT subject FROM log_entries WHERE seq >= $1 AND seq < $2 AND kind IN (`+
		placeholdersFrom(3, len(kinds))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: incident index: changes: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var subject string
		if err := rows.Scan(&subject); err != nil {
			return nil, fmt.Errorf("store: incident index: changes: %w", err)
		}
		if id, ok := incidents.ParseSubject(subject); ok {
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}

// readIncidents puts the listing rows of ids into g.
func readIncidents(ctx context.Context, d *DB, ids []string, g *window.Grid) error {
	const chunk = 500
	for off := 0; off < len(ids); off += chunk {
		part := ids[off:min(off+chunk, len(ids))]
		args := make([]any, len(part))
		for k, id := range part {
			args[k] = id
		}
		rows, err := d.SQL.QueryContext(ctx, `SELECT `+incidentCols+`, i.min_lon, i.min_lat, i.max_lon, i.max_lat
			FROM incidents i WHERE i.id IN (`+listOf(d.Engine, len(part))+`)`, args...)
		if err != nil {
			return fmt.Errorf("store: incident index: read changes: %w", err)
		}
		err = putRows(g, rows)
		rows.Close()
		if err != nil {
			return fmt.Errorf("store: incident index: read changes: %w", err)
		}
	}
	return nil
}

// searchIndexed answers f from the index when it can: ok is false when f
// is not a window query, the index is not loaded yet or the window is too
// wide, and the caller then runs the SQL query.
func (d *DB) searchIndexed(ctx context.Context, f *incidents.Filter, viewer string) (out []incidents.Incident, ok bool, err error) {
	if !window.Indexable(f) {
		return nil, false, nil
	}
	ix := &d.incidentIdx
	if ready, err := ix.catchUp(ctx, d); !ready || err != nil {
		return nil, false, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	q, possible := ix.grid.Compile(f, viewer)
	if !possible {
		return []incidents.Incident{}, true, nil // a value no row has, or nothing visible
	}
	out, ok = ix.grid.Search(q)
	return out, ok, nil
}

// newestMaxScan is the most rows listNewest tests before it leaves a
// page to SQL (a filter that few rows match).
const newestMaxScan = 20_000

// listNewest answers a listing without text or zone from the index's
// newest-first order (window.Grid.Newest), as brief listing rows: ok is
// false when the index is not loaded or declines, and the caller then asks
// SQL. The first such listing builds the order, under the index's write
// lock.
func (d *DB) listNewest(ctx context.Context, f *incidents.Filter, viewer string) (out []incidents.Incident, ok bool, err error) {
	if strings.TrimSpace(f.Text) != "" || f.Zone != "" || f.Limit <= 0 {
		return nil, false, nil
	}
	ix := &d.incidentIdx
	if ready, err := ix.catchUp(ctx, d); !ready || err != nil {
		return nil, false, err
	}
	ix.mu.RLock()
	if !ix.grid.OrderBuilt() {
		ix.mu.RUnlock()
		ix.mu.Lock()
		if !ix.grid.OrderBuilt() {
			ix.grid.BuildOrder()
		}
		ix.mu.Unlock()
		ix.mu.RLock()
	}
	defer ix.mu.RUnlock()
	g := *f
	g.Brief = true
	q, possible := ix.grid.Compile(&g, viewer)
	if !possible {
		return []incidents.Incident{}, true, nil
	}
	out, ok = ix.grid.Newest(q, newestMaxScan)
	return out, ok, nil
}
