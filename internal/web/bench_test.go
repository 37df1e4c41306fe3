package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/web"
)

// BenchmarkStatic measures serving a UI file: a first load and a
// revalidation (304) as every later page load does.
func BenchmarkStatic(b *testing.B) {
	h := web.Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/static/js/verify.js", nil))
	tag := rec.Header().Get("ETag")
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/static/js/verify.js", nil))
		}
	})
	b.Run("revalidate", func(b *testing.B) {
		for b.Loop() {
			req := httptest.NewRequest("GET", "/static/js/verify.js", nil)
			req.Header.Set("If-None-Match", tag)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotModified {
				b.Fatal(rec.Code)
			}
		}
	})
}

// BenchmarkListEntries measures GET /api/v1/log/entries over loopback on a
// log of 5,000 entries, a tenth of them CLEAR: the public's page (which
// reads the whole 2,000-entry window to find its 50) and a party's page.
func BenchmarkListEntries(b *testing.B) {
	n := startNode(b)
	var changes []ledger.Change
	for i := range 5000 {
		rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}}
		if i%10 == 0 {
			rel = access.Releasability{TLP: access.TLPClear}
		}
		changes = append(changes, ledger.Change{Draft: ledger.Draft{Party: "us", Author: "bench", Kind: "bench.entry",
			Subject: fmt.Sprintf("bench:%d", i), Release: rel, Payload: map[string]int{"i": i}}})
	}
	if _, err := n.app.Sequencer.Append(context.Background(), changes...); err != nil {
		b.Fatal(err)
	}
	us := n.token(b, "us-liaison")
	for _, bc := range []struct{ name, token string }{{"public", ""}, {"party", us}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				req, _ := http.NewRequest("GET", n.srv.URL+"/api/v1/log/entries?limit=50", nil)
				if bc.token != "" {
					req.Header.Set("Authorization", "Bearer "+bc.token)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatal(resp.StatusCode)
				}
			}
		})
	}
}
