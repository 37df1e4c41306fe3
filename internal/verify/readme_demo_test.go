package verify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"truce/internal/cli"
)

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// demoNode is "truce demo" run in this process on a free loopback port,
// with its two witnesses.
type demoNode struct {
	dir, url, token string
	witnessKeys     map[string]string // party -> witness verifier key
	stop            func()
}

func startDemo(t *testing.T) *demoNode {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	d := &demoNode{dir: filepath.Join(t.TempDir(), "demo"), witnessKeys: map[string]string{}}
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		done <- cli.Main(ctx, env, []string{"demo", "--data", d.dir, "--addr", "127.0.0.1:0"})
	}()
	var once sync.Once
	d.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Error("truce demo did not stop within 30s")
			}
		})
	}
	t.Cleanup(d.stop)
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(stdout.String(), "Press Ctrl-C") {
		select {
		case code := <-done:
			t.Fatalf("truce demo exited with %d:\n%s\n%s", code, stdout.String(), stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("truce demo not ready within 2 minutes:\n%s", stderr.String())
		}
	}
	m := regexp.MustCompile(`truce demo is running at (\S+)`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("no URL in the demo's output:\n%s", stdout.String())
	}
	d.url = m[1]
	for _, m := range regexp.MustCompile(`msg="demo witness" party=(\w+) .*?vkey="?([^"\s]+)`).FindAllStringSubmatch(stderr.String(), -1) {
		d.witnessKeys[m[1]] = m[2]
	}
	if d.witnessKeys["us"] == "" || d.witnessKeys["ru"] == "" {
		t.Fatalf("no witness keys in the demo's log:\n%s", stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(d.dir, "demo-credentials.json"))
	if err != nil {
		t.Fatal(err)
	}
	var creds []struct{ Username, Token string }
	if err := json.Unmarshal(b, &creds); err != nil {
		t.Fatal(err)
	}
	for _, c := range creds {
		if c.Username == "ru-liaison" {
			d.token = c.Token
		}
	}
	if d.token == "" {
		t.Fatal("no ru-liaison token in the demo's credentials")
	}
	return d
}
