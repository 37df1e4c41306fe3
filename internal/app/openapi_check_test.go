package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// loadServedOpenAPI loads and validates /api/v1/openapi.json as the node
// serves it, with the node as its only server.
func loadServedOpenAPI(t *testing.T, f *routeFixture) *openapi3.T {
	t.Helper()
	ex := f.exchange(routeReq{method: "GET", path: "/api/v1/openapi.json"}, "")
	if ex.status != 200 {
		t.Fatalf("GET /api/v1/openapi.json: %d", ex.status)
	}
	doc, err := openapi3.NewLoader().LoadFromData(ex.answer)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: f.n.srv.URL}}
	return doc
}

// jsonMedia reports whether a media type is JSON (application/json or a
// +json suffix), whose bodies are checked against their schema.
func jsonMedia(ctype string) bool {
	mt, _, _ := mime.ParseMediaType(ctype)
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// checkExchange checks one exchange against the document behind router and
// returns what disagrees, or "" if nothing does.
func checkExchange(doc *openapi3.T, router routers.Router, ex exchange) string {
	req := ex.req.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(ex.body))
	route, params, err := router.FindRoute(req)
	if err != nil && strings.HasPrefix(req.URL.Path, tilePrefix) {
		route, params, err = tileRoute(doc, req)
	}
	if err != nil {
		return fmt.Sprintf("no operation in the document (%v): add the path and method", err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if ex.status < 300 {
		reqOpts := *opts
		reqOpts.ExcludeRequestBody = !jsonMedia(req.Header.Get("Content-Type"))
		in.Options = &reqOpts
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return fmt.Sprintf("the document refuses a request the node accepted: %v", err)
		}
		in.Options = opts
	}
	resp := route.Operation.Responses.Status(ex.status)
	if resp == nil || resp.Value == nil {
		return fmt.Sprintf("status %d is not among the operation's responses (operationId %s): add it", ex.status, route.Operation.OperationID)
	}
	ctype := ex.header.Get("Content-Type")
	if ex.status != 204 && ex.status != 304 && len(resp.Value.Content) > 0 && resp.Value.Content.Get(ctype) == nil {
		return fmt.Sprintf("status %d: Content-Type %q is not declared (declared: %v)", ex.status, ctype, mediaTypes(resp.Value.Content))
	}
	if ex.status < 300 && ex.status != 204 && jsonMedia(ctype) && ex.answer != nil {
		if mt := resp.Value.Content.Get(ctype); mt == nil || mt.Schema == nil {
			return fmt.Sprintf("status %d: no schema for %s: describe the body", ex.status, ctype)
		}
	}
	ropts := *opts
	ropts.ExcludeResponseBody = ex.answer == nil || !jsonMedia(ctype)
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: ex.status, Header: ex.header,
		Body: io.NopCloser(bytes.NewReader(ex.answer)), Options: &ropts}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Sprintf("the answer does not match the document: %v", err)
	}
	return ""
}

// tilePrefix starts the paths of the log's tiles, whose one parameter
// (GET /log/tile/{path...}) spans several segments, which an OpenAPI path
// template cannot: the document describes it as /log/tile/{path}.
const tilePrefix = "/log/tile/"

// tileRoute returns the operation of a tile request.
func tileRoute(doc *openapi3.T, req *http.Request) (*routers.Route, map[string]string, error) {
	item := doc.Paths.Value(tilePrefix + "{path}")
	if item == nil || item.GetOperation(req.Method) == nil {
		return nil, nil, fmt.Errorf("no operation %s %s{path}", req.Method, tilePrefix)
	}
	return &routers.Route{Spec: doc, Path: tilePrefix + "{path}", PathItem: item, Method: req.Method, Operation: item.GetOperation(req.Method)},
		map[string]string{"path": strings.TrimPrefix(req.URL.Path, tilePrefix)}, nil
}

// mediaTypes lists the media types of content.
func mediaTypes(content openapi3.Content) []string {
	var out []string
	for k := range content {
		out = append(out, k)
	}
	return out
}

// writeSample writes what pattern answered to dir, as a JSON file named
// after the route.
func writeSample(t *testing.T, dir, pattern string, r routeReq, ex exchange) {
	t.Helper()
	s := map[string]any{"pattern": pattern, "path": r.path, "status": ex.status, "content_type": ex.header.Get("Content-Type"),
		"location": ex.header.Get("Location"), "request_content_type": ex.req.Header.Get("Content-Type")}
	if jsonMedia(ex.req.Header.Get("Content-Type")) && len(ex.body) > 0 {
		s["request"] = json.RawMessage(ex.body)
	}
	if jsonMedia(ex.header.Get("Content-Type")) && json.Valid(ex.answer) {
		s["answer"] = json.RawMessage(ex.answer)
	}
	b, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	name := strings.NewReplacer("/", "_", " ", "_", "{", "", "}", "", ".", "_", ":", "_").Replace(pattern) + ".json"
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
