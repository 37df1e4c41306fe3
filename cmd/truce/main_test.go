package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
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
)

// buildTruce builds the truce binary once for the end-to-end tests.
func buildTruce(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "truce")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type credential struct {
	Party, Role, Username, Password, Token string
}

// TestDemoEndToEnd starts the real binary as a new user would ('truce
// demo'), uses the printed credentials, verifies the node from outside with
// its witnesses' keys, stops it with SIGTERM, restarts it with 'truce serve'
// and checks that nothing acknowledged was lost and the log only grew.
func TestDemoEndToEnd(t *testing.T) {
	bin := buildTruce(t)
	dir := filepath.Join(t.TempDir(), "demo")
	addr := freeAddr(t)
	base := "http://" + addr
	demo := exec.Command(bin, "demo", "--addr", addr, "--data", dir)
	stderr, _ := demo.StderrPipe()
	var stdout strings.Builder
	demo.Stdout = &stdout
	if err := demo.Start(); err != nil {
		t.Fatal(err)
	}
	defer demo.Process.Kill()
	// Collect the demo witnesses' keys from its log as it starts.
	vkeys := make(chan string, 2)
	var errMu sync.Mutex
	var errTail []string // the demo's last lines of stderr, for a failure message
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`msg="demo witness".* vkey=(\S+)`)
		for sc.Scan() {
			errMu.Lock()
			errTail = append(errTail[max(0, len(errTail)-19):], sc.Text())
			errMu.Unlock()
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				vkeys <- m[1]
			}
		}
	}()
	var creds []credential
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(dir, "demo-credentials.json"))
		if err == nil && json.Unmarshal(b, &creds) == nil && len(creds) > 0 {
			break
		}
		if time.Now().After(deadline) {
			errMu.Lock()
			defer errMu.Unlock()
			t.Fatalf("demo did not write its credentials within a minute; stdout: %s\nstderr (last lines):\n%s",
				stdout.String(), strings.Join(errTail, "\n"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(creds) != 20 {
		t.Fatalf("demo credentials: %d users, want 4 parties × 5 roles", len(creds))
	}
	token := map[string]string{}
	for _, c := range creds {
		token[c.Username] = c.Token
	}
	get := func(path, user string) (int, string) {
		req, _ := http.NewRequest("GET", base+path, nil)
		if user != "" {
			req.Header.Set("Authorization", "Bearer "+token[user])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/api/v1/me", "ru-liaison"); code != 200 || !strings.Contains(body, `"co_chair":true`) {
		t.Fatalf("me: %d %s", code, body)
	}
	// The embedded web UI: the page at / and the assets it loads.
	for _, c := range []struct{ path, want string }{
		{"/", `<script type="module" src="/static/js/main.js">`},
		{"/static/js/main.js", "import "},
		{"/static/i18n/ar.json", `"nav.map"`},
		{"/vendor/leaflet/leaflet.js", "Leaflet"},
	} {
		if code, body := get(c.path, ""); code != 200 || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: %d, body without %q (%.200s)", c.path, code, c.want, body)
		}
	}
	// Log in with a password, as the README says.
	resp, err := http.Post(base+"/api/v1/session", "application/json", strings.NewReader(`{"username":"us-liaison","password":"demo-us-liaison"}`))
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("login with the demo password: %v %v", resp, err)
	}
	key := strings.TrimSpace(run(t, bin, "key", "--data", dir))
	w1, w2 := <-vkeys, <-vkeys
	saved := filepath.Join(t.TempDir(), "checkpoint")
	verify := func() string {
		return run(t, bin, "verify", "--node", base, "--key", key, "--witness-key", w1, "--witness-key", w2,
			"--checkpoint", saved, "--entry", "1", "--token", token["un-observer"])
	}
	if out := verify(); !strings.Contains(out, "OK: demo.truce.invalid/centre") || !strings.Contains(out, "content matches") {
		t.Fatalf("verify: %s", out)
	}
	// A write acknowledged just before SIGTERM must survive.
	req, _ := http.NewRequest("POST", base+"/api/v1/tokens", strings.NewReader(`{"name":"before-sigterm"}`))
	req.Header.Set("Authorization", "Bearer "+token["us-admin"])
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("issue token: %v %v", resp, err)
	}
	var issued struct{ Secret string }
	json.NewDecoder(resp.Body).Decode(&issued)
	resp.Body.Close()
	demo.Process.Signal(syscall.SIGTERM)
	if err := demo.Wait(); err != nil {
		t.Fatalf("demo did not exit cleanly on SIGTERM: %v", err)
	}
	run(t, bin, "verify", "--deep", "--data", dir)

	// 'truce serve' on the same directory, with the same witnesses gone: a
	// node without witnesses configured still serves.
	// The public is shown the log live here (as by truce demo), not in the
	// default hourly batches, so that the verifier below sees the tree the
	// demo grew within this hour.
	serve := exec.Command(bin, "serve", "--data", dir, "--addr", addr, "--public-log-batch", "0")
	serve.Stderr = io.Discard
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer serve.Process.Kill()
	waitReady(t, base)
	token["before-sigterm"] = issued.Secret
	if code, body := get("/api/v1/me", "before-sigterm"); code != 200 {
		t.Fatalf("token acknowledged before SIGTERM lost after restart: %d %s", code, body)
	}
	out := run(t, bin, "verify", "--node", base, "--key", key, "--checkpoint", saved, "--quorum", "0")
	if !strings.Contains(out, "consistent with the saved checkpoint") {
		t.Fatalf("after restart: %s", out)
	}
	serve.Process.Signal(syscall.SIGTERM)
	serve.Wait()
}

func waitReady(t *testing.T, base string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s not ready after 30s", base)
}

func run(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("truce %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
