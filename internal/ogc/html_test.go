package ogc

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/features"
)

// hostile is a collection whose one feature carries markup in its id and
// properties.
type hostile struct{}

func (hostile) Info() features.Info {
	return features.Info{ID: "hostile", Title: `<img src=x onerror="alert(1)">`}
}

func (hostile) Each(_ context.Context, _ access.Principal, _ *features.Query, yield func(*features.Feature) error) error {
	return yield(hostileFeature())
}

func (hostile) Get(context.Context, access.Principal, string) (*features.Feature, error) {
	return hostileFeature(), nil
}

func hostileFeature() *features.Feature {
	return &features.Feature{ID: `"><script>alert(1)</script>`, Geometry: json.RawMessage(`{"type":"Point","coordinates":[1,2]}`),
		Props: []features.Prop{{Name: "place_name", Value: `<script>alert("x")</script>`}, {Name: "<b>", Value: "x"}}}
}

// TestHTMLEscapesEverything renders the HTML pages of a feature full of
// markup and checks that none of it reaches the page unescaped.
func TestHTMLEscapesEverything(t *testing.T) {
	reg := features.NewRegistry()
	reg.Register(hostile{})
	h := New(Options{Collections: func() *features.Registry { return reg }, Principal: func(*http.Request) access.Principal { return access.Public },
		Error: func(w http.ResponseWriter, _ *http.Request, err error) { http.Error(w, err.Error(), 500) }})
	for _, p := range []string{"/ogc/collections?f=html", "/ogc/collections/hostile?f=html", "/ogc/collections/hostile/items?f=html", "/ogc/collections/hostile/items/x?f=html"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		body := rec.Body.String()
		if rec.Code != 200 || strings.Contains(body, "<script") || strings.Contains(body, "<img") || strings.Contains(body, "<b><b>") {
			t.Fatalf("%s: %d\n%s", p, rec.Code, body)
		}
	}
}

// TestHTMLLinksCarryTheToken renders every HTML page with a query-string
// token full of markup: every link between the pages carries it, escaped
// as a query value, and the raw token appears nowhere.
func TestHTMLLinksCarryTheToken(t *testing.T) {
	reg := features.NewRegistry()
	reg.Register(hostile{})
	h := New(Options{Collections: func() *features.Registry { return reg }, Principal: func(*http.Request) access.Principal { return access.Public },
		Error: func(w http.ResponseWriter, _ *http.Request, err error) { http.Error(w, err.Error(), 500) }})
	tok := `t"><i>&x=1`
	esc := url.QueryEscape(tok)
	hrefs := regexp.MustCompile(`href="([^"]*)"`)
	for _, p := range []string{"/ogc", "/ogc/conformance", "/ogc/api", "/ogc/collections", "/ogc/collections/hostile",
		"/ogc/collections/hostile/queryables", "/ogc/collections/hostile/items", "/ogc/collections/hostile/items/x"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p+"?f=html&access_token="+esc, nil))
		body := rec.Body.String()
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || strings.Contains(body, tok) || strings.Contains(body, "<i>") {
			t.Fatalf("%s: %d %s\n%s", p, rec.Code, rec.Header().Get("Content-Type"), body)
		}
		links := hrefs.FindAllStringSubmatch(body, -1)
		if len(links) < 4 {
			t.Fatalf("%s: %d links", p, len(links))
		}
		for _, l := range links {
			u, err := url.Parse(html.UnescapeString(l[1]))
			if err != nil || u.Query().Get("access_token") != tok {
				t.Errorf("%s: link %q does not carry the token (%v)", p, l[1], err)
			}
		}
	}
	// The API definition as HTML lists the operations; as JSON it is the
	// OpenAPI document.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/ogc/api?f=html", nil))
	if !strings.Contains(rec.Body.String(), "GET /ogc/collections/hostile/items") {
		t.Fatalf("API definition page:\n%s", rec.Body.String())
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/ogc/api", nil))
	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc["openapi"] != "3.0.3" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/vnd.oai.openapi+json") {
		t.Fatalf("API definition: %v %s", err, rec.Header().Get("Content-Type"))
	}
}
