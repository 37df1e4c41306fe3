package ogc

import (
	"net/http"
	"strings"
	"time"

	"truce/internal/features"
	"truce/internal/ogc/cql2"
)

// collectionDoc is the OGC description of one collection.
type collectionDoc struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	ItemType    string         `json:"itemType"`
	CRS         []string       `json:"crs"`
	Extent      map[string]any `json:"extent,omitempty"`
	Links       []Link         `json:"links"`
}

// describe returns the description of collection c as the caller of r
// sees it: its extent is that of the features the caller may see
// (features.ExtentOf), and is left out when the caller sees none.
func (h *Handler) describe(r *http.Request, c features.Collection) (collectionDoc, error) {
	info := c.Info()
	ext, err := features.ExtentOf(r.Context(), c, h.o.Principal(r), extentMaxFeatures)
	if err != nil {
		return collectionDoc{}, err
	}
	p := "/ogc/collections/" + info.ID
	return collectionDoc{ID: info.ID, Title: info.Title, Description: info.Description, ItemType: "feature",
		CRS: []string{CRS84}, Extent: extentDoc(ext),
		Links: []Link{
			{Href: href(r, p), Rel: "self", Type: "application/json", Title: info.Title},
			{Href: href(r, p+"/items", "f", "json"), Rel: "items", Type: "application/geo+json", Title: info.Title + " as GeoJSON"},
			{Href: href(r, p+"/items", "f", "html"), Rel: "items", Type: "text/html", Title: info.Title + " as HTML"},
			{Href: href(r, p+"/queryables"), Rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", Type: "application/schema+json", Title: "queryables"},
			// The draft's name of the link, which GDAL 3.6 follows to learn
			// which properties it may send in a server-side filter.
			{Href: href(r, p+"/queryables"), Rel: "queryables", Type: "application/json", Title: "queryables (draft link)"},
		}}, nil
}

// extentMaxFeatures is the most features a collection's extent is
// computed from; a caller who sees more is shown the world and an open
// interval, as a description that does not depend on the records.
const extentMaxFeatures = 20_000

// extentDoc returns e as OGC API – Features writes an extent (spatial bbox
// in CRS84, temporal interval with null for an open end), nil when e has
// neither.
func extentDoc(e *features.Extent) map[string]any {
	if e.Unbounded {
		return map[string]any{
			"spatial":  map[string]any{"bbox": [][]float64{{-180, -90, 180, 90}}, "crs": CRS84},
			"temporal": map[string]any{"interval": [][]any{{nil, nil}}, "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"},
		}
	}
	doc := map[string]any{}
	if b := e.BBox; b != nil {
		doc["spatial"] = map[string]any{"bbox": [][]float64{{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}, "crs": CRS84}
	}
	if e.HasTime {
		at := func(t *time.Time) any {
			if t == nil {
				return nil
			}
			return t.UTC().Format(time.RFC3339)
		}
		doc["temporal"] = map[string]any{"interval": [][]any{{at(e.Start), at(e.End)}}, "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
	}
	if len(doc) == 0 {
		return nil
	}
	return doc
}

func (h *Handler) collections(w http.ResponseWriter, r *http.Request) {
	f, err := h.formatAndParams(r)
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	var cs []collectionDoc
	for _, c := range h.o.Collections().Collections() {
		d, err := h.describe(r, c)
		if err != nil {
			h.o.Error(w, r, err)
			return
		}
		cs = append(cs, d)
	}
	doc := map[string]any{"links": selfAndAlternate(r, "/ogc/collections", f, "application/json"), "collections": cs}
	if f == "html" {
		h.html(w, r, "collections", doc)
		return
	}
	writeJSON(w, "application/json", doc)
}

func (h *Handler) collection(w http.ResponseWriter, r *http.Request) {
	f, err := h.formatAndParams(r)
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	c, err := h.o.Collections().Collection(r.PathValue("id"))
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	doc, err := h.describe(r, c)
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	if f == "html" {
		h.html(w, r, "collection", doc)
		return
	}
	writeJSON(w, "application/json", doc)
}

// schemaOf returns the JSON Schema of a queryable's type.
func schemaOf(t cql2.Type) map[string]any {
	switch t {
	case cql2.Number:
		return map[string]any{"type": "number"}
	case cql2.Integer:
		return map[string]any{"type": "integer"}
	case cql2.Boolean:
		return map[string]any{"type": "boolean"}
	case cql2.Timestamp:
		return map[string]any{"type": "string", "format": "date-time"}
	case cql2.IntervalType:
		return map[string]any{"type": "string", "format": "interval"}
	case cql2.Geometry:
		return map[string]any{"format": "geometry-any"}
	}
	return map[string]any{"type": "string"}
}

func (h *Handler) queryables(w http.ResponseWriter, r *http.Request) {
	f, err := h.formatAndParams(r)
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	c, err := h.o.Collections().Collection(r.PathValue("id"))
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	info := c.Info()
	props := map[string]any{
		"id":       map[string]any{"title": "Feature id", "type": "string"},
		"geometry": map[string]any{"title": "Geometry", "format": "geometry-any"},
		"datetime": map[string]any{"title": "When the record applies (T_INTERSECTS only)", "type": "string", "format": "interval"},
	}
	for _, q := range info.Queryables {
		s := schemaOf(q.Type)
		s["title"] = q.Title
		if len(q.Enum) > 0 {
			s["enum"] = q.Enum
		}
		props[q.Name] = s
	}
	// draft lists the queryables as the Part 3 drafts did ({"queryables":
	// [{"id": …}]}), an extra member JSON Schema readers ignore: GDAL 3.6
	// reads only this form, and filters on the client without it.
	draft := make([]map[string]any, 0, len(info.Queryables))
	for _, q := range info.Queryables {
		draft = append(draft, map[string]any{"id": q.Name, "title": q.Title})
	}
	doc := map[string]any{
		"$schema": "https://json-schema.org/draft/2019-09/schema",
		"$id":     href(r, "/ogc/collections/"+info.ID+"/queryables"),
		"type":    "object", "title": info.Title, "properties": props, "additionalProperties": false,
		"queryables": draft,
	}
	if f == "html" {
		h.html(w, r, "queryables", map[string]any{"title": info.Title, "id": info.ID, "queryables": info.Queryables})
		return
	}
	ctype := "application/schema+json"
	if accept := r.Header.Get("Accept"); accept != "" && !strings.Contains(accept, "schema+json") && strings.Contains(accept, "json") {
		ctype = "application/json" // a client that asked for plain JSON (GDAL's draft link)
	}
	writeJSON(w, ctype, doc)
}
