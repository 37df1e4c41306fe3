package app

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// dropRequired returns ex with the first property its schema requires
// removed from the JSON object it answered, and that property; ok is false
// when the answer is no JSON object or its schema requires nothing.
func dropRequired(router routers.Router, ex exchange) (changed exchange, field string, ok bool) {
	ctype := ex.header.Get("Content-Type")
	if ex.status >= 300 || ex.answer == nil || !jsonMedia(ctype) {
		return ex, "", false
	}
	route, _, err := router.FindRoute(ex.req)
	if err != nil {
		return ex, "", false
	}
	resp := route.Operation.Responses.Status(ex.status)
	if resp == nil || resp.Value == nil {
		return ex, "", false
	}
	mt := resp.Value.Content.Get(ctype)
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || len(mt.Schema.Value.Required) == 0 {
		return ex, "", false
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(ex.answer, &body); err != nil {
		return ex, "", false
	}
	field = mt.Schema.Value.Required[0]
	if _, present := body[field]; !present {
		return ex, "", false
	}
	delete(body, field)
	changed = ex
	changed.answer, _ = json.Marshal(body)
	return changed, field, true
}

// checkRequiredEnforced checks that the response check refuses ex's answer
// once a property its schema requires is taken out: what a client
// generated from the document relies on is checked, not only allowed. It
// returns "" when the check refuses it (or ex has no such property), and
// says what is wrong otherwise; proven counts the answers it held to this.
func checkRequiredEnforced(doc *openapi3.T, router routers.Router, ex exchange, proven *int) string {
	changed, field, ok := dropRequired(router, ex)
	if !ok {
		return ""
	}
	*proven++
	msg := checkExchange(doc, router, changed)
	if msg == "" || !strings.Contains(msg, field) {
		return fmt.Sprintf("without its required property %q the answer still passes the check (%s)", field, msg)
	}
	return ""
}
