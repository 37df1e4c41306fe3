package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"
)

// nodeStartTimeout bounds how long a node process may take to serve and be
// ready.
const nodeStartTimeout = 60 * time.Second

// servingURL finds the loopback URL a node logs once it listens, in text
// ("url=http://…") or JSON ("url":"http://…") logs.
var servingURL = regexp.MustCompile(`url"?[=:]"?(http://127\.0\.0\.1:[0-9]+)`)

// NodeProcess is a node running as a separate process.
type NodeProcess struct {
	// Base is the URL it serves at, http://127.0.0.1:PORT.
	Base string
	// Ready is the time from start to its first 200 answer of /readyz.
	Ready time.Duration

	kill   func()        // SIGKILL, then wait for the process; idempotent
	exited chan struct{} // closed when the process has ended
	tail   *lineTail     // its last log lines, for errors
}

// Kill kills the process with SIGKILL (a crash: nothing is flushed or
// closed) and returns once it has ended. Killing it again does nothing.
func (n *NodeProcess) Kill() { n.kill() }

// ServeArgs are the arguments Crash (and the recovery tests) give the
// node process: `truce serve` of dir on a free loopback port, with JSON
// logs and no rate limit, then extra.
func ServeArgs(dir string, extra ...string) []string {
	return append([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--rate-limit", "0", "--log-format", "json"}, extra...)
}

// startNode starts the node of o.Dir as a process and returns once it
// answers /readyz with 200.
func startNode(ctx context.Context, o CrashOptions) (*NodeProcess, error) {
	var extra []string
	if o.DB != "" {
		extra = []string{"--db", o.DB}
	}
	return StartNode(ctx, o.Command(ServeArgs(o.Dir, extra...)...), o.Log)
}

// StartNode starts cmd, a `truce serve` process (see [ServeArgs]), copies
// its standard error to log (if set), and returns once the node answers
// GET /readyz with 200, or an error with the end of its log if it exits or
// is not ready within a minute. The caller must call Kill.
func StartNode(ctx context.Context, cmd *exec.Cmd, log io.Writer) (*NodeProcess, error) {
	start := time.Now()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start node: %w", err)
	}
	n := &NodeProcess{exited: make(chan struct{}), tail: &lineTail{}}
	var once sync.Once
	n.kill = func() {
		once.Do(func() {
			cmd.Process.Kill()
			<-n.exited
		})
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		found := false
		for sc.Scan() {
			line := sc.Text()
			n.tail.add(line)
			if log != nil {
				fmt.Fprintln(log, line)
			}
			if m := servingURL.FindStringSubmatch(line); m != nil && !found {
				found = true
				urls <- m[1]
			}
		}
		cmd.Wait()
		close(n.exited)
	}()
	timeout := time.NewTimer(nodeStartTimeout)
	defer timeout.Stop()
	select {
	case n.Base = <-urls:
	case <-n.exited:
		return nil, fmt.Errorf("node exited before serving: %s", n.tail)
	case <-timeout.C:
		n.kill()
		return nil, fmt.Errorf("node did not serve within %s: %s", nodeStartTimeout, n.tail)
	case <-ctx.Done():
		n.kill()
		return nil, ctx.Err()
	}
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		resp, err := client.Get(n.Base + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				n.Ready = time.Since(start)
				return n, nil
			}
		}
		select {
		case <-n.exited:
			return nil, fmt.Errorf("node exited before it was ready: %s", n.tail)
		case <-timeout.C:
			n.kill()
			return nil, fmt.Errorf("node not ready within %s: %s", nodeStartTimeout, n.tail)
		case <-ctx.Done():
			n.kill()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond): // poll interval of the readiness condition
		}
	}
}

// lineTail keeps the last lines of a log.
type lineTail struct {
	mu    sync.Mutex
	lines []string
}

func (t *lineTail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, line)
	if len(t.lines) > 10 {
		t.lines = t.lines[len(t.lines)-10:]
	}
}

func (t *lineTail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}
