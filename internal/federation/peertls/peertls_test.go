package peertls

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/fault"
	"truce/internal/federation/roster"
	"truce/internal/testwait"
	"truce/internal/witness"
)

// node is a test node: its identity and its roster entry.
type node struct {
	id     *Identity
	member roster.Member
}

func newNode(t *testing.T, party string) node {
	t.Helper()
	origin := "peertls.truce.invalid/" + party
	id, err := Create(t.TempDir(), origin)
	if err != nil {
		t.Fatal(err)
	}
	_, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		t.Fatal(err)
	}
	_, wkey, err := witness.GenerateKey("witness.truce.invalid/" + party)
	if err != nil {
		t.Fatal(err)
	}
	return node{id: id, member: roster.Member{Party: party, Origin: origin, LogKey: vkey, WitnessKey: wkey,
		TLSPin: id.Pin(), URLs: []string{"https://" + party + ".truce.invalid"}, CoChair: true}}
}

func rosterOf(t *testing.T, version int64, nodes ...node) *roster.Roster {
	t.Helper()
	r := &roster.Roster{Federation: "peertls-test", Version: version, Quorum: 1}
	for _, n := range nodes {
		r.Members = append(r.Members, n.member)
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	return r
}

// syncBuffer is a log sink the server's goroutines write to.
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

// serve starts a federation listener on loopback for self, answering each
// request with the calling member's party, and returns its address.
func serve(t *testing.T, self node, current *atomic.Pointer[roster.Roster], logs io.Writer) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			m, err := PeerMember(r, current.Load())
			if err != nil {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			io.WriteString(w, m.Party)
		}),
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go srv.Serve(tls.NewListener(ln, ServerConfig(Static(self.id), current.Load, nil, logger)))
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// call GETs https://addr/ as caller, expecting expect's pin, on a new
// connection, and returns the body or the error.
func call(t *testing.T, caller *Identity, expect roster.Member, addr string) (string, error) {
	t.Helper()
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{
		TLSClientConfig: ClientConfig(Static(caller), expect, nil), DisableKeepAlives: true, ForceAttemptHTTP2: false,
	}}
	resp, err := client.Get("https://" + addr + "/federation/v1/checkpoint")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func TestMemberConnects(t *testing.T) {
	us, ru := newNode(t, "us"), newNode(t, "ru")
	var current atomic.Pointer[roster.Roster]
	current.Store(rosterOf(t, 1, us, ru))
	addr := serve(t, us, &current, io.Discard)
	got, err := call(t, ru.id, us.member, addr)
	if err != nil || got != "ru" {
		t.Fatalf("ru calling us: %q, %v; want \"ru\"", got, err)
	}
}

func TestNonMemberRefusedAtHandshake(t *testing.T) {
	us, ru, outsider := newNode(t, "us"), newNode(t, "ru"), newNode(t, "xx")
	var current atomic.Pointer[roster.Roster]
	current.Store(rosterOf(t, 1, us, ru))
	logs := &syncBuffer{}
	addr := serve(t, us, &current, logs)
	got, err := call(t, outsider.id, us.member, addr)
	if err == nil { // a handler's 403 would come back as a body, not an error
		t.Fatalf("a non-member reached a handler: %q; want it refused at the handshake", got)
	}
	// The log line is written by the handshake's VerifyConnection: the
	// refusal happened there, not in a handler.
	testwait.For(t, 10*time.Second, "the refusal's log line", func() bool {
		return strings.Contains(logs.String(), "not a roster member's") && strings.Contains(logs.String(), outsider.id.Pin())
	})
}

func TestClientRefusesWrongServerPin(t *testing.T) {
	us, ru, un := newNode(t, "us"), newNode(t, "ru"), newNode(t, "un")
	var current atomic.Pointer[roster.Roster]
	current.Store(rosterOf(t, 1, us, ru, un))
	addr := serve(t, us, &current, io.Discard) // us answers where ru expects un
	_, err := call(t, ru.id, un.member, addr)
	if err == nil || !strings.Contains(err.Error(), "is not un's") {
		t.Fatalf("ru expecting un but reaching us: %v, want the pin refused", err)
	}
	if !errors.Is(err, ErrNotMember) {
		t.Fatalf("%v does not wrap ErrNotMember", err)
	}
}

// TestRosterChangeTakesEffect installs new roster values while the server
// runs: a party added can connect on its next connection, a party removed
// cannot.
func TestRosterChangeTakesEffect(t *testing.T) {
	us, ru, un := newNode(t, "us"), newNode(t, "ru"), newNode(t, "un")
	var current atomic.Pointer[roster.Roster]
	current.Store(rosterOf(t, 1, us, ru))
	addr := serve(t, us, &current, io.Discard)
	if _, err := call(t, un.id, us.member, addr); err == nil {
		t.Fatal("un was served before it joined")
	}
	current.Store(rosterOf(t, 2, us, ru, un))
	if got, err := call(t, un.id, us.member, addr); err != nil || got != "un" {
		t.Fatalf("un after joining: %q, %v", got, err)
	}
	current.Store(rosterOf(t, 3, us, un))
	if got, err := call(t, ru.id, us.member, addr); err == nil {
		t.Fatalf("ru was served after it left: %q", got)
	}
}

// TestPeerMemberRechecksTheRoster: a connection opened while a party was a
// member is refused on its next request once the party has left.
func TestPeerMemberRechecksTheRoster(t *testing.T) {
	us, ru := newNode(t, "us"), newNode(t, "ru")
	var current atomic.Pointer[roster.Roster]
	current.Store(rosterOf(t, 1, us, ru))
	addr := serve(t, us, &current, io.Discard)
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{TLSClientConfig: ClientConfig(Static(ru.id), us.member, nil)}}
	defer client.CloseIdleConnections()
	get := func() int {
		resp, err := client.Get("https://" + addr + "/")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(); code != http.StatusOK {
		t.Fatalf("member: %d", code)
	}
	third := newNode(t, "un")
	current.Store(rosterOf(t, 2, us, third))
	if code := get(); code != http.StatusForbidden {
		t.Fatalf("removed member on its open connection: %d, want 403", code)
	}
	if _, err := PeerMember(httptestRequest(), current.Load()); !errors.Is(err, fault.ErrUnauthenticated) {
		t.Fatalf("a request without TLS: %v", err)
	}
}

func httptestRequest() *http.Request {
	r, _ := http.NewRequestWithContext(context.Background(), "GET", "http://x/", nil)
	return r
}

func TestIdentityFiles(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Load of an empty dir: %v", err)
	}
	id, err := LoadOrCreate(dir, "files.truce.invalid/us")
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v; want 0600", st.Mode(), err)
	}
	if _, err := Create(dir, "files.truce.invalid/us"); err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("second Create: %v", err)
	}
	again, err := LoadOrCreate(dir, "ignored")
	if err != nil || again.Pin() != id.Pin() {
		t.Fatalf("reload: pin %s, %v; want %s", again.Pin(), err, id.Pin())
	}
	leaf := again.Certificate().Leaf
	if leaf.Subject.CommonName != "files.truce.invalid/us" || len(leaf.DNSNames)+len(leaf.IPAddresses)+len(leaf.URIs) != 0 {
		t.Fatalf("certificate subject %q, SANs %v %v %v", leaf.Subject.CommonName, leaf.DNSNames, leaf.IPAddresses, leaf.URIs)
	}
	if time.Until(leaf.NotAfter) < 10*365*24*time.Hour {
		t.Fatalf("certificate valid only until %s", leaf.NotAfter)
	}
	if !strings.HasPrefix(id.Pin(), roster.PinPrefix) || len(id.Pin()) != len(roster.PinPrefix)+64 {
		t.Fatalf("pin %q", id.Pin())
	}
}
