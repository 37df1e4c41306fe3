package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"truce/internal/incidents"
	"truce/internal/incidents/window"
)

// Loading the in-memory incident index, and its life cycle (see
// incidents_index_sync.go for how it then follows the log).

// IncidentIndexStats describes the in-memory incident index.
type IncidentIndexStats struct {
	// Ready is false until the index has been loaded.
	Ready bool
	// Incidents is the number of incidents held.
	Incidents int
	// Cells is the number of non-empty grid cells; Wide the incidents
	// spanning too many cells to be filed in each.
	Cells, Wide int
	// Head is the size of the log (its last sequence number plus one)
	// that the index reflects.
	Head int64
	// Snapshot is true if the index was read from its snapshot (and
	// brought up to date) rather than built from the incidents table.
	Snapshot bool
}

// IncidentIndexStats returns the state of d's in-memory incident index.
func (d *DB) IncidentIndexStats() IncidentIndexStats {
	ix := &d.incidentIdx
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.grid == nil || ix.pending {
		return IncidentIndexStats{}
	}
	return IncidentIndexStats{Ready: true, Incidents: ix.grid.Len(), Cells: ix.grid.Cells(), Wide: ix.grid.Wide(), Head: ix.head,
		Snapshot: ix.fromSnapshot}
}

// LoadIncidentIndex builds d's in-memory incident index from the incidents
// table now, replacing any index held, and returns when it is ready. It
// returns an error (and keeps the previous index, if any) if the table
// cannot be read.
func (d *DB) LoadIncidentIndex(ctx context.Context) error {
	ix := &d.incidentIdx
	ix.sync.Lock()
	defer ix.sync.Unlock()
	return ix.load(ctx, d)
}

// load replaces the index by one read from the tables; the caller holds
// ix.sync.
func (ix *incidentIndex) load(ctx context.Context, d *DB) error {
	start := time.Now()
	// The mirror timeline's size first, as readGrid reads the log's head
	// first: what is applied after it is read again by bringUp.
	mirror, err := mirrorHead(ctx, d)
	if err != nil {
		return err
	}
	g, head, err := readGrid(ctx, d)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	ix.grid, ix.head, ix.mirror, ix.fromSnapshot = g, head, mirror, false
	ix.mu.Unlock()
	slog.DebugContext(ctx, "incident index loaded", "incidents", g.Len(), "cells", g.Cells(), "took", time.Since(start))
	return nil
}

// readGrid reads the log's head, then every listing row into a new grid.
// Reading the head first means no change can be missed: one committed
// between the two reads is read again by the next catch-up.
func readGrid(ctx context.Context, d *DB) (*window.Grid, int64, error) {
	head, err := d.incidentIdx.logHead(ctx, d)
	if err != nil {
		return nil, 0, err
	}
	var n int
	if err := d.SQL.QueryRowContext(ctx, `SELECT count(*) FROM incidents`).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("store: load incident index: %w", err)
	}
	g := window.New(n + n/16)
	rows, err := d.SQL.QueryContext(ctx, `SELECT `+incidentCols+`, i.min_lon, i.min_lat, i.max_lon, i.max_lat FROM incidents i`)
	if err != nil {
		return nil, 0, fmt.Errorf("store: load incident index: %w", err)
	}
	defer rows.Close()
	if err := putRows(g, rows); err != nil {
		return nil, 0, fmt.Errorf("store: load incident index: %w", err)
	}
	return g, head, nil
}

// withBBox adds the four bbox columns after those scanListed reads.
type withBBox struct {
	sc   interface{ Scan(...any) error }
	bbox [4]float64
}

func (w *withBBox) Scan(dest ...any) error {
	return w.sc.Scan(append(dest, &w.bbox[0], &w.bbox[1], &w.bbox[2], &w.bbox[3])...)
}

// putRows puts every row of rows (incidentCols and the bbox) into g.
func putRows(g *window.Grid, rows *sql.Rows) error {
	sc := &withBBox{sc: rows}
	for rows.Next() {
		var in incidents.Incident
		if err := scanListed(sc, &in); err != nil {
			return err
		}
		g.Put(&in, sc.bbox[0], sc.bbox[1], sc.bbox[2], sc.bbox[3])
	}
	return rows.Err()
}

// headQuery reads the last sequence number of the log.
const headQuery = `SELECT max(seq) FROM log_entries`

// logHead returns the size of the log: one more than the sequence number
// of its last entry (0 if none). It runs a statement prepared once.
func (ix *incidentIndex) logHead(ctx context.Context, d *DB) (int64, error) {
	ix.state.Lock()
	st := ix.headStmt
	if st == nil && !ix.closed {
		var err error
		if st, err = d.SQL.PrepareContext(ctx, headQuery); err != nil {
			ix.state.Unlock()
			return 0, fmt.Errorf("store: incident index: log head: %w", err)
		}
		ix.headStmt = st
	}
	ix.state.Unlock()
	var last sql.NullInt64
	var err error
	if st != nil {
		err = st.QueryRowContext(ctx).Scan(&last)
	} else {
		err = d.SQL.QueryRowContext(ctx, headQuery).Scan(&last)
	}
	if err != nil {
		return 0, fmt.Errorf("store: incident index: log head: %w", err)
	}
	if !last.Valid {
		return 0, nil
	}
	return last.Int64 + 1, nil
}

// StartIncidentIndex starts loading d's in-memory incident index in the
// background and returns at once; window queries take the SQL path until
// it is ready, and Close stops a load under way. Without it, the first
// window query starts the load.
func (d *DB) StartIncidentIndex() { d.incidentIdx.startLoad(d) }

// startLoad starts loading the index in the background, unless a load
// runs or d is closing.
func (ix *incidentIndex) startLoad(d *DB) {
	ix.state.Lock()
	defer ix.state.Unlock()
	if ix.loading || ix.closed {
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	ix.loading, ix.stop, ix.done = true, stop, done
	go func() {
		defer close(done)
		defer func() {
			ix.state.Lock()
			ix.loading = false
			ix.state.Unlock()
		}()
		ix.sync.Lock()
		defer ix.sync.Unlock()
		ix.mu.RLock()
		ready := ix.grid != nil
		ix.mu.RUnlock()
		if ready {
			return // LoadIncidentIndex came first
		}
		path := ix.snapshotPath()
		if path != "" {
			removeSnapshotTemps(ctx, ix.logger(), path)
			err := ix.loadSnapshot(ctx, d, path)
			switch {
			case err == nil:
				return
			case errors.Is(err, fs.ErrNotExist):
				ix.logger().InfoContext(ctx, "no incident index snapshot; building the index from the incidents table", "path", path)
			case !errors.Is(err, context.Canceled):
				ix.logger().WarnContext(ctx, "incident index snapshot ignored; building the index from the incidents table", "path", path, "err", err)
			}
		}
		if err := ix.load(ctx, d); err != nil {
			if !errors.Is(err, context.Canceled) {
				ix.logger().WarnContext(ctx, "incident index not loaded; window queries use SQL", "err", err)
			}
			return
		}
		if path != "" {
			if err := ix.writeSnapshot(ctx, d, path, false); err != nil && !errors.Is(err, context.Canceled) {
				ix.logger().WarnContext(ctx, "incident index snapshot not written", "path", path, "err", err)
			}
		}
	}()
}

// close stops a background load and waits for it, then writes the
// snapshot (if d keeps one and the index changed since it was last read or
// written); later queries use SQL.
func (ix *incidentIndex) close(d *DB) {
	ix.state.Lock()
	ix.closed = true
	stop, done, st, path := ix.stop, ix.done, ix.headStmt, ix.snapPath
	ix.headStmt = nil
	ix.state.Unlock()
	if stop != nil {
		stop()
		<-done
	}
	ix.mu.RLock()
	loaded := ix.grid != nil
	ix.mu.RUnlock()
	if path != "" && loaded {
		ctx := context.Background()
		ix.sync.Lock()
		if err := ix.writeSnapshot(ctx, d, path, false); err != nil {
			ix.logger().WarnContext(ctx, "incident index snapshot not written at close", "path", path, "err", err)
		}
		ix.sync.Unlock()
	}
	if st != nil {
		st.Close()
	}
}
