package app

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestTrackStreamEndsWhenItsTokenIsRevoked opens GET /api/v1/tracks/stream
// with a token, reads an event, revokes the token and requires the stream
// to end within a few events: positions must not keep flowing to a caller
// who has lost access.
func TestTrackStreamEndsWhenItsTokenIsRevoked(t *testing.T) {
	n := newTestNode(t)
	code, body, _ := n.do("POST", "/api/v1/tokens", "us-liaison", map[string]any{"name": "map"})
	if code != 201 {
		t.Fatalf("issue: %d %s", code, body)
	}
	var tok struct{ ID, Secret string }
	if err := json.Unmarshal(body, &tok); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", n.srv.URL+"/api/v1/tracks/stream", nil)
	req.Header.Set("Authorization", "Bearer "+tok.Secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("stream: %s", resp.Status)
	}
	events := make(chan string, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "event: ") {
				events <- line
			}
		}
	}()
	select {
	case <-events:
	case <-time.After(10 * time.Second):
		t.Fatal("no first event")
	}
	if code, body, _ := n.do("DELETE", "/api/v1/tokens/"+tok.ID, "us-liaison", nil); code != 204 {
		t.Fatalf("revoke: %d %s", code, body)
	}
	deadline := time.After(15 * time.Second)
	for got := 0; ; got++ {
		select {
		case _, open := <-events:
			if !open {
				return // the stream ended
			}
			if got > 2 {
				t.Fatal("the stream kept sending after its token was revoked")
			}
		case <-deadline:
			t.Fatal("the stream neither ended nor sent after the revocation")
		}
	}
}
