package e2e

import (
	"bufio"
	"bytes"
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

	"truce/internal/api"
)

const password = "correct horse battery staple"

// buildTruce builds the truce binary once into a temp dir.
func buildTruce(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "truce")
	if out, err := exec.Command("go", "build", "-o", bin, "truce/cmd/truce").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// run runs the truce CLI and returns its standard output, failing t if it
// exits non-zero.
func run(t testing.TB, bin string, env []string, args ...string) string {
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

// freePort returns a loopback address that was free a moment ago.
func freePort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// node is one party node: its data directory, the proxy in front of its
// federation listener, and its truce serve process while it runs.
type node struct {
	party, data, dsn string
	fedAddr          string
	proxy            *proxy
	token            string   // a reporter's API token
	liaison          string   // its liaison's API token
	admin            string   // its admin's API token
	env, args        []string // added to truce serve's environment and arguments

	cmd  *exec.Cmd
	url  string
	done chan struct{}
	logs *syncBuffer
}

// syncBuffer is a log buffer written by one goroutine and read by others.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) add(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.WriteString(line + "\n")
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var serveURL = regexp.MustCompile(`msg=serving url=(http://127\.0\.0\.1:\d+)`)

// start runs truce serve for n and waits until it listens.
func (n *node) start(t testing.TB, bin string) {
	t.Helper()
	args := []string{"serve", "--data", n.data, "--addr", "127.0.0.1:0", "--federation-addr", n.fedAddr,
		"--rate-limit", "0", "--checkpoint-interval", "50ms", "--federation-poll", "100ms", "--integrity-interval", "0",
		"--public-log-batch", "0"} // truce verify --federation reads the public log, live here
	if n.dsn != "" {
		args = append(args, "--db", n.dsn)
	}
	cmd := exec.Command(bin, append(args, n.args...)...)
	cmd.Env = append(os.Environ(), n.env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n.cmd, n.done, n.logs = cmd, make(chan struct{}), &syncBuffer{}
	urls := make(chan string, 1)
	done, logs := n.done, n.logs
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs.add(sc.Text())
			if m := serveURL.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		cmd.Wait()
		close(done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	select {
	case n.url = <-urls:
	case <-n.done:
		t.Fatalf("%s: truce serve exited:\n%s", n.party, n.logs)
	case <-time.After(60 * time.Second):
		t.Fatalf("%s: truce serve did not start in 60s", n.party)
	}
}

// stop ends the process with sig (SIGTERM: graceful; SIGKILL: a crash)
// and waits for it to exit.
func (n *node) stop(t testing.TB, sig syscall.Signal) {
	t.Helper()
	n.cmd.Process.Signal(sig)
	select {
	case <-n.done:
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not stop in 60s", n.party)
	}
}

var client = &http.Client{Timeout: 20 * time.Second}

// call sends a request to n's API and returns the status and body (0 if
// the request failed).
func (n *node) call(method, path, token string, body any) (int, []byte) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, n.url+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// status returns n's GET /api/v1/federation, ok false if it failed.
func (n *node) status() (api.FederationStatus, bool) {
	var st api.FederationStatus
	code, b := n.call("GET", "/api/v1/federation", n.token, nil)
	if code != http.StatusOK || json.Unmarshal(b, &st) != nil {
		return st, false
	}
	return st, true
}

// checkpoint returns n's latest checkpoint note, nil if it has none.
func (n *node) checkpoint() []byte {
	code, b := n.call("GET", "/log/checkpoint", "", nil)
	if code != http.StatusOK {
		return nil
	}
	return b
}

// incident is a report body with releasability tlp to audience.
func incident(ext, narrative, tlp string, audience ...string) map[string]any {
	rel := map[string]any{"tlp": tlp}
	if len(audience) > 0 {
		rel["audience"] = audience
	}
	return map[string]any{"external_id": ext, "category": "shelling_missile",
		"time":     map[string]any{"start": "2016-07-10T08:00:00Z", "precision": "hour"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.1}}, "location_precision": "1km",
		"perpetrator": map[string]any{"kind": "group", "group": "Armed group A"},
		"narrative":   narrative, "releasability": rel,
		"sources": []map[string]any{{"name": "Local council", "reliability": "C", "credibility": 3}}}
}
