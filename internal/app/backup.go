package app

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"truce/internal/store"
)

// BackupManifest describes a backup; it is the archive's first member.
type BackupManifest struct {
	Format     int    `json:"format"`
	Origin     string `json:"origin"`
	Entries    int64  `json:"entries"`
	Checkpoint int64  `json:"checkpoint"` // size of the latest checkpoint in it
	Created    string `json:"created"`
}

const manifestName = "truce-backup.json"

// Backup writes a consistent snapshot of the node in dir to w as a
// gzip-compressed tar: the database (copied with SQLite's VACUUM INTO, a
// transactionally consistent copy taken while the node keeps running), the
// node's keys (with the retired ones and a pending rotation's, so that a
// node restored mid-rotation completes it) and its evidence files. progress, if set, is told each step.
func Backup(ctx context.Context, dir string, w io.Writer, progress func(string)) (*BackupManifest, error) {
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	keys, err := LoadNodeKeys(dir)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, ".backup-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	snap := filepath.Join(tmp, DBFile)
	say("snapshotting the database")
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, DBFile))
	if err != nil {
		return nil, err
	}
	_, err = db.SQL.ExecContext(ctx, `VACUUM INTO $1`, snap)
	db.Close()
	if err != nil {
		return nil, fmt.Errorf("snapshot database: %w", err)
	}
	sdb, err := store.OpenSQLite(ctx, snap)
	if err != nil {
		return nil, err
	}
	m := &BackupManifest{Format: 1, Origin: keys.Origin(), Created: time.Now().UTC().Format(time.RFC3339)}
	err = sdb.SQL.QueryRowContext(ctx, `SELECT count(*) FROM log_entries`).Scan(&m.Entries)
	if err == nil {
		err = sdb.SQL.QueryRowContext(ctx, `SELECT coalesce(max(size), 0) FROM log_checkpoints`).Scan(&m.Checkpoint)
	}
	sdb.Close()
	if err != nil {
		return nil, err
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	mb, _ := json.MarshalIndent(m, "", "  ")
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(mb)), ModTime: time.Now()}); err != nil {
		return nil, err
	}
	if _, err := tw.Write(mb); err != nil {
		return nil, err
	}
	files := []struct{ src, name string }{{snap, DBFile}, {filepath.Join(dir, SignerKeyFile), SignerKeyFile}, {filepath.Join(dir, VerifierKeyFile), VerifierKeyFile}}
	for _, name := range partyNodeFiles { // a party node's identity (partynode.go)
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			files = append(files, struct{ src, name string }{filepath.Join(dir, name), name})
		}
	}
	rot, err := rotationFiles(dir) // keys_rotate.go
	if err != nil {
		return nil, err
	}
	for _, name := range rot {
		files = append(files, struct{ src, name string }{filepath.Join(dir, name), filepath.ToSlash(name)})
	}
	for _, f := range files {
		say("adding %s", f.name)
		if err := addFile(tw, f.src, f.name); err != nil {
			return nil, err
		}
	}
	evidence := filepath.Join(dir, "evidence")
	if _, err := os.Stat(evidence); err == nil {
		say("adding evidence files")
		err := filepath.WalkDir(evidence, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			return addFile(tw, path, filepath.ToSlash(rel))
		})
		if err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	say("backup of %d entries (checkpoint %d) complete", m.Entries, m.Checkpoint)
	return m, nil
}

func addFile(tw *tar.Writer, src, name string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime()}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// maxBackupMember bounds one file in a backup (a hostile archive must not
// fill the disk).
const maxBackupMember = 64 << 30

// ExtractBackup unpacks a backup into dir (which must be empty or absent)
// and returns its manifest. It refuses members with unsafe names.
func ExtractBackup(r io.Reader, dir string) (*BackupManifest, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a truce backup (gzip): %w", err)
	}
	tr := tar.NewReader(gz)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var m *BackupManifest
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read backup: %w", err)
		}
		name := filepath.FromSlash(h.Name)
		if h.Typeflag != tar.TypeReg || !filepath.IsLocal(name) || h.Size > maxBackupMember {
			return nil, fmt.Errorf("backup member %q is not a plain file inside the backup", h.Name)
		}
		if h.Name == manifestName {
			m = &BackupManifest{}
			if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(m); err != nil {
				return nil, fmt.Errorf("backup manifest: %w", err)
			}
			continue
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(f, io.LimitReader(tr, h.Size)); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, err
		}
		f.Close()
		if strings.HasSuffix(h.Name, SignerKeyFile) {
			os.Chmod(dst, 0o600)
		}
	}
	// The tar reader stops at the end-of-archive blocks; reading the gzip
	// stream to its end makes it check its CRC-32 and length, so a backup
	// altered anywhere (padding and trailing blocks included) is refused.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return nil, fmt.Errorf("backup is damaged (gzip): %w", err)
	}
	if m == nil {
		return nil, errors.New("not a truce backup: no manifest")
	}
	return m, nil
}
