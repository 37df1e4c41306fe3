package ogc

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"truce/internal/features"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"text": func(v any) string {
		switch x := v.(type) {
		case nil:
			return ""
		case string:
			return x
		case []string:
			return strings.Join(x, ", ")
		}
		return fmt.Sprint(v)
	},
	"geometry": func(f *features.Feature) string { return string(f.Geometry) },
	// path escapes an id as one path segment.
	"path": url.PathEscape,
}).ParseFS(templateFS, "templates/*.html"))

// html renders page with data; the page is plain server-side HTML (no
// scripts), allowed by the node's Content-Security-Policy. The templates
// escape every value. No link between pages carries r's access_token:
// credentials in URLs end up in logs, histories and shared links.
func (h *Handler) html(w http.ResponseWriter, r *http.Request, page string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	root := map[string]any{"Title": h.o.Title, "Data": data}
	if err := pages.ExecuteTemplate(w, page, root); err != nil {
		h.o.Error(w, r, err)
	}
}
