package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"truce/internal/app"
	"truce/internal/store"
	"truce/internal/verify"
	"truce/internal/witness"
)

func runBackup(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "backup", "--data DIR --out FILE", `
Writes a consistent snapshot of a node (its database, keys and evidence
files) to FILE, a .tar.gz, while the node keeps running. Keep backups as
secret as node.key: they hold it. Restore with 'truce restore'.`)
	data := fs.String("data", "truce-data", "data `directory` of the node")
	out := fs.String("out", "", "backup `file` to write (.tar.gz); must not exist")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out FILE is required")
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", *out, err)
	}
	m, err := app.Backup(ctx, *data, f, func(s string) { fmt.Fprintln(env.Stderr, s) })
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %s: %s, %d entries, checkpoint %d.\n", *out, m.Origin, m.Entries, m.Checkpoint)
	return nil
}

func runRestore(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "restore", "--from FILE --data DIR [--witness URL=KEY…] [--force]", `
Restores a node from a backup into --data, after verifying the backup's log
offline (as 'truce verify --deep' does). It refuses a backup older than a
checkpoint that was already cosigned: one held in the node being replaced
(if --data holds a node), or one that a --witness has cosigned. Restoring
such a backup would fork the log: witnesses would refuse its checkpoints and
verifiers would see the fork. --force restores anyway. The node must be
stopped; a replaced node is kept beside it as DIR.replaced-TIME.`)
	from := fs.String("from", "", "backup `file` made by 'truce backup'")
	data := fs.String("data", "truce-data", "data `directory` to restore into")
	force := fs.Bool("force", false, "restore even if the backup is older than a cosigned checkpoint")
	var witnesses []string
	fs.Func("witness", "a witness `URL=KEY` to ask for the size it last cosigned (repeatable)", func(s string) error {
		witnesses = append(witnesses, s)
		return nil
	})
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *from == "" {
		return usagef("--from FILE is required")
	}
	f, err := os.Open(*from)
	if err != nil {
		return err
	}
	defer f.Close()
	target := filepath.Clean(*data)
	staging := target + ".restoring"
	os.RemoveAll(staging)
	fmt.Fprintf(env.Stderr, "Unpacking %s …\n", *from)
	m, err := app.ExtractBackup(f, staging)
	if err != nil {
		os.RemoveAll(staging)
		return err
	}
	defer os.RemoveAll(staging)
	keys, err := app.LoadNodeKeys(staging)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "Verifying the backup's log (%d entries) …\n", m.Entries)
	latest, err := verifyBackupDB(ctx, env, staging, keys)
	if err != nil {
		return err
	}
	var cosigned []string
	if app.DataDirExists(target) {
		unlock, err := app.LockDataDir(target)
		if err != nil {
			return err
		}
		defer unlock()
		if n, err := latestCheckpointSize(ctx, target); err != nil {
			return err
		} else if n > latest {
			cosigned = append(cosigned, fmt.Sprintf("the node in %s has a checkpoint of %d entries", target, n))
		}
	}
	for _, spec := range witnesses {
		url, key, ok := strings.Cut(spec, "=")
		if !ok {
			return usagef("--witness %q: want URL=KEY", spec)
		}
		n, err := witnessSize(ctx, url, key, staging)
		if err != nil {
			return fmt.Errorf("ask witness %s: %w", url, err)
		}
		if n > latest {
			cosigned = append(cosigned, fmt.Sprintf("witness %s has cosigned a checkpoint of %d entries", url, n))
		}
	}
	if len(cosigned) > 0 {
		msg := fmt.Sprintf("the backup's latest checkpoint has %d entries, but %s", latest, strings.Join(cosigned, "; "))
		if !*force {
			return fmt.Errorf("refusing to restore: %s. Restoring it would fork the log; use a newer backup, or --force if you accept that", msg)
		}
		fmt.Fprintf(env.Stderr, "WARNING: restoring anyway (--force): %s\n", msg)
	}
	if app.DataDirExists(target) {
		old := fmt.Sprintf("%s.replaced-%s", target, time.Now().UTC().Format("20060102T150405Z"))
		if err := os.Rename(target, old); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "Kept the replaced node in %s\n", old)
	}
	if err := os.Rename(staging, target); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Restored %s (%d entries) into %s. Start it with: truce serve --data %s\n", m.Origin, m.Entries, target, target)
	return nil
}

// verifyBackupDB runs the deep check on an unpacked backup and returns the
// size of its latest checkpoint.
func verifyBackupDB(ctx context.Context, env *Env, dir string, keys *app.NodeKeys) (int64, error) {
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	rep, err := verify.Deep(ctx, db, keys.Verifier, filepath.Dir(dir), func(s string) { fmt.Fprintln(env.Stderr, "  "+s) }, keys.Retired...)
	if err != nil {
		return 0, err
	}
	if !rep.OK() {
		for _, p := range rep.Problems {
			fmt.Fprintln(env.Stderr, "  PROBLEM:", p)
		}
		return 0, fmt.Errorf("refusing to restore: the backup's log does not verify (%d problems)", len(rep.Problems))
	}
	cp, err := db.LatestCheckpoint(ctx)
	if err != nil || cp == nil {
		return 0, errors.Join(err, errors.New("the backup has no signed checkpoint"))
	}
	return cp.N, nil
}

func latestCheckpointSize(ctx context.Context, dir string) (int64, error) {
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	cp, err := db.LatestCheckpoint(ctx)
	if err != nil || cp == nil {
		return 0, err
	}
	return cp.N, nil
}

// witnessSize learns the size a witness last cosigned for the backup's log
// by offering it the backup's latest checkpoint as if the witness were at
// that size: a witness that is further along answers 409 with its size. A
// witness at the same size cosigns again, which is harmless.
func witnessSize(ctx context.Context, url, key, dir string) (int64, error) {
	if _, err := witness.ParseCosignatureVerifier(key); err != nil {
		return 0, err
	}
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		return 0, err
	}
	cp, err := db.LatestCheckpoint(ctx)
	db.Close()
	if err != nil || cp == nil {
		return 0, errors.Join(err, errors.New("no checkpoint"))
	}
	body := witness.FormatAddCheckpoint(cp.N, nil, cp.Signed)
	req, err := http.NewRequestWithContext(ctx, "POST", strings.TrimSuffix(url, "/")+"/add-checkpoint", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	switch resp.StatusCode {
	case http.StatusOK:
		return cp.N, nil
	case http.StatusConflict:
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("409 without a size: %q", b)
		}
		return n, nil
	default:
		return 0, fmt.Errorf("witness answered %s: %s", resp.Status, strings.TrimSpace(string(b)))
	}
}
