package config

import (
	"strings"
	"testing"
	"time"
)

// TestValidateServerBuiltInCode checks that a Server built in code with
// only what it needs (as truce demo builds its node's) validates: a
// duration it leaves at zero takes its default rather than failing, and
// a set one below its floor still fails with the flag's name.
func TestValidateServerBuiltInCode(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Server)
		wantErr string
	}{
		{"federation poll left at zero", func(*Server) {}, ""},
		{"federation poll set", func(c *Server) { c.FederationPoll = time.Second }, ""},
		{"federation poll below its floor", func(c *Server) { c.FederationPoll = time.Millisecond }, "--federation-poll"},
		{"federation max age left at zero", func(*Server) {}, ""},
		{"federation max age set", func(c *Server) { c.FederationMaxAge = 8 * time.Second }, ""},
		{"federation max age below four checkpoint intervals", func(c *Server) {
			c.CheckpointInterval, c.FederationMaxAge = 3*time.Second, 10*time.Second
		}, "--federation-max-age"},
		{"feed timeout negative", func(c *Server) { c.FeedTimeout = -time.Second }, "--feed-timeout"},
		{"feed polls set", func(c *Server) { c.FeedPolls = 8 }, ""},
		{"feed polls beyond 64", func(c *Server) { c.FeedPolls = 65 }, "--feed-polls"},
		{"federation max age below 4s", func(c *Server) { c.FederationMaxAge = 3 * time.Second }, "--federation-max-age"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Server{Data: t.TempDir(), Addr: "127.0.0.1:0", CheckpointInterval: time.Second,
				RateLimit: 1000, MaxBody: 1 << 20, LogLevel: "info", LogFormat: "text"}
			tt.edit(c)
			err := c.Validate()
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Validate = %v, want an error naming %s", err, tt.wantErr)
			}
		})
	}
}
