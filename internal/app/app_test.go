package app

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestUserEntriesAreReleasedOnlyToTheirParty(t *testing.T) {
	n := newTestNode(t)
	code, body, _ := n.do("POST", "/api/v1/users", "us-admin", map[string]any{
		"username": "us-analyst", "party": "us", "role": "analyst", "password": "a long password"})
	if code != 201 {
		t.Fatalf("create user: %d %s", code, body)
	}
	// Find the user.created entry for us-analyst.
	size := n.app.Hashes.Size()
	seq := size - 1
	for _, tc := range []struct {
		user string
		want int
	}{{"us-observer", 200}, {"ru-admin", 404}, {"un-admin", 404}, {"", 404}} {
		code, body, _ := n.do("GET", "/api/v1/log/entries/"+itoa(seq), tc.user, nil)
		if code != tc.want {
			t.Errorf("%q reads entry %d: got %d, want %d (%s)", tc.user, seq, code, tc.want, body)
		}
		if code == 200 && !strings.Contains(string(body), "us-analyst") {
			t.Errorf("entry body lacks the user: %s", body)
		}
	}
	n.app.Auditor.Flush()
	code, body, _ = n.do("GET", "/api/v1/audit/reads", "us-admin", nil)
	var reads struct {
		Items []struct{ Reader, Path string }
	}
	json.Unmarshal(body, &reads)
	if code != 200 || len(reads.Items) != 1 || reads.Items[0].Reader != "us-observer" {
		t.Errorf("read audit: %d %s", code, body)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
