package api

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"truce/internal/store"
)

func TestRateLimiterRefillsAtItsRate(t *testing.T) {
	now := time.Unix(0, 0)
	l := newRateLimiter(10, 20, func() time.Time { return now })
	for i := range 20 {
		if !l.allow("a") {
			t.Fatalf("request %d of the burst refused", i)
		}
	}
	if l.allow("a") {
		t.Fatal("request past the burst allowed")
	}
	if !l.allow("b") {
		t.Fatal("another key shares a's bucket")
	}
	now = now.Add(100 * time.Millisecond) // one token at 10/s
	if !l.allow("a") || l.allow("a") {
		t.Fatal("refill after 100ms at 10/s should allow exactly one request")
	}
}

func TestDecodeJSONRejectsBadBodies(t *testing.T) {
	type target struct {
		Name string `json:"name"`
		N    int    `json:"n"`
	}
	cases := []struct {
		name, body, ctype, want string
	}{
		{"malformed", `{"name":`, "application/json", "/name: the JSON value is truncated"},
		{"syntax", `{"name" "x"}`, "application/json", "malformed JSON at byte"},
		{"unknown field", `{"name":"x","extra":1}`, "application/json", `/extra: unknown member`},
		{"wrong type", `{"n":"seven"}`, "application/json", `/n: must be an integer in range, not JSON string`},
		{"duplicate key", `{"name":"a","name":"b"}`, "application/json", "/name: duplicate member name"},
		{"key case", `{"NAME":"a"}`, "application/json", "/NAME: unknown member; names are case-sensitive"},
		{"invalid UTF-8", "{\"name\":\"\xff\"}", "application/json", "/name: holds invalid UTF-8"},
		{"lone surrogate", `{"name":"\udc00"}`, "application/json", "/name: holds an escaped lone UTF-16 surrogate"},
		{"two values", `{"n":1}{"n":2}`, "application/json", "after the JSON value"},
		{"empty", ``, "application/json", "empty body"},
		{"media type", `{"n":1}`, "text/plain", "is not application/json"},
		{"too large", `{"name":"` + strings.Repeat("x", 100) + `"}`, "application/json", "larger than 64 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
			r.Header.Set("Content-Type", tc.ctype)
			var v target
			err := decodeJSON(r, 64, &v)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestTileServerIsOfferedAndAllowedByTheCSP(t *testing.T) {
	s := newServer(Deps{DB: &store.DB{}}, Options{TileURL: "https://tiles.example.org/{z}/{x}/{y}.png", TileAttribution: "© example"})
	rec := httptest.NewRecorder()
	s.getUIConfig(rec, httptest.NewRequest("GET", "/api/v1/ui/config", nil))
	var c UIConfig
	if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil || c.TileURL != "https://tiles.example.org/{z}/{x}/{y}.png" || c.TileAttribution != "© example" {
		t.Fatalf("ui config: %v %+v", err, c)
	}
	if !strings.Contains(s.csp, "img-src 'self' data: blob: https://tiles.example.org;") {
		t.Fatalf("CSP does not allow the tile server: %s", s.csp)
	}
	if off := newServer(Deps{DB: &store.DB{}}, Options{}); strings.Contains(off.csp, "https://") {
		t.Fatalf("CSP without a tile server allows another origin: %s", off.csp)
	}
}
