package app_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/cli"
	"truce/internal/config"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/verify"
)

// The test binary runs, instead of the tests, the crash child when
// crashChildEnv is set, and the truce command (with the binary's arguments)
// when nodeChildEnv is: the node processes of the crash and recovery tests.
const (
	crashChildEnv = "TRUCE_CRASH_CHILD_DIR"
	nodeChildEnv  = "TRUCE_TEST_NODE_CHILD"
)

// TestMain runs a child process instead of the tests when asked to.
func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
	}
	if os.Getenv(nodeChildEnv) != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Main(ctx, cli.OSEnv(), os.Args[1:])
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// nodeCommand returns a command that runs `truce args...` in this test
// binary (see TestMain).
func nodeCommand(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), nodeChildEnv+"=1")
	return cmd
}

// crashChild is the child of TestCrashLosesNoAcknowledgedEntry: it appends
// under load from many goroutines, printing "ack SEQ SUBJECT" once each
// Append has returned and "cp BASE64" for each checkpoint it publishes,
// until it is killed.
func crashChild(dir string) {
	ctx := context.Background()
	a, err := app.Open(ctx, &config.Server{Data: dir, CheckpointInterval: time.Hour}, app.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) {
		mu.Lock()
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
		mu.Unlock()
	}
	go func() {
		for {
			time.Sleep(30 * time.Millisecond)
			cp, err := a.Checkpointer.SignNow(ctx)
			if err == nil && cp != nil {
				say("cp %s", base64.StdEncoding.EncodeToString(cp.Note()))
			}
		}
	}()
	for w := range 16 {
		go func() {
			for i := 0; ; i++ {
				es, err := a.Sequencer.Append(ctx, ledger.Change{Draft: ledger.Draft{
					Party: "un", Author: "crash-test", Kind: "test.crash", Subject: fmt.Sprintf("w%d-%d", w, i),
					Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]any{"writer": w, "i": i, "pad": strings.Repeat("x", 500)}}})
				if err != nil {
					say("error %v", err)
					return
				}
				say("ack %d %s", es[0].Seq, es[0].Subject)
			}
		}()
	}
	select {} // until killed
}

// TestCrashLosesNoAcknowledgedEntry kills a node with SIGKILL while it
// appends under load and checks, after restart, that every acknowledged entry
// is there, the store verifies, and the tree is consistent with the last
// checkpoint it served.
func TestCrashLosesNoAcknowledgedEntry(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "crash.truce.invalid/node", Party: accounts.NewParty{ID: "un", Name: "UN", Kind: "un"},
		AdminUser: "un-admin", AdminPassword: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[int64]string{}
	var lastCP []byte
	cps := 0
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	deadline := time.Now().Add(30 * time.Second)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch f[0] {
		case "ack":
			seq, _ := strconv.ParseInt(f[1], 10, 64)
			acked[seq] = f[2]
		case "cp":
			lastCP, _ = base64.StdEncoding.DecodeString(f[1])
			cps++
		case "error":
			t.Fatalf("child: %s", sc.Text())
		}
		if (len(acked) >= 2000 && cps >= 2) || time.Now().After(deadline) {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(acked) < 100 || lastCP == nil {
		t.Fatalf("child made too little progress before the deadline: %d acks, %d checkpoints", len(acked), cps)
	}
	t.Logf("killed the node after %d acknowledged appends and %d checkpoints", len(acked), cps)

	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		t.Fatalf("restart after SIGKILL: %v", err)
	}
	defer a.Close()
	for seq, subject := range acked {
		se, err := a.DB.Entry(ctx, seq)
		if err != nil {
			t.Fatalf("acknowledged entry %d lost: %v", seq, err)
		}
		e, err := ledger.DecodeEntry(se.Canonical)
		if err != nil || e.Subject != subject {
			t.Fatalf("entry %d: %v, subject %q want %q", seq, err, e.Subject, subject)
		}
	}
	old, _, err := ledger.OpenCheckpoint(lastCP, a.Keys.Verifier)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := a.Hashes.Tree()
	if err != nil {
		t.Fatal(err)
	}
	proof, err := tlog.ProveTree(tree.N, old.N, a.Hashes)
	if err != nil {
		t.Fatal(err)
	}
	if err := tlog.CheckTree(proof, tree.N, tree.Hash, old.N, old.Hash); err != nil {
		t.Fatalf("tree after restart is not consistent with the last served checkpoint: %v", err)
	}
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep, err := verify.Deep(ctx, db, a.Keys.Verifier, t.TempDir(), nil)
	if err != nil || !rep.OK() {
		t.Fatalf("deep verify after crash: %v %v", err, rep.Problems)
	}
}
