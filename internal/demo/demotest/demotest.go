// Package demotest runs "truce demo" (single-node or --federated) in a
// test's own process, waits until it serves, and reads what it prints and
// the credentials it writes. It is for tests only.
//
// It does not import the CLI, whose own tests use it: the test passes the
// command's entry point (Main).
package demotest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"truce/internal/demo"
	"truce/internal/testwait"
)

// Main runs the truce command with args, writing to stdout and stderr,
// until ctx ends, and returns its exit code: cli.Main with an Env of
// those streams.
type Main func(ctx context.Context, stdout, stderr io.Writer, args []string) int

// Buffer is a bytes.Buffer that the demo writes while the test reads it.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Credential is one demo user as the credentials file gives it; URL is
// the node that user signs in to (federated demo only).
type Credential struct {
	demo.Credential
	URL string `json:"url"`
}

// Run is a demo running in the test's process.
type Run struct {
	// Dir is the demo's data directory.
	Dir string
	// Out and Err are what the demo printed so far.
	Out, Err *Buffer

	cancel context.CancelFunc
	done   chan int
	once   sync.Once
	code   int
}

// ready is what the demo prints once every node serves.
const ready = "Press Ctrl-C"

// Start runs "truce demo" with extra arguments (e.g. "--federated") on a
// free loopback port with a new data directory, and returns once it
// serves; it fails t if the demo exits first or is not serving within
// limit. The demo is stopped when the test ends, if not before (Stop).
func Start(t testing.TB, main Main, limit time.Duration, extra ...string) *Run {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &Run{Dir: filepath.Join(t.TempDir(), "demo"), Out: &Buffer{}, Err: &Buffer{}, cancel: cancel, done: make(chan int, 1)}
	args := append([]string{"demo", "--addr", "127.0.0.1:0", "--data", r.Dir}, extra...)
	go func() { r.done <- main(ctx, r.Out, r.Err, args) }()
	t.Cleanup(func() { r.Stop(t) })
	testwait.For(t, limit, "truce demo to serve", func() bool {
		select {
		case code := <-r.done:
			r.done <- code
			t.Fatalf("truce demo exited %d before it served:\n%s\n%s", code, r.Out.String(), r.Err.String())
		default:
		}
		return strings.Contains(r.Out.String(), ready)
	})
	return r
}

// Stop ends the demo and returns its exit code, failing t if it has not
// stopped within a minute. Later calls return the same code.
func (r *Run) Stop(t testing.TB) int {
	t.Helper()
	r.once.Do(func() {
		r.cancel()
		select {
		case r.code = <-r.done:
		case <-time.After(time.Minute):
			r.code = -1
			t.Errorf("truce demo did not stop within a minute of its context ending:\n%s", r.Err.String())
		}
	})
	return r.code
}

// Credentials reads the demo users from the credentials file it wrote.
func (r *Run) Credentials(t testing.TB) []Credential {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.Dir, demo.CredentialsFile))
	if err != nil {
		t.Fatalf("the demo's credentials: %v", err)
	}
	var creds []Credential
	if err := json.Unmarshal(b, &creds); err != nil {
		t.Fatalf("the demo's credentials: %v", err)
	}
	return creds
}

// User returns the credential of the demo user name, failing t if there
// is none.
func (r *Run) User(t testing.TB, name string) Credential {
	t.Helper()
	for _, c := range r.Credentials(t) {
		if c.Username == name {
			return c
		}
	}
	t.Fatalf("no demo user %s", name)
	return Credential{}
}
