package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// TestResponsesMatchTheOpenAPIDocument sends the request of every route of
// the role table (routeRequests) to a real node, as a role of the record's
// own party that may call it (or the public where none may), and checks
// the request and the answer against /api/v1/openapi.json as the node
// serves it: the operation exists, the status is declared, and the headers
// and the body (every JSON body) match the declared schema. Each JSON object
// answered is also checked again without the first property its schema
// requires, which the check must refuse (checkRequiredEnforced). The /ogc routes
// are described by their own document (internal/ogc) and left out here.
//
// With TRUCE_OPENAPI_SAMPLES set to a directory, it also writes there what
// each route answered (one JSON file per route), which helps to describe a
// new route.
func TestResponsesMatchTheOpenAPIDocument(t *testing.T) {
	f := newRouteFixture(t)
	doc := loadServedOpenAPI(t, f)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("openapi.json: router: %v", err)
	}
	samples := os.Getenv("TRUCE_OPENAPI_SAMPLES")
	requests := routeRequests()
	var bad []string
	proven := 0 // answers shown to fail the check without a required property
	for _, pattern := range f.n.app.API.RoutePatterns() {
		method, path, _ := strings.Cut(pattern, " ")
		if strings.HasPrefix(path, "/ogc") {
			continue
		}
		rc, ok := requests[pattern]
		if !ok {
			bad = append(bad, fmt.Sprintf("%s: no request in routeRequests (internal/app/routes_requests_test.go): add one", pattern))
			continue
		}
		user, party, own := allowedCaller(pattern, rc)
		rr := rc.build(f, caller{user: user, party: party, own: own})
		ex := f.exchange(rr, user)
		if samples != "" {
			writeSample(t, samples, pattern, rr, ex)
		}
		msg := checkExchange(doc, router, ex)
		if msg == "" {
			msg = checkRequiredEnforced(doc, router, ex, &proven)
		}
		if msg != "" {
			bad = append(bad, fmt.Sprintf("%s as %q (%s %s answered %d %s): %s", pattern, user, method, rr.path, ex.status, ex.header.Get("Content-Type"), msg))
		}
	}
	// Most JSON answers are objects whose schema lists what the code
	// always sends as required; a document that lost its required lists
	// would leave a disappearing field unnoticed.
	t.Logf("%d answers fail the check once a required property is taken out", proven)
	if proven < 100 {
		t.Errorf("only %d answers had a required property to take out: the schemas of internal/api/openapi.json should list as required every property the code always sends", proven)
	}
	if len(bad) > 0 {
		t.Errorf("%d routes disagree with internal/api/openapi.json; describe each in the document (operationId, parameters, every status it answers with and its schema), or fix the code:\n  %s",
			len(bad), strings.Join(bad, "\n  "))
	}
}

// allowedCaller returns a user whose role the role table allows to call
// pattern: of the route's own party, else of the other party, else "" (the
// public). The most privileged role comes first: it sees the most of the
// answer.
func allowedCaller(pattern string, rc routeCase) (user, party string, own bool) {
	rule := routeTable[pattern]
	for _, side := range []struct {
		party string
		own   bool
		cell  cell
	}{{rc.own, true, rule.own}, {rc.other, false, rule.other}} {
		for _, rb := range slices.Backward(roleBits) {
			if side.cell.may&rb.bit != 0 {
				return side.party + "-" + string(rb.role), side.party, side.own
			}
		}
	}
	return "", rc.own, true
}

// exchange is one request and its answer as the node sent it.
type exchange struct {
	req    *http.Request
	body   []byte // the request body
	status int
	header http.Header
	answer []byte
}

// exchange sends r as user ("" for the public) and returns the request and
// the whole answer (for a stream, only its status and headers).
func (f *routeFixture) exchange(r routeReq, user string) exchange {
	f.t.Helper()
	var body []byte
	ct := r.contentType
	switch {
	case r.raw != nil:
		body = r.raw
	case r.json != nil:
		body, _ = json.Marshal(r.json)
		ct = "application/json"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, r.method, f.n.srv.URL+r.path, bytes.NewReader(body))
	if err != nil {
		f.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if r.ifMatch != "" {
		req.Header.Set("If-Match", r.ifMatch)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+f.n.tokens[user])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatalf("%s %s as %q: %v", r.method, r.path, user, err)
	}
	defer resp.Body.Close()
	ex := exchange{req: req, body: body, status: resp.StatusCode, header: resp.Header}
	if !r.stream || resp.StatusCode != 200 {
		if ex.answer, err = io.ReadAll(resp.Body); err != nil {
			f.t.Fatalf("%s %s as %q: reading the answer: %v", r.method, r.path, user, err)
		}
	}
	return ex
}
