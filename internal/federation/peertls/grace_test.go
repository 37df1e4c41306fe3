package peertls

import (
	"crypto/tls"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/federation/roster"
)

// serveAs is serve with the identity own returns at each handshake and
// the old pins grace holds.
func serveAs(t *testing.T, own Own, current *atomic.Pointer[roster.Roster], grace *Grace) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			m, err := grace.PeerMember(r, current.Load())
			if err != nil {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			io.WriteString(w, m.Party)
		}),
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go srv.Serve(tls.NewListener(ln, ServerConfig(own, current.Load, grace, slog.New(slog.NewTextHandler(io.Discard, nil)))))
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// callAs GETs https://addr/ as caller expecting expect's pin (or an old
// one grace holds), on a new connection.
func callAs(caller *Identity, expect roster.Member, grace *Grace, addr string) (string, error) {
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{
		TLSClientConfig: ClientConfig(Static(caller), expect, grace), DisableKeepAlives: true,
	}}
	resp, err := client.Get("https://" + addr + "/")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", &net.AddrError{Err: resp.Status, Addr: addr}
	}
	return string(b), err
}

// TestGraceAcceptsTheReplacedPin rotates ru's certificate from roster
// version 1 to 2 on us's node. With the replaced pin held, us's server
// accepts ru with either certificate and us's client accepts ru's server
// still presenting the old one; once ru is seen with its new pin the old
// one is refused both ways. A second rotation's old pin lapses when its
// grace period ends. Without a Grace the old pin is refused at once. ru's
// server switches certificate between two connections (Own).
func TestGraceAcceptsTheReplacedPin(t *testing.T) {
	us, ru := newNode(t, "us"), newNode(t, "ru")
	v1 := rosterOf(t, 1, us, ru)
	oldRU := ru.id
	newID, err := Create(t.TempDir(), ru.member.Origin)
	if err != nil {
		t.Fatal(err)
	}
	ru.member.TLSPin = newID.Pin()
	v2 := rosterOf(t, 2, us, ru)
	clock := time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)
	grace := NewGrace(func() time.Time { return clock })
	if got := grace.Rotated(v1, v2, time.Hour); len(got) != 1 || got[0] != "ru" {
		t.Fatalf("rotated parties %v, want [ru]", got)
	}

	var usRoster atomic.Pointer[roster.Roster]
	usRoster.Store(v2)
	usAddr := serveAs(t, Static(us.id), &usRoster, grace)
	noGraceAddr := serveAs(t, Static(us.id), &usRoster, nil)
	var ruUses atomic.Pointer[Identity]
	ruUses.Store(oldRU)
	var ruRoster atomic.Pointer[roster.Roster]
	ruRoster.Store(v1)
	ruAddr := serveAs(t, func() *Identity { return ruUses.Load() }, &ruRoster, nil)
	ruInV2, _ := v2.ByParty("ru")

	if got, err := callAs(oldRU, us.member, nil, usAddr); err != nil || got != "ru" {
		t.Fatalf("ru's old certificate during the grace: %q %v", got, err)
	}
	if _, err := callAs(oldRU, us.member, nil, noGraceAddr); err == nil {
		t.Fatal("a server without grace accepted ru's replaced pin")
	}
	if got, err := callAs(us.id, ruInV2, grace, ruAddr); err != nil || got != "us" {
		t.Fatalf("us calling ru's server with its old certificate during the grace: %q %v", got, err)
	}
	if _, err := callAs(us.id, ruInV2, nil, ruAddr); err == nil {
		t.Fatal("a client without grace accepted ru's replaced pin")
	}

	// ru switches: its server presents the new certificate at once, and
	// us, having seen it, no longer accepts the old one.
	ruUses.Store(newID)
	ruRoster.Store(v2)
	if got, err := callAs(us.id, ruInV2, grace, ruAddr); err != nil || got != "us" {
		t.Fatalf("us calling ru's server with its new certificate: %q %v", got, err)
	}
	if grace.Held() != 0 {
		t.Fatalf("%d old pins held after ru's new one was seen", grace.Held())
	}
	if _, err := callAs(oldRU, us.member, nil, usAddr); err == nil {
		t.Fatal("ru's replaced pin accepted after its new one was seen")
	}
	if got, err := callAs(newID, us.member, nil, usAddr); err != nil || got != "ru" {
		t.Fatalf("ru's new certificate: %q %v", got, err)
	}

	// A pending proposal of ru's next pin: accepted while it is pending.
	fourth, err := Create(t.TempDir(), ru.member.Origin)
	if err != nil {
		t.Fatal(err)
	}
	proposed := *v2
	proposed.Members = []roster.Member{us.member, ruInV2}
	proposed.Members[1].TLSPin = fourth.Pin()
	if _, err := callAs(fourth, us.member, nil, usAddr); err == nil {
		t.Fatal("ru's proposed pin accepted before the proposal was seen")
	}
	grace.Upcoming(v2, []*roster.Roster{&proposed})
	if got, err := callAs(fourth, us.member, nil, usAddr); err != nil || got != "ru" {
		t.Fatalf("ru's proposed pin while the proposal is pending: %q %v", got, err)
	}
	grace.Upcoming(v2, nil)
	if _, err := callAs(fourth, us.member, nil, usAddr); err == nil {
		t.Fatal("ru's proposed pin accepted once no proposal is pending")
	}

	// Another rotation, never seen in use: its old pin lapses.
	third, err := Create(t.TempDir(), ru.member.Origin)
	if err != nil {
		t.Fatal(err)
	}
	ru.member.TLSPin = third.Pin()
	v3 := rosterOf(t, 3, us, ru)
	grace.Rotated(v2, v3, time.Hour)
	usRoster.Store(v3)
	if got, err := callAs(newID, us.member, nil, usAddr); err != nil || got != "ru" {
		t.Fatalf("ru's replaced pin within its grace period: %q %v", got, err)
	}
	clock = clock.Add(time.Hour)
	if _, err := callAs(newID, us.member, nil, usAddr); err == nil {
		t.Fatal("ru's replaced pin accepted after its grace period")
	}
}
