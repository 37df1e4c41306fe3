package e2e

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// proxy is a fault-injecting TCP proxy on loopback in front of one node's
// federation listener. It forwards bytes unchanged (TLS passes through);
// setting a fault closes the open connections, and the fault applies to
// every connection accepted after.
type proxy struct {
	ln net.Listener

	mu     sync.Mutex
	target string
	cut    bool
	delay  time.Duration // before each chunk forwarded to the client
	drop   int64         // if > 0, close a connection after this many response bytes
	conns  map[net.Conn]struct{}
	closed bool
}

// newProxy listens on a loopback port; it forwards nowhere until retarget.
func newProxy(t testing.TB) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, conns: map[net.Conn]struct{}{}}
	go p.accept()
	t.Cleanup(p.close)
	return p
}

// addr is where clients connect.
func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) retarget(addr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.target = addr
}

// setCut refuses new connections and closes open ones (true), or lets
// connections through again (false).
func (p *proxy) setCut(cut bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
	if cut {
		for c := range p.conns {
			c.Close()
		}
	}
}

// setFaults sets the delay per response chunk and the response bytes
// after which a connection is dropped (0: none), and closes the open
// connections so that clients reconnect under the new faults (they keep
// connections alive between requests).
func (p *proxy) setFaults(delay time.Duration, drop int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.delay, p.drop = delay, drop
	for c := range p.conns {
		c.Close()
	}
}

func (p *proxy) close() {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.ln.Close()
}

func (p *proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handle(c)
	}
}

// track registers c, or closes it and reports false if the proxy is cut.
func (p *proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut || p.closed {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *proxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		delete(p.conns, c)
		c.Close()
	}
}

func (p *proxy) handle(client net.Conn) {
	p.mu.Lock()
	target, delay, drop := p.target, p.delay, p.drop
	p.mu.Unlock()
	if !p.track(client) {
		return
	}
	if target == "" {
		p.untrack(client)
		return
	}
	up, err := net.DialTimeout("tcp", target, 5*time.Second)
	if err != nil {
		p.untrack(client)
		return
	}
	if !p.track(up) {
		p.untrack(client)
		return
	}
	defer p.untrack(client, up)
	stop := make(chan struct{}) // closed when this connection ends
	defer close(stop)
	done := make(chan struct{}, 2)
	go func() {
		io.Copy(up, client)
		done <- struct{}{}
	}()
	go func() {
		buf := make([]byte, 4096)
		var sent int64
		for {
			n, err := up.Read(buf)
			if n > 0 {
				if !pause(delay, stop) {
					break
				}
				if drop > 0 && sent+int64(n) > drop {
					client.Write(buf[:drop-sent])
					break
				}
				if _, werr := client.Write(buf[:n]); werr != nil {
					break
				}
				sent += int64(n)
			}
			if err != nil {
				break
			}
		}
		done <- struct{}{}
	}()
	<-done
}

// pause holds a response chunk for the injected delay, the fault itself
// (not a wait for a condition); it returns false at once if the connection
// ends first, so that no forwarding goroutine outlives its connection.
func pause(delay time.Duration, stop <-chan struct{}) bool {
	if delay <= 0 {
		return true
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-stop:
		return false
	}
}
