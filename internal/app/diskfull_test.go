package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/store"
	"truce/internal/verify"
)

// smallFSEnv names the mount point of a small, otherwise empty filesystem
// (scripts/test mounts a tmpfs there) on which TestDiskFull fills the disk.
const smallFSEnv = "TRUCE_TEST_SMALLFS"

// fillDisk writes a ballast file in dir until the filesystem refuses with
// ENOSPC, first in large chunks and then in small ones, so that not even a
// page is left. It returns the ballast's path.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "ballast")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, size := range []int{1 << 20, 4 << 10, 512, 1} {
		chunk := bytes.Repeat([]byte{0xba}, size)
		for range 1 << 16 { // bounded: a small filesystem fills long before
			if _, err := f.Write(chunk); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatalf("ballast: %v", err)
				}
				break
			}
		}
	}
	return path
}

// concurrentIncidents reports writers × each incidents from concurrent
// clients and returns their ids by answer status (a problem's type for
// anything but 201).
func concurrentIncidents(t *testing.T, n *testNode, tag string, writers, each int) map[int][]string {
	t.Helper()
	var mu sync.Mutex
	got := map[int][]string{}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				code, out, _ := n.call("POST", "/api/v1/incidents", "us-reporter", "", incidentBody(fmt.Sprintf("%s-%d-%d", tag, w, i), 37.1, 36.1, "GREEN"))
				mu.Lock()
				got[code] = append(got[code], fmt.Sprint(out["id"]))
				if code != 201 && code != 507 {
					t.Errorf("%s: status %d: %v", tag, code, out)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return got
}

// keys returns the statuses of got with their counts, for messages.
func keys(got map[int][]string) map[int]int {
	m := map[int]int{}
	for k, v := range got {
		m[k] = len(v)
	}
	return m
}

// TestDiskFull fills the filesystem under a node's data directory: every
// write is then refused with a 507 storage-full problem and changes nothing
// (neither the log nor the projections), reads go on, and once the ballast
// is removed writes succeed again on the same running node. The store then
// passes a deep verification.
func TestDiskFull(t *testing.T) {
	mount := os.Getenv(smallFSEnv)
	if mount == "" {
		t.Skipf("%s is unset: set it to the mount point of a small empty filesystem (scripts/test mounts a tmpfs there)", smallFSEnv)
	}
	dir, err := os.MkdirTemp(mount, "diskfull-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	n := newTestNodeAt(t, filepath.Join(dir, "node"))
	ctx := context.Background()
	u, err := n.app.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: "us-reporter", Party: "us", Role: access.RoleReporter, Password: "password-us-reporter"}, true)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := n.app.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	n.tokens["us-reporter"] = tok.Secret
	first, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("before-full", 37.1, 36.1, "GREEN"))

	ballast := fillDisk(t, dir)
	// Writes until the node refuses: the WAL may still have room for a few.
	// Each answer is either 201 (and the entry is in the log) or a 507
	// problem that changed nothing.
	var acked []string
	refused := 0
	for i := 0; i < 400 && refused < 20; i++ {
		size := n.logSize()
		var code int
		var out map[string]any
		switch i % 3 {
		case 0, 1:
			code, out, _ = n.call("POST", "/api/v1/incidents", "us-reporter", "", incidentBody(fmt.Sprintf("full-%d", i), 37.1, 36.1, "GREEN"))
		case 2:
			png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{byte(i)}, 64<<10)...)
			code, out = n.upload(png)
		}
		switch {
		case code == 201:
			if id, ok := out["id"].(string); ok {
				acked = append(acked, id)
			}
		case code == 507:
			refused++
			if !strings.HasSuffix(fmt.Sprint(out["type"]), "/storage-full") || !strings.Contains(fmt.Sprint(out["detail"]), "disk is full") {
				t.Fatalf("write %d: 507 with problem %v", i, out)
			}
			if n.logSize() != size {
				t.Fatalf("write %d refused with 507 but the log grew from %d to %d", i, size, n.logSize())
			}
		default:
			t.Fatalf("write %d on a full disk: status %d, want 201 or 507: %v", i, code, out)
		}
	}
	if refused == 0 {
		t.Fatalf("no write was refused on a full disk (%d acknowledged)", len(acked))
	}
	// Concurrent writes on the full disk share batches: a refused batch
	// must leave nothing of any of its writes.
	size := n.logSize()
	got := concurrentIncidents(t, n, "full-burst", 8, 4)
	acked = append(acked, got[201]...)
	if len(got[201])+len(got[507]) != 32 {
		t.Fatalf("concurrent writes on a full disk: %v, want only 201 and 507", keys(got))
	}
	if n.logSize() != size+int64(len(got[201])) {
		t.Fatalf("log grew by %d with %d concurrent writes acknowledged on a full disk", n.logSize()-size, len(got[201]))
	}
	t.Logf("disk full: %d writes acknowledged before the node refused, %d refused with 507", len(acked), refused+len(got[507]))
	sizeFull := n.logSize()

	// Reads go on, and show exactly the acknowledged writes.
	n.must(200, "GET", "/api/v1/incidents/"+first["id"].(string), "us-reporter", "", nil)
	for _, id := range acked {
		n.must(200, "GET", "/api/v1/incidents/"+id, "us-reporter", "", nil)
	}
	_, list, _ := n.call("GET", "/api/v1/incidents?limit=1000", "us-reporter", "", nil)
	if items, _ := list["items"].([]any); len(items) != 1+len(acked) {
		t.Fatalf("incidents listed on a full disk: %d, want %d", len(items), 1+len(acked))
	}
	if code, _, _ := n.do("GET", "/readyz", "", nil); code != 200 {
		t.Errorf("/readyz on a full disk: %d (reads still work)", code)
	}

	// Space returns: the same running node writes again.
	if err := os.Remove(ballast); err != nil {
		t.Fatal(err)
	}
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("after-full", 37.1, 36.1, "GREEN"))
	if st, out := n.upload(append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 1024)...)); st != 201 {
		t.Fatalf("evidence upload after space returned: %d %v", st, out)
	}
	if n.logSize() != sizeFull+1 {
		t.Fatalf("log size after one write once space returned: %d, want %d", n.logSize(), sizeFull+1)
	}
	// Every pooled connection writes again, not only the first.
	if got := concurrentIncidents(t, n, "after-burst", 8, 4); len(got[201]) != 32 {
		t.Fatalf("concurrent writes once space returned: %v, want 32 × 201", keys(got))
	}

	verifier := n.app.Keys.Verifier
	n.srv.Close()
	if err := n.app.Close(); err != nil {
		t.Fatal(err)
	}
	n.app = nil
	db, err := store.OpenSQLite(ctx, filepath.Join(n.dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep, err := verify.Deep(ctx, db, verifier, t.TempDir(), nil)
	if err != nil || !rep.OK() {
		t.Fatalf("deep verify after the disk was full: %v %v", err, rep.Problems)
	}
}

// FillDisk is fillDisk for the external tests of this package.
func FillDisk(t *testing.T, dir string) string { return fillDisk(t, dir) }
