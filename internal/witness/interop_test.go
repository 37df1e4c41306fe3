package witness

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// TestLitewitnessInterop runs litewitness (filippo.io/torchwood/cmd/
// litewitness, a witness truce did not write) and pushes checkpoints to it
// with our Client, verifying its cosignatures with our verifier, and checks
// that a checkpoint cosigned by litewitness and by our witness meets a
// quorum of two.
func TestLitewitnessInterop(t *testing.T) {
	for _, bin := range []string{"ssh-agent", "ssh-add"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s not found: apt-get install openssh-client (litewitness takes its key from an ssh-agent)", bin)
		}
	}
	dir := t.TempDir()
	bin := buildLitewitness(t, dir)

	// The witness key, loaded into a dedicated ssh-agent.
	const name = "witness.test/litewitness"
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	pub := priv.Public().(ed25519.PublicKey)
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "witness.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	sock := startSSHAgent(t, keyFile)

	// Register the test log as witnessctl add-log and add-key do.
	l := newTestLog(t, "truce.test/interop", 7).grow(40)
	db := filepath.Join(dir, "litewitness.db")
	registerLog(t, db, l)

	addr := freeAddr(t)
	var stderr syncBuffer
	cmd := exec.Command(bin, "-db", db, "-ssh-agent", sock, "-name", name,
		"-key", ssh.FingerprintSHA256(sshPub), "-listen", addr)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("litewitness stderr:\n%s", stderr.String())
		}
	})
	waitListening(t, addr, exited, &waitErr, &stderr)

	// litewitness prints its verifier key; it must be the one we compute.
	want := (&CosignatureVerifier{name: name, hash: keyHash(name, algCosignatureV1, pub), key: pub}).String()
	m := regexp.MustCompile(`vkey=(\S+)`).FindStringSubmatch(stderr.String())
	if m == nil || m[1] != want {
		t.Fatalf("litewitness verifier key %q, want %q", m, want)
	}
	c := newTestClient(t, "http://"+addr, m[1], 10*time.Second)
	ctx := context.Background()
	push := func(size, old int64, wantAsked ...int64) Cosignature {
		t.Helper()
		var asked []int64
		prove := func(ctx context.Context, o int64) (tlog.TreeProof, error) {
			asked = append(asked, o)
			return l.prover(size)(ctx, o)
		}
		cs, err := c.AddCheckpoint(ctx, l.checkpoint(size), old, prove)
		if err != nil {
			t.Fatalf("push size %d from %d: %v", size, old, err)
		}
		if fmt.Sprint(asked) != fmt.Sprint(wantAsked) {
			t.Errorf("push size %d: proofs asked from %v, want %v", size, asked, wantAsked)
		}
		if _, _, err := VerifyCosigned(append(l.checkpoint(size), cs.Line()...), l.verifier, []note.Verifier{c.Verifier()}, 1); err != nil {
			t.Fatalf("push size %d: %v", size, err)
		}
		return cs
	}
	push(5, 0)
	push(12, 5, 5)
	lw := push(30, 0, 12) // the 409 exchange

	fork := l.fork(20).grow(10)
	if _, err := c.AddCheckpoint(ctx, fork.checkpoint(30), 30, fork.prover(30)); !errors.Is(err, ErrInconsistent) {
		t.Errorf("fork pushed to litewitness: %v, want ErrInconsistent", err)
	}

	// Our witness cosigns the same checkpoint: quorum 2 over both.
	e := newTestEnv(t, l)
	ours := newTestClient(t, e.srv.URL, e.w.VerifierKey(), 0)
	oc, err := ours.AddCheckpoint(ctx, l.checkpoint(30), 0, l.prover(30))
	if err != nil {
		t.Fatal(err)
	}
	both := append(append(l.checkpoint(30), lw.Line()...), oc.Line()...)
	cp, cosigs, err := VerifyCosigned(both, l.verifier, []note.Verifier{c.Verifier(), ours.Verifier()}, 2)
	if err != nil || cp.Size != 30 || len(cosigs) != 2 {
		t.Fatalf("quorum of litewitness and ours: %v (%d cosignatures)", err, len(cosigs))
	}
}

// buildLitewitness builds the litewitness tool of go.mod into dir.
func buildLitewitness(t *testing.T, dir string) string {
	t.Helper()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Fatal("go command not found")
		}
	}
	bin := filepath.Join(dir, "litewitness")
	out, err := exec.Command(goBin, "build", "-o", bin, "filippo.io/torchwood/cmd/litewitness").CombinedOutput()
	if err != nil {
		t.Fatalf("go build litewitness: %v\n%s", err, out)
	}
	return bin
}

// startSSHAgent starts a dedicated ssh-agent holding keyFile and returns
// its socket.
func startSSHAgent(t *testing.T, keyFile string) string {
	t.Helper()
	sockDir, err := os.MkdirTemp("", "lw") // short: socket paths are limited to ~100 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sockDir) })
	sock := filepath.Join(sockDir, "agent")
	agent := exec.Command("ssh-agent", "-D", "-a", sock)
	var out syncBuffer
	agent.Stdout, agent.Stderr = &out, &out
	if err := agent.Start(); err != nil {
		t.Fatalf("ssh-agent: %v", err)
	}
	t.Cleanup(func() { agent.Process.Kill(); agent.Wait() })
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ssh-agent did not create %s: %s", sock, out.String())
		}
	}
	add := exec.Command("ssh-add", keyFile)
	add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	if b, err := add.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v\n%s", err, b)
	}
	return sock
}

// registerLog creates litewitness's database with its schema (as of
// torchwood v0.6.1) and registers l, as `witnessctl add-log` and
// `witnessctl add-key` do.
func registerLog(t *testing.T, path string, l *testLog) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Exec(`
		CREATE TABLE IF NOT EXISTS log (
			origin TEXT PRIMARY KEY,
			tree_size INTEGER NOT NULL,
			tree_hash TEXT NOT NULL
		);
		CREATE TABLE IF NOT EXISTS key (
			origin TEXT NOT NULL,
			key TEXT NOT NULL,
			FOREIGN KEY(origin) REFERENCES log(origin)
		);`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO log (origin, tree_size, tree_hash) VALUES (?, 0, ?)", l.origin, emptyRoot.String()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO key (origin, key) VALUES (?, ?)", l.origin, l.vkey); err != nil {
		t.Fatal(err)
	}
}

// freeAddr returns a loopback address with a port that was free.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitListening waits until addr accepts connections, failing the test if
// the process exits first or it takes more than 10 s.
func waitListening(t *testing.T, addr string, exited <-chan struct{}, waitErr *error, stderr *syncBuffer) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return
		}
		select {
		case <-exited:
			t.Fatalf("litewitness exited: %v\n%s", *waitErr, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("litewitness not listening on %s:\n%s", addr, stderr.String())
		}
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writes and reads.
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
