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

// Each yields the feature twice, so that a page of one has a next link.
func (hostile) Each(_ context.Context, _ access.Principal, _ *features.Query, yield func(*features.Feature) error) error {
	if err := yield(hostileFeature()); err != nil {
		return err
	}
	return yield(hostileFeature())
}

func (hostile) Get(context.Context, access.Principal, string) (*features.Feature, error) {
	return hostileFeature(), nil
}

func hostileFeature() *features.Feature {
	return &features.Feature{ID: `"><script>alert(1)</script>`, Cursor: "c1", Geometry: json.RawMessage(`{"type":"Point","coordinates":[1,2]}`),
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

// TestLinksNeverCarryTheToken renders every resource, as HTML and as JSON,
// with a query-string token full of markup: no link (self, alternate,
// collection, next, the pages' navigation) carries access_token, and the
// token appears nowhere in the response, escaped or not.
func TestLinksNeverCarryTheToken(t *testing.T) {
	reg := features.NewRegistry()
	reg.Register(hostile{})
	h := New(Options{Collections: func() *features.Registry { return reg }, Principal: func(*http.Request) access.Principal { return access.Public },
		Error: func(w http.ResponseWriter, _ *http.Request, err error) { http.Error(w, err.Error(), 500) }})
	tok := `t"><i>&x=1`
	esc := url.QueryEscape(tok)
	hrefs := regexp.MustCompile(`href="([^"]*)"`)
	jsonHrefs := regexp.MustCompile(`"href":"([^"]*)"`)
	for _, p := range []string{"/ogc", "/ogc/conformance", "/ogc/api", "/ogc/collections", "/ogc/collections/hostile",
		"/ogc/collections/hostile/queryables", "/ogc/collections/hostile/items", "/ogc/collections/hostile/items/x"} {
		for _, f := range []string{"html", "json"} {
			rec := httptest.NewRecorder()
			q := "?f=" + f + "&access_token=" + esc
			if strings.HasSuffix(p, "/items") {
				q += "&limit=1" // a full page: it has a next link
			}
			h.ServeHTTP(rec, httptest.NewRequest("GET", p+q, nil))
			body := rec.Body.String()
			if rec.Code != 200 || strings.Contains(body, tok) || strings.Contains(body, esc) || strings.Contains(body, "<i>") {
				t.Fatalf("%s as %s: %d, or the token is in the body\n%s", p, f, rec.Code, body)
			}
			re, unescape := hrefs, html.UnescapeString
			if f == "json" {
				re, unescape = jsonHrefs, func(s string) string { return s }
			}
			links := re.FindAllStringSubmatch(body, -1)
			if f == "html" && len(links) < 4 {
				t.Fatalf("%s: %d links", p, len(links))
			}
			for _, l := range links {
				u, err := url.Parse(unescape(l[1]))
				if err != nil || u.Query().Has("access_token") {
					t.Errorf("%s as %s: link %q carries access_token (%v)", p, f, l[1], err)
				}
			}
			if strings.HasSuffix(p, "/items") && !strings.Contains(body, "cursor=") {
				t.Errorf("%s as %s: no next link to check", p, f)
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
