package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	h := Handler()
	for _, tc := range []struct {
		method, path string
		status       int
		ctype        string // prefix
		body         string // substring
	}{
		{"GET", "/", 200, "text/html", `<script type="module" src="/static/js/main.js">`},
		{"GET", "/index.html", 200, "text/html", "<title>truce</title>"},
		{"HEAD", "/", 200, "text/html", ""},
		{"GET", "/static/js/main.js", 200, "text/javascript", "boot()"},
		{"GET", "/static/css/app.css", 200, "text/css", "inline-start"},
		{"GET", "/static/i18n/ar.json", 200, "application/json", "الخريطة"},
		{"GET", "/vendor/leaflet/leaflet.js", 200, "text/javascript", "Leaflet 1.9.4"},
		{"GET", "/vendor/leaflet/images/layers.png", 200, "image/png", ""},
		{"GET", "/vendor/leaflet/LICENSE", 200, "", "BSD 2-Clause"},
		{"GET", "/static/", 404, "", ""},
		{"GET", "/static/js", 404, "", ""},
		{"GET", "/static/nope.js", 404, "", ""},
		{"GET", "/nope", 404, "", ""},
		{"GET", "/static/../web.go", 404, "", ""},
		{"POST", "/", 405, "", ""},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d", rec.Code, tc.status)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("Content-Type %q, want %q…", ct, tc.ctype)
			}
			if !strings.Contains(rec.Body.String(), tc.body) {
				t.Errorf("body lacks %q", tc.body)
			}
		})
	}
}

// TestETag checks that static files revalidate: a second load with the
// ETag gets 304, so an upgraded node's files are picked up at once while
// unchanged ones cost no transfer.
func TestETag(t *testing.T) {
	h := Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/static/js/verify.js", nil))
	tag := rec.Header().Get("ETag")
	if rec.Code != 200 || tag == "" || rec.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("status %d, ETag %q, Cache-Control %q", rec.Code, tag, rec.Header().Get("Cache-Control"))
	}
	req := httptest.NewRequest("GET", "/static/js/verify.js", nil)
	req.Header.Set("If-None-Match", tag)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Fatalf("revalidation: status %d, want 304", rec.Code)
	}
}
