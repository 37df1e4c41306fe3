package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
)

// assets holds the UI: static/ (our code, styles and translations) and
// vendor/ (third-party libraries with their licences).
//
//go:embed static vendor
var assets embed.FS

// Assets returns the embedded files, rooted so that static/... and
// vendor/... are their paths (tests read the translation tables from it).
func Assets() fs.FS { return assets }

// Handler returns the UI's handler, to be mounted at "/" behind the API's
// middleware (which sets the Content-Security-Policy the UI keeps to: no
// inline scripts, no third-party origins). It serves:
//
//   - GET / (and /index.html): the single page;
//   - GET /static/... and /vendor/...: the embedded files, revalidated by
//     ETag on every load so an upgraded node never serves stale code;
//
// and 404 for anything else, so unknown paths are not mistaken for pages.
// Only GET and HEAD are allowed (405 otherwise).
func Handler() http.Handler {
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := path.Clean(r.URL.Path)
		switch {
		case p == "/" || p == "/index.html":
			serveIndex(w, r)
		case strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/vendor/"):
			if strings.HasSuffix(p, "/") || isDir(p) {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Cache-Control", "no-cache")
			if tag := etag(p); tag != "" {
				w.Header().Set("ETag", tag)
			}
			files.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

// serveIndex serves the page itself; it is never cached so that a new
// release's module URLs are picked up at once.
func serveIndex(w http.ResponseWriter, r *http.Request) {
	b, err := assets.ReadFile("static/index.html")
	if err != nil {
		http.Error(w, "index missing from the build", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

// isDir reports whether the cleaned URL path p names an embedded directory
// (which the UI never links to: directory listings are not served).
func isDir(p string) bool {
	fi, err := fs.Stat(assets, strings.TrimPrefix(p, "/"))
	return err == nil && fi.IsDir()
}

// etags caches the strong ETag of each embedded file, by URL path.
var etags sync.Map

// etag returns the ETag of the embedded file at URL path p ("" if there is
// none): a hash of its content, so http.FileServer answers If-None-Match
// with 304.
func etag(p string) string {
	if v, ok := etags.Load(p); ok {
		return v.(string)
	}
	b, err := assets.ReadFile(strings.TrimPrefix(p, "/"))
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	tag := `"` + hex.EncodeToString(sum[:12]) + `"`
	etags.Store(p, tag)
	return tag
}
