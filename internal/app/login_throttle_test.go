package app

import (
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// clientFrom returns an HTTP client whose connections come from the
// loopback address ip (the whole of 127/8 is loopback on Linux).
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
}

// TestLoginIsThrottledWithoutLockingTheUserOut sends 300 wrong passwords
// for us-liaison from one address: after the first few they are answered
// 429 with Retry-After, unchecked; the right password from the same
// address waits too, from another address it works; /metrics counts it.
func TestLoginIsThrottledWithoutLockingTheUserOut(t *testing.T) {
	n := newTestNode(t)
	login := func(c *http.Client, password string) (int, string) {
		resp, err := c.Post(n.srv.URL+"/api/v1/session", "application/json",
			strings.NewReader(`{"username":"us-liaison","password":"`+password+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	attacker, user := clientFrom("127.0.0.1"), clientFrom("127.0.0.2")
	counts := map[int]int{}
	for i := range 300 {
		code, retry := login(attacker, "guess-"+strconv.Itoa(i))
		counts[code]++
		if code == 429 {
			if s, err := strconv.Atoi(retry); err != nil || s < 1 {
				t.Fatalf("429 with Retry-After %q", retry)
			}
		}
	}
	// Three free failures, then one per doubling delay (1 s, 2 s, …) for
	// as long as the loop runs.
	if counts[401] > 8 || counts[429] < 290 || counts[401]+counts[429] != 300 {
		t.Fatalf("answers %v: want nearly all 429", counts)
	}
	if code, _ := login(attacker, "password-us-liaison"); code != 429 {
		t.Fatalf("right password from the attacking address: %d, want 429 (that pair is throttled)", code)
	}
	if code, _ := login(user, "password-us-liaison"); code != 201 {
		t.Fatalf("the real user from another address: %d, want 201 (not locked out)", code)
	}
	_, m, _ := n.do("GET", "/metrics", "", nil)
	re := regexp.MustCompile(`truce_login_throttled_total\{scope="account_source"\} (\d+)`)
	got := re.FindSubmatch(m)
	if got == nil {
		t.Fatalf("/metrics has no login throttle counter")
	}
	if v, _ := strconv.Atoi(string(got[1])); v < counts[429] {
		t.Fatalf("throttled logins counted %d, %d were refused", v, counts[429])
	}
	if !strings.Contains(string(m), "truce_login_failures_total") {
		t.Fatal("/metrics has no failed-login counter")
	}
}
