package sources

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"truce/internal/access"
)

func TestPublicAddress(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"93.184.216.34", true},
		{"2606:2800:220:1:248:1893:25c8:1946", true},
		{"127.0.0.1", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.9", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"fe80::1", false},
		{"fd00::1", false},
		{"100.64.0.1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"224.0.0.1", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
	}
	for _, tt := range tests {
		if got := publicAddress(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("publicAddress(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

// TestFeedPollRefusesNonPublicAddresses polls a loopback feed with the
// default client: the poll fails naming ErrNonPublicAddress and the
// server is never reached (the rule is checked on the address dialled,
// so a redirect or a name resolving to such an address is refused alike).
// With AllowNonPublic the same feed is read.
func TestFeedPollRefusesNonPublicAddresses(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`))
	}))
	defer srv.Close()
	by := access.Principal{UserID: "feed", Party: "us", Role: access.RoleAnalyst}
	feed := &Feed{FeedRegistered: FeedRegistered{ID: "f", URL: srv.URL + "/rss"}}

	s := NewService(Deps{FeedTimeout: 5 * time.Second})
	if _, err := s.poll(context.Background(), feed, by); !errors.Is(err, ErrNonPublicAddress) {
		t.Fatalf("poll of a loopback feed = %v, want ErrNonPublicAddress", err)
	}
	if hits != 0 {
		t.Fatalf("the loopback server was reached %d times", hits)
	}

	open := NewService(Deps{FeedTimeout: 5 * time.Second, AllowNonPublic: true})
	if _, err := open.poll(context.Background(), feed, by); err != nil {
		t.Fatalf("poll with AllowNonPublic: %v", err)
	}
	if hits != 1 {
		t.Fatalf("the server was reached %d times, want 1", hits)
	}
}
