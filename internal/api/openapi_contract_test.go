package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"truce/internal/store"
)

// openAPIOperation is the part of an operation of openapi.json that the
// contract test reads.
type openAPIOperation struct {
	OperationID string `json:"operationId"`
	Parameters  []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Ref     string                     `json:"$ref"`
		Headers map[string]json.RawMessage `json:"headers"`
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

// createdWithoutURL are the operations whose 201 has no Location: what
// they create has no URL of its own to read (a session, a user, a token, a
// webhook secret, an uploaded file, a batch of known sites, a movement
// restriction folded into the coverage map).
var createdWithoutURL = []string{
	"POST /api/v1/session", "POST /api/v1/users", "POST /api/v1/tokens", "POST /api/v1/webhooks",
	"POST /api/v1/messages/attachments", "POST /api/v1/evidence", "POST /api/v1/known-sites/import",
	"POST /api/v1/monitoring/restrictions",
}

var (
	camelCase  = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)
	pathParams = regexp.MustCompile(`\{([^}]+)\}`)
)

// TestOpenAPIDescribesEveryRoute keeps openapi.json and the router one
// contract: every route has an operation and every operation a route; each
// operation has a unique camelCase operationId, declares its path
// parameters, lists at least one RFC 9457 problem among its 4xx responses,
// describes every JSON request body and success response with a schema
// (more than a bare object), and every 201 names its Location header.
// Each failure says what to add.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	s := newServer(Deps{DB: &store.DB{}}, Options{})
	routes := http.NewServeMux()
	var missing []string
	for _, r := range s.apiRoutes() {
		routes.HandleFunc(r.pattern, r.handler)
		method, path, _ := strings.Cut(r.pattern, " ")
		path = strings.ReplaceAll(path, "{path...}", "{path}")
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			missing = append(missing, fmt.Sprintf("%s: add paths[%q].%s to internal/api/openapi.json, with an operationId, its parameters, responses and schemas", r.pattern, path, strings.ToLower(method)))
		}
	}
	ids := map[string]string{}
	var bad []string
	for path, item := range doc.Paths {
		for method, raw := range item {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			where := strings.ToUpper(method) + " " + path
			var op openAPIOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			bad = append(bad, checkOperation(where, op, ids)...)
			// The operation must reach a route of the same method (the
			// document may spell a route's parameter with a suffix, as
			// /api/v1/alerts/{id}.cap).
			sample := pathParams.ReplaceAllString(path, "x1")
			if _, pattern := routes.Handler(httptest.NewRequest(strings.ToUpper(method), sample, nil)); pattern == "" {
				bad = append(bad, fmt.Sprintf("%s: no route serves it: remove the operation or add the route to apiRoutes (server.go)", where))
			}
		}
	}
	slices.Sort(missing)
	slices.Sort(bad)
	for _, m := range append(missing, bad...) {
		t.Error(m)
	}
}

// checkOperation returns what the operation where lacks; ids maps each
// operationId seen so far to its operation.
func checkOperation(where string, op openAPIOperation, ids map[string]string) []string {
	var bad []string
	switch other, dup := ids[op.OperationID]; {
	case !camelCase.MatchString(op.OperationID):
		bad = append(bad, fmt.Sprintf("%s: operationId %q: give it a camelCase operationId (verb first, e.g. listIncidents)", where, op.OperationID))
	case dup:
		bad = append(bad, fmt.Sprintf("%s: operationId %q is also %s's: make it unique", where, op.OperationID, other))
	}
	ids[op.OperationID] = where
	_, path, _ := strings.Cut(where, " ")
	for _, m := range pathParams.FindAllStringSubmatch(path, -1) {
		if !slices.ContainsFunc(op.Parameters, func(p struct {
			Name     string `json:"name"`
			In       string `json:"in"`
			Required bool   `json:"required"`
		}) bool {
			return p.Name == m[1] && p.In == "path" && p.Required
		}) {
			bad = append(bad, fmt.Sprintf("%s: declare path parameter %q (in: path, required: true)", where, m[1]))
		}
	}
	if op.RequestBody != nil {
		for ct, c := range op.RequestBody.Content {
			if strings.Contains(ct, "json") && bareSchema(c.Schema) {
				bad = append(bad, fmt.Sprintf("%s: request body %s: describe it with a schema (components/schemas), not a bare object", where, ct))
			}
		}
	}
	problems := 0
	for code, r := range op.Responses {
		switch {
		case strings.HasPrefix(code, "4") || strings.HasPrefix(code, "5"):
			if strings.HasPrefix(r.Ref, "#/components/responses/") {
				problems++
			} else if _, ok := r.Content["application/problem+json"]; ok {
				problems++
			}
		case strings.HasPrefix(code, "2"):
			for ct, c := range r.Content {
				if strings.Contains(ct, "json") && bareSchema(c.Schema) {
					bad = append(bad, fmt.Sprintf("%s: response %s %s: describe the body with a schema (components/schemas)", where, code, ct))
				}
			}
			if code == "201" && r.Headers["Location"] == nil && !slices.Contains(createdWithoutURL, where) {
				bad = append(bad, fmt.Sprintf("%s: response 201: set Location in the handler (writeCreated) and declare it (\"headers\": {\"Location\": {\"$ref\": \"#/components/headers/Location\"}}), or add the route to createdWithoutURL with the reason", where))
			}
		}
	}
	if problems == 0 {
		bad = append(bad, fmt.Sprintf("%s: list the 4xx/5xx problems it answers with (e.g. \"400\": {\"$ref\": \"#/components/responses/BadRequestProblem\"})", where))
	}
	return bad
}

// bareSchema reports whether s describes nothing: absent, {} or
// {"type": "object"} alone.
func bareSchema(s map[string]any) bool {
	if len(s) == 0 {
		return true
	}
	_, ref := s["$ref"]
	_, props := s["properties"]
	_, items := s["items"]
	_, any := s["oneOf"]
	_, all := s["allOf"]
	return !ref && !props && !items && !any && !all && s["type"] == "object"
}
