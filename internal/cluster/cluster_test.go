package cluster

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
	"truce/internal/pgtest"
	"truce/internal/store"
)

const password = "correct horse battery staple"

// buildTruce builds the truce binary into a temp dir.
func buildTruce(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "truce")
	cmd := exec.Command("go", "build", "-o", bin, "truce/cmd/truce")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func run(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("truce %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String()
}

// server is one running truce serve process.
type server struct {
	cmd  *exec.Cmd
	url  string
	done chan struct{}
}

var urlRE = regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)

func startServer(t *testing.T, bin, data, dsn string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--data", data, "--db", dsn, "--addr", "127.0.0.1:0",
		"--rate-limit", "0", "--checkpoint-interval", "50ms", "--public-log-batch", "0") // the tests read the public log live
	cmd.Env = os.Environ()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, done: make(chan struct{})}
	urls := make(chan string, 1)
	var logMu sync.Mutex
	var logBuf strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logMu.Lock()
			logBuf.WriteString(sc.Text() + "\n")
			logMu.Unlock()
			if m := urlRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.done
	})
	select {
	case s.url = <-urls:
	case <-s.done:
		logMu.Lock()
		defer logMu.Unlock()
		t.Fatalf("truce serve exited:\n%s", logBuf.String())
	case <-time.After(30 * time.Second):
		t.Fatal("truce serve did not start in 30s")
	}
	return s
}

// createParty appends one entry through s; it reports whether the write
// was acknowledged (201).
func createParty(client *http.Client, s *server, token, id string) bool {
	body, _ := json.Marshal(map[string]any{"id": id, "name": id, "kind": "other"})
	req, _ := http.NewRequest("POST", s.url+"/api/v1/parties", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusCreated
}

// TestTwoServersOneDatabase runs two truce serve processes on one
// PostgreSQL database, writes through both at once, kills one with SIGKILL
// mid-load, keeps writing through the other, and checks that no
// acknowledged entry was lost, nothing was duplicated, the tree verifies and
// every signed checkpoint is consistent with it; then a third process starts
// on the database (which checks the tree against the latest checkpoint).
func TestTwoServersOneDatabase(t *testing.T) {
	pgtest.Need(t)
	bin := buildTruce(t)
	dsn := pgtest.Schema(t)
	dir := t.TempDir()
	d1, d2 := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	env := []string{"TRUCE_ADMIN_PASSWORD=" + password}
	run(t, bin, env, "init", "--data", d1, "--origin", "cluster.test/node", "--party", "un", "--admin", "ada", "--co-chair")
	// A liaison of the only co-chair: its proposal to admit a party is in
	// force at once (package membership), one party.created per write.
	run(t, bin, []string{"TRUCE_PASSWORD=" + password}, "user", "add", "--data", d1, "--party", "un", "--role", "liaison", "lia")
	token := strings.TrimSpace(run(t, bin, nil, "token", "issue", "--data", d1, "--user", "lia"))
	out := run(t, bin, nil, "migrate", "--from", "sqlite://"+filepath.Join(d1, "truce.db"), "--to", dsn)
	if !strings.Contains(out, "Copied and verified") {
		t.Fatalf("migrate: %s", out)
	}
	// The second process gets the node's keys, not its SQLite database.
	os.MkdirAll(d2, 0o700)
	for _, f := range []string{"node.key", "node.vkey"} {
		b, err := os.ReadFile(filepath.Join(d1, f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d2, f), b, 0o600)
	}
	os.Remove(filepath.Join(d1, "truce.db"))

	a, b := startServer(t, bin, d1, dsn), startServer(t, bin, d2, dsn)
	client := &http.Client{Timeout: 10 * time.Second}
	var mu sync.Mutex
	acked := map[string]bool{}
	write := func(s *server, prefix string, n int) {
		for i := range n {
			id := fmt.Sprintf("%s-%d", prefix, i)
			if createParty(client, s, token, id) {
				mu.Lock()
				acked[id] = true
				mu.Unlock()
			}
		}
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() { write(a, fmt.Sprintf("a%d", w), 150) })
		wg.Go(func() { write(b, fmt.Sprintf("b%d", w), 150) })
	}
	// Kill a mid-load, once some of its writes went through.
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	a.cmd.Process.Signal(syscall.SIGKILL)
	<-a.done
	wg.Wait()
	// b goes on alone: the lock a held died with its connection.
	write(b, "after", 50)
	for i := range 50 {
		if !acked[fmt.Sprintf("after-%d", i)] {
			t.Fatalf("write after-%d through the survivor was not acknowledged", i)
		}
	}
	b.cmd.Process.Signal(syscall.SIGTERM)
	<-b.done
	t.Logf("%d writes acknowledged", len(acked))

	ctx := context.Background()
	db, err := store.OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// No acknowledged entry lost, none duplicated.
	seen := map[string]int{}
	err = db.ScanEntries(ctx, 0, func(se ledger.StoredEntry) error {
		e, err := ledger.DecodeEntry(se.Canonical)
		if err != nil {
			return err
		}
		if ledger.Commitment(se.Canonical) != se.Commitment {
			return fmt.Errorf("entry %d does not match its commitment", se.Seq)
		}
		if e.Kind == "party.created" {
			seen[strings.TrimPrefix(e.Subject, "party:")]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id := range acked {
		if seen[id] != 1 {
			t.Errorf("acknowledged party %s is in the log %d times", id, seen[id])
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("party %s is in the log %d times", id, n)
		}
	}
	// The tree verifies, and every checkpoint (signed by either process)
	// is signed by the node and matches the tree at its size.
	commitments, hashes, err := db.LoadTree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := ledger.RebuildHashStore(commitments)
	if err != nil {
		t.Fatal(err)
	}
	if err := tree.Matches(hashes); err != nil {
		t.Fatal(err)
	}
	vkey, _ := os.ReadFile(filepath.Join(d1, "node.vkey"))
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		t.Fatal(err)
	}
	cps, err := db.Checkpoints(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hr, _ := tree.Snapshot()
	for _, c := range cps {
		cp, _, err := ledger.OpenCheckpoint(c.Signed, verifier)
		if err != nil {
			t.Fatalf("checkpoint %d: %v", c.N, err)
		}
		root, err := tlog.TreeHash(cp.N, hr)
		if err != nil || root != cp.Hash {
			t.Fatalf("checkpoint %d is not consistent with the tree (%v)", cp.N, err)
		}
	}
	if len(cps) < 2 || cps[len(cps)-1].N != tree.Size() {
		t.Fatalf("%d checkpoints, the last of size %d; tree %d", len(cps), cps[len(cps)-1].N, tree.Size())
	}
	// A new process starts on the database: its startup checks pass.
	c := startServer(t, bin, d2, dsn)
	resp, err := client.Get(c.url + "/log/checkpoint")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /log/checkpoint: %v %v", resp, err)
	}
	resp.Body.Close()
}
