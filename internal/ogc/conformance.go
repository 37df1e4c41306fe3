package ogc

import (
	"net/http"
)

// ConformsTo lists the conformance classes this package implements, and no
// others.
var ConformsTo = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
	"http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
	"http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
}

func (h *Handler) landing(w http.ResponseWriter, r *http.Request) {
	f, err := h.formatAndParams(r)
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	links := selfAndAlternate(r, "/ogc", f, "application/json")
	links = append(links,
		Link{Href: href(r, "/ogc/api", "f", "json"), Rel: "service-desc", Type: "application/vnd.oai.openapi+json;version=3.0", Title: "the API definition"},
		Link{Href: href(r, "/ogc/api", "f", "html"), Rel: "service-doc", Type: "text/html", Title: "the API definition as HTML"},
		Link{Href: href(r, "/ogc/conformance"), Rel: "conformance", Type: "application/json", Title: "conformance classes"},
		Link{Href: href(r, "/ogc/collections"), Rel: "data", Type: "application/json", Title: "collections"},
	)
	doc := map[string]any{"title": h.o.Title + " — OGC API – Features",
		"description": "Zones, incidents, protected sites, humanitarian movements, alerts and flight plans of a joint ceasefire-monitoring centre, as the caller may see them.",
		"links":       links}
	if f == "html" {
		h.html(w, r, "landing", doc)
		return
	}
	writeJSON(w, "application/json", doc)
}

func (h *Handler) conformance(w http.ResponseWriter, r *http.Request) {
	f, err := h.formatAndParams(r)
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	doc := map[string]any{"conformsTo": ConformsTo}
	if f == "html" {
		h.html(w, r, "conformance", doc)
		return
	}
	writeJSON(w, "application/json", doc)
}

// formatAndParams returns the format of a resource that takes only f and
// access_token.
func (h *Handler) formatAndParams(r *http.Request) (string, error) {
	if err := checkParams(r.URL.Query(), "f", "access_token"); err != nil {
		return "", err
	}
	return format(r)
}
