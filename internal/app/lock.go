package app

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// LockFile is held (flock) by the process that writes a node's log.
const LockFile = "LOCK"

// LockDataDir takes the data directory's write lock, so that no two
// processes append to one log (their in-memory trees would diverge). It
// fails at once if another process holds it.
func LockDataDir(dir string) (unlock func(), err error) {
	if !DataDirExists(dir) {
		_, err := LoadNodeKeys(dir) // for its helpful message
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s is in use by another truce process (a running node?): stop it first, or use the API", dir)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
