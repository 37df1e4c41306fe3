package ogc

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
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
