package ogc

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"unicode"
)

// openAPI serves the OpenAPI 3.0 definition of /ogc, built from the
// registered collections, as JSON or (f=html, or a browser's Accept) as an
// HTML page listing the operations.
func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	f, err := h.formatAndParams(r)
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	param := func(name, in, desc string, schema map[string]any, required bool) map[string]any {
		return map[string]any{"name": name, "in": in, "description": desc, "required": required, "schema": schema}
	}
	str := map[string]any{"type": "string"}
	fParam := param("f", "query", "Format: json (geojson for items) or html.", map[string]any{"type": "string", "enum": []string{"json", "geojson", "html"}}, false)
	tokParam := param("access_token", "query", "A read-only link token (POST /api/v1/tokens with scope read), for clients that cannot send an Authorization header. A full API token is refused here, and no link this API returns carries the parameter.", str, false)
	problem := map[string]any{"description": "An RFC 9457 problem: what is wrong and what to do.",
		"content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	ok := func(desc, ctype string) map[string]any {
		return map[string]any{"200": map[string]any{"description": desc, "content": map[string]any{ctype: map[string]any{"schema": map[string]any{"type": "object"}}, "text/html": map[string]any{"schema": str}}},
			"400": problem, "401": problem, "404": problem}
	}
	op := func(id, summary string, params []any, responses map[string]any) map[string]any {
		return map[string]any{"get": map[string]any{"operationId": id, "summary": summary, "parameters": params, "responses": responses}}
	}
	paths := map[string]any{
		"/":            op("getLandingPage", "Landing page", []any{fParam, tokParam}, ok("The landing page", "application/json")),
		"/conformance": op("getConformance", "Conformance classes", []any{fParam, tokParam}, ok("The conformance classes", "application/json")),
		"/api":         op("getAPI", "This API definition", []any{fParam, tokParam}, ok("The OpenAPI 3.0 definition", "application/vnd.oai.openapi+json;version=3.0")),
		"/collections": op("getCollections", "The collections", []any{fParam, tokParam}, ok("The collections", "application/json")),
	}
	for _, c := range h.o.Collections().Collections() {
		info := c.Info()
		p := "/collections/" + info.ID
		id := camelID(info.ID)
		paths[p] = op("describe"+id, info.Title, []any{fParam, tokParam}, ok(info.Description, "application/json"))
		paths[p+"/queryables"] = op("getQueryables"+id, "Queryables of "+info.Title, []any{fParam, tokParam}, ok("A JSON Schema of the properties a filter may use", "application/schema+json"))
		paths[p+"/items"] = op("getItems"+id, info.Title, []any{fParam, tokParam,
			param("limit", "query", "Features per page, at least 1 (default 10); above 10000, 10000 are served.", map[string]any{"type": "integer", "minimum": 1, "default": DefaultLimit}, false),
			param("bbox", "query", "minLon,minLat,maxLon,maxLat (CRS84): features whose geometry meets the box.", map[string]any{"type": "array", "items": map[string]any{"type": "number"}, "minItems": 4, "maxItems": 6}, false),
			param("bbox-crs", "query", "Only "+CRS84+".", str, false),
			param("datetime", "query", "An RFC 3339 instant or date, or an interval start/end (both ends inclusive), '..' for an open end; a date is the whole day in UTC, so an end date includes that day.", str, false),
			param("filter", "query", "A CQL2 text filter over the collection's queryables.", str, false),
			param("filter-lang", "query", "cql2-text, or its draft name cql-text.", map[string]any{"type": "string", "enum": []string{"cql2-text", "cql-text"}}, false),
			param("filter-crs", "query", "Only "+CRS84+".", str, false),
			param("cursor", "query", "The position of a page, from a next link of this collection (opaque); any other is a 400 problem.", str, false),
		}, ok("A page of features", "application/geo+json"))
		paths[p+"/items/{featureId}"] = op("getItem"+id, "One of "+info.Title, []any{fParam, tokParam,
			param("featureId", "path", "The feature id.", str, true)}, ok("The feature", "application/geo+json"))
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": h.o.Title + " — OGC API – Features", "version": "1.0",
			"description": "Authenticate with 'Authorization: Bearer <token>' (GDAL: GDAL_HTTP_HEADERS) or, for a client that cannot send headers, ?access_token=<read-only link token>; without either you see only what is released to the public (TLP:CLEAR)."},
		"servers": []any{map[string]any{"url": base(r) + "/ogc"}},
		"paths":   paths,
		// Every operation takes a bearer token or none (the public's view).
		"security": []any{map[string]any{}, map[string]any{"bearer": []any{}}},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         map[string]any{"Problem": problemSchema},
		},
	}
	if f == "html" {
		h.html(w, r, "api", apiPage(doc))
		return
	}
	writeJSON(w, "application/vnd.oai.openapi+json;version=3.0", doc)
}

// problemSchema is the JSON Schema of an RFC 9457 problem as Handler's
// errors carry it.
var problemSchema = map[string]any{"type": "object", "required": []string{"type", "title", "status"},
	"properties": map[string]any{
		"type":     map[string]any{"type": "string", "description": "A URI reference naming the problem type."},
		"title":    map[string]any{"type": "string"},
		"status":   map[string]any{"type": "integer"},
		"detail":   map[string]any{"type": "string"},
		"instance": map[string]any{"type": "string"},
	}}

// camelID turns a collection id such as "flight_plans" into the
// CamelCase suffix of its operationIds ("FlightPlans").
func camelID(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		if r == '_' || r == '-' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// apiOperation is one row of the HTML view of the API definition.
type apiOperation struct {
	Path, Summary string
	Params        []string
}

// apiPage returns the data of the HTML view of the OpenAPI document doc:
// its title and description and its operations by path.
func apiPage(doc map[string]any) map[string]any {
	info := doc["info"].(map[string]any)
	paths := doc["paths"].(map[string]any)
	var ops []apiOperation
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		get := paths[p].(map[string]any)["get"].(map[string]any)
		op := apiOperation{Path: p, Summary: get["summary"].(string)}
		for _, prm := range get["parameters"].([]any) {
			op.Params = append(op.Params, prm.(map[string]any)["name"].(string))
		}
		ops = append(ops, op)
	}
	return map[string]any{"title": info["title"], "description": info["description"], "operations": ops}
}
