package app_test

// Helpers of the recovery tests (PostgreSQL outage and disk full): a
// PostgreSQL server of the test's own, a log sink, condition waits and a
// JSON POST.

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"truce/internal/testwait"
)

// ownPostgres starts a throw-away PostgreSQL server of the test's own
// (scripts/postgres.sh on a free port, in a temp dir), so that restarting
// it disturbs no other test, and returns its DSN and a function that
// restarts it. It is stopped at cleanup.
func ownPostgres(t *testing.T) (dsn string, restart func()) {
	t.Helper()
	return ownPostgresIn(t, "")
}

// ownPostgresIn is ownPostgres with the server's files in a new directory
// under parent (the system's temporary directory if empty).
func ownPostgresIn(t *testing.T, parent string) (dsn string, restart func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	script, err := filepath.Abs("../../scripts/postgres.sh")
	if err != nil {
		t.Fatal(err)
	}
	// Not t.TempDir: the server runs as another OS user, which must be
	// able to reach its directory.
	top, err := os.MkdirTemp(parent, "truce-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(top) })
	if err := os.Chmod(top, 0o711); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TRUCE_PG_PORT="+port, "TRUCE_PG_DIR="+filepath.Join(top, "pg"))
	run := func(args ...string) string {
		cmd := exec.Command(script, args...)
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("postgres.sh %v: %v\n%s", args, err, stderr.String())
		}
		return strings.TrimSpace(string(out))
	}
	dsn = run()
	t.Cleanup(func() { run("stop") })
	return dsn, func() { run("restart") }
}

// syncBuffer is a log sink written by one goroutine and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until cond holds, failing the test after limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	testwait.For(t, limit, what, cond)
}

// post sends body as JSON to base+path with token and returns the status
// and the decoded answer.
func post(t *testing.T, base, path, token string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}
