package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"truce/internal/atomicfile"
	"truce/internal/incidents/window"
)

// The snapshot of the in-memory incident index: a file (beside the
// database, where the app puts it) holding the encoded grid (package
// window's Encode) and the log position it reflects, so that a restart
// reads it back and brings it up to date from the entries after it instead
// of reading every row of the incidents table (a few hundred milliseconds
// at a million incidents instead of ten seconds or more).
//
// The snapshot is a cache: deleting it costs one full build at the next
// start, nothing else. It MUST NOT be trusted further than it is checked: a
// snapshot is used only if its checksum holds, it was written for this
// engine, the log has at least the entries it covers and the commitment of
// its last entry is the log's (so it comes from this database's log), the
// mirrored entries it covers are all applied here, and, once brought up to
// date, the index holds as many incidents as the table. Otherwise it is
// ignored (with a log line saying why) and the index is built from the
// table, then written again.
//
// File layout: snapshotMagic, then the length of the grid's encoding
// (uint64) and the CRC-32C of everything after the next field (uint32),
// then the metadata (uint32 length, then JSON), then the grid. The two
// numbers are written last, in place, so that the grid streams to disk
// without being held twice in memory; the file is written to a temporary
// name, synced and renamed (a crash leaves the previous snapshot or the
// new one, never part of one).

// snapshotMagic starts a snapshot file; it names the layout's version.
const snapshotMagic = "TRUCE-WINDEX-v1\n"

// snapshotHeader is the fixed start of the file: magic, grid length, CRC.
const snapshotHeader = len(snapshotMagic) + 8 + 4

// snapshotMeta is the position a snapshot reflects.
type snapshotMeta struct {
	Engine Engine `json:"engine"`
	// Head is the log's size the grid reflects (incidentIndex.head), and
	// Commitment the commitment of entry Head-1 (empty if Head is 0).
	Head       int64  `json:"head"`
	Commitment []byte `json:"commitment,omitempty"`
	// Mirror is the local mirror timeline's size the grid reflects
	// (incidentIndex.mirror).
	Mirror    int64  `json:"mirror"`
	Incidents int    `json:"incidents"`
	Written   string `json:"written"`
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// SetIncidentIndexSnapshot makes path the snapshot of d's incident index:
// StartIncidentIndex reads it (when it checks out) instead of building the
// index from the table, and writes it after such a build and when d
// closes, logging to log (nil: slog.Default()). Call it before
// StartIncidentIndex; "" (the default) keeps no snapshot.
func (d *DB) SetIncidentIndexSnapshot(path string, log *slog.Logger) {
	ix := &d.incidentIdx
	ix.state.Lock()
	defer ix.state.Unlock()
	ix.snapPath, ix.snapLog = path, log
}

// logger returns where the index logs what happens to its snapshot.
func (ix *incidentIndex) logger() *slog.Logger {
	ix.state.Lock()
	defer ix.state.Unlock()
	if ix.snapLog == nil {
		return slog.Default()
	}
	return ix.snapLog
}

// snapshotPath returns the snapshot's path, or "".
func (ix *incidentIndex) snapshotPath() string {
	ix.state.Lock()
	defer ix.state.Unlock()
	return ix.snapPath
}

// entryCommitment returns the commitment of log entry seq.
func entryCommitment(ctx context.Context, d *DB, seq int64) ([]byte, error) {
	var c []byte
	err := d.SQL.QueryRowContext(ctx, `SELECT commitment FROM log_entries WHERE seq = $1`, seq).Scan(&c)
	if err != nil {
		return nil, fmt.Errorf("store: incident index: commitment of entry %d: %w", seq, err)
	}
	return c, nil
}

// writeSnapshot brings the index up to the log and the mirror timeline and
// writes it to path. The caller holds ix.sync; readers go on meanwhile.
// Unless force, nothing is written when the file already reflects this
// position; nothing either when the index is not loaded or too far behind
// to be brought up to date (the next start builds it from the table). A
// cancelled ctx stops the write, leaving the previous file.
func (ix *incidentIndex) writeSnapshot(ctx context.Context, d *DB, path string, force bool) error {
	if full, err := ix.bringUp(ctx, d); err != nil || full {
		return err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.grid == nil {
		return nil
	}
	if !force && ix.snapAt == [2]int64{ix.head, ix.mirror} {
		return nil
	}
	meta := snapshotMeta{Engine: d.Engine, Head: ix.head, Mirror: ix.mirror, Incidents: ix.grid.Len(), Written: time.Now().UTC().Format(time.RFC3339)}
	if ix.head > 0 {
		c, err := entryCommitment(ctx, d, ix.head-1)
		if err != nil {
			return err
		}
		meta.Commitment = c
	}
	start := time.Now()
	size, err := writeSnapshotFile(ctx, path, &meta, ix.grid)
	if err != nil {
		return fmt.Errorf("store: incident index: write snapshot: %w", err)
	}
	ix.snapAt = [2]int64{ix.head, ix.mirror}
	ix.logger().InfoContext(ctx, "incident index snapshot written", "path", path, "incidents", meta.Incidents, "head", meta.Head,
		"bytes", size, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// writeSnapshotFile writes meta and g to a temporary file beside path,
// fills in the grid's length and the checksum, syncs it and renames it over
// path. It returns the file's size.
func writeSnapshotFile(ctx context.Context, path string, meta *snapshotMeta, g *window.Grid) (int64, error) {
	m, err := json.Marshal(meta)
	if err != nil {
		return 0, err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, snapshotTempPrefix(path)+"*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	defer tmp.Close()
	crc := crc32.New(castagnoli)
	counted := &countingWriter{ctx: ctx, w: io.MultiWriter(tmp, crc)}
	head := make([]byte, snapshotHeader)
	copy(head, snapshotMagic)
	if _, err := tmp.Write(head); err != nil {
		return 0, err
	}
	if _, err := counted.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(m)))); err != nil {
		return 0, err
	}
	if _, err := counted.Write(m); err != nil {
		return 0, err
	}
	before := counted.n
	if err := g.Encode(counted); err != nil {
		return 0, err
	}
	binary.LittleEndian.PutUint64(head[len(snapshotMagic):], uint64(counted.n-before))
	binary.LittleEndian.PutUint32(head[len(snapshotMagic)+8:], crc.Sum32())
	if _, err := tmp.WriteAt(head, 0); err != nil {
		return 0, err
	}
	if err := tmp.Chmod(0o600); err != nil {
		return 0, err
	}
	if err := tmp.Sync(); err != nil {
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, err
	}
	return int64(snapshotHeader) + counted.n, atomicfile.SyncDir(dir)
}

// snapshotTempPrefix is the name of path's temporary files, before their
// random part.
func snapshotTempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// countingWriter counts what it writes, and stops once ctx is done.
type countingWriter struct {
	ctx context.Context
	w   io.Writer
	n   int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// errSnapshotChecksum is why a damaged snapshot is not used.
var errSnapshotChecksum = errors.New("snapshot checksum does not match its content")

// errSnapshotStale is why a snapshot that checks out as a file is not used.
var errSnapshotStale = errors.New("snapshot does not match this database")

// loadSnapshot replaces the index by the snapshot at path, brought up to
// date. The caller holds ix.sync. It returns an error, and leaves the index
// as it was, if the snapshot is missing, damaged or does not match the
// database (see the top of this file).
func (ix *incidentIndex) loadSnapshot(ctx context.Context, d *DB, path string) error {
	start := time.Now()
	meta, g, err := readSnapshotFile(ctx, d, path)
	if err != nil {
		return err
	}
	read := time.Since(start)
	ix.mu.Lock()
	// Pending, so that no query reads it until it is checked.
	ix.grid, ix.head, ix.mirror, ix.fromSnapshot, ix.pending = g, meta.Head, meta.Mirror, true, true
	ix.mu.Unlock()
	full, err := ix.bringUp(ctx, d)
	if err == nil && full {
		err = fmt.Errorf("%w: too many changes since it was written", errSnapshotStale)
	}
	if err == nil {
		err = ix.checkCount(ctx, d)
	}
	if err != nil {
		ix.mu.Lock()
		ix.grid, ix.head, ix.mirror, ix.fromSnapshot, ix.pending = nil, 0, 0, false, false
		ix.mu.Unlock()
		return err
	}
	ix.snapAt = [2]int64{meta.Head, meta.Mirror}
	ix.mu.Lock()
	ix.pending = false
	ix.mu.Unlock()
	ix.mu.RLock()
	ix.logger().InfoContext(ctx, "incident index loaded from its snapshot", "path", path, "incidents", ix.grid.Len(),
		"snapshot_head", meta.Head, "head", ix.head, "read", read.Round(time.Millisecond), "took", time.Since(start).Round(time.Millisecond))
	ix.mu.RUnlock()
	return nil
}

// readSnapshotFile reads and checks the snapshot at path against d.
func readSnapshotFile(ctx context.Context, d *DB, path string) (*snapshotMeta, *window.Grid, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	head := make([]byte, snapshotHeader+4)
	if _, err := io.ReadFull(f, head); err != nil || string(head[:len(snapshotMagic)]) != snapshotMagic {
		return nil, nil, fmt.Errorf("not a snapshot of this version (or cut short): %v", err)
	}
	gridLen := binary.LittleEndian.Uint64(head[len(snapshotMagic):])
	sum := binary.LittleEndian.Uint32(head[len(snapshotMagic)+8:])
	metaLen := binary.LittleEndian.Uint32(head[snapshotHeader:])
	if want := uint64(snapshotHeader) + 4 + uint64(metaLen) + gridLen; uint64(st.Size()) != want {
		return nil, nil, fmt.Errorf("snapshot is %d bytes, its header says %d (cut short or damaged)", st.Size(), want)
	}
	crc := crc32.New(castagnoli)
	crc.Write(head[snapshotHeader:])
	m := make([]byte, metaLen)
	if _, err := io.ReadFull(f, m); err != nil {
		return nil, nil, err
	}
	crc.Write(m)
	var meta snapshotMeta
	if err := json.Unmarshal(m, &meta); err != nil {
		return nil, nil, fmt.Errorf("snapshot metadata: %w", err)
	}
	if err := meta.check(ctx, d); err != nil {
		return nil, nil, err
	}
	rest := io.TeeReader(io.LimitReader(f, int64(gridLen)), crc)
	g, err := window.Decode(rest, int64(gridLen))
	if err != nil {
		// Damage shows as a checksum that does not match, whatever the
		// decoder tripped on.
		if _, cerr := io.Copy(io.Discard, rest); cerr == nil && crc.Sum32() != sum {
			return nil, nil, errSnapshotChecksum
		}
		return nil, nil, err
	}
	if crc.Sum32() != sum {
		return nil, nil, errSnapshotChecksum
	}
	return &meta, g, nil
}

// check returns errSnapshotStale, wrapped, unless the database's log and
// mirror timeline hold what meta covers.
func (meta *snapshotMeta) check(ctx context.Context, d *DB) error {
	if meta.Engine != d.Engine {
		return fmt.Errorf("%w: written for %s", errSnapshotStale, meta.Engine)
	}
	head, err := d.incidentIdx.logHead(ctx, d)
	if err != nil {
		return err
	}
	if meta.Head > head {
		return fmt.Errorf("%w: it covers %d log entries, the log holds %d", errSnapshotStale, meta.Head, head)
	}
	if meta.Head > 0 {
		c, err := entryCommitment(ctx, d, meta.Head-1)
		if err != nil {
			return err
		}
		if !bytes.Equal(c, meta.Commitment) {
			return fmt.Errorf("%w: entry %d of the log is not the one it covers", errSnapshotStale, meta.Head-1)
		}
	}
	mirror, err := mirrorHead(ctx, d)
	if err != nil {
		return err
	}
	if meta.Mirror > mirror {
		return fmt.Errorf("%w: it covers %d mirrored entries, %d are applied", errSnapshotStale, meta.Mirror, mirror)
	}
	return nil
}

// checkCount compares the index's incidents with the table's, at one log
// head (retried while entries commit meanwhile): rows written without a
// log entry, or a snapshot of another database with the same log prefix,
// show as a difference. It returns errSnapshotStale, wrapped, on one.
func (ix *incidentIndex) checkCount(ctx context.Context, d *DB) error {
	for range 5 {
		var n int
		if err := d.SQL.QueryRowContext(ctx, `SELECT count(*) FROM incidents`).Scan(&n); err != nil {
			return fmt.Errorf("store: incident index: count: %w", err)
		}
		head, err := ix.logHead(ctx, d)
		if err != nil {
			return err
		}
		mirror, err := mirrorHead(ctx, d)
		if err != nil {
			return err
		}
		ix.mu.RLock()
		have, same := ix.grid.Len(), head == ix.head && mirror == ix.mirror
		ix.mu.RUnlock()
		if same {
			if have != n {
				return fmt.Errorf("%w: it holds %d incidents once brought up to date, the table %d", errSnapshotStale, have, n)
			}
			return nil
		}
		if _, err := ix.bringUp(ctx, d); err != nil {
			return err
		}
	}
	ix.logger().WarnContext(ctx, "incident index snapshot: incidents not counted, the log kept growing")
	return nil
}

// mirrorHead returns the size of the local mirror timeline: one more than
// the position of its last applied entry (0 if none).
func mirrorHead(ctx context.Context, d *DB) (int64, error) {
	var last sql.NullInt64
	if err := d.SQL.QueryRowContext(ctx, `SELECT max(pos) FROM local_mirror_applied`).Scan(&last); err != nil {
		return 0, fmt.Errorf("store: incident index: mirror head: %w", err)
	}
	if !last.Valid {
		return 0, nil
	}
	return last.Int64 + 1, nil
}

// removeSnapshotTemps removes what a write of the snapshot at path that
// did not finish (a crash, a kill) left behind.
func removeSnapshotTemps(ctx context.Context, log *slog.Logger, path string) {
	dir := filepath.Dir(path)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), snapshotTempPrefix(path)) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if err := os.Remove(p); err == nil {
			log.InfoContext(ctx, "incident index: removed an unfinished snapshot", "path", p)
		}
	}
}
