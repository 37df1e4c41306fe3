package app

import (
	"strings"
	"testing"
)

// TestBodiesAreParsedStrictly: a body with a member given twice, a member
// not spelled exactly, invalid UTF-8, a lone surrogate, or a truncated
// value is a 400 problem naming the member, on routes whose fields are all
// optional too, and the log does not grow.
func TestBodiesAreParsedStrictly(t *testing.T) {
	n := domainNode(t)
	zone, _ := n.must(201, "POST", "/api/v1/zones", "us-liaison", "", zoneBody("2016-07-01T00:00:00Z"))
	agree := "/api/v1/zones/" + zone["id"].(string) + "/versions/1/agreements"
	incident := `{"external_id":"strict","category":"shelling_missile","time":{"start":"2016-07-10T08:00:00Z","precision":"hour"},` +
		`"location":{"type":"Point","coordinates":[37.2,36.2]},"location_precision":"1km","narrative":"n",` +
		`"sources":[{"name":"Local council","reliability":"C","credibility":3}],"releasability":{"tlp":"RED","audience":["us"]}}`
	for _, c := range []struct {
		name, method, path, user, body, field string
	}{
		{"agreement with a truncated body", "POST", agree, "ru-liaison", `{"a":`, "/a"},
		{"agreement with a member", "POST", agree, "ru-liaison", `{"note":"x"}`, "/note"},
		{"agreement that is not JSON", "POST", agree, "ru-liaison", `agreed`, "(document)"},
		{"duplicate tlp", "POST", "/api/v1/incidents", "us-reporter", strings.Replace(incident, `"tlp":"RED"`, `"tlp":"RED","tlp":"CLEAR"`, 1), "/releasability/tlp"},
		{"member in upper case", "POST", "/api/v1/incidents", "us-reporter", strings.Replace(incident, `"narrative"`, `"NARRATIVE"`, 1), "/NARRATIVE"},
		{"nested member in upper case", "POST", "/api/v1/incidents", "us-reporter", strings.Replace(incident, `"tlp"`, `"TLP"`, 1), "/releasability/TLP"},
		{"invalid UTF-8", "POST", "/api/v1/incidents", "us-reporter", strings.Replace(incident, `"narrative":"n"`, "\"narrative\":\"n\xff\"", 1), "/narrative"},
		{"lone surrogate", "POST", "/api/v1/incidents", "us-reporter", strings.Replace(incident, `"narrative":"n"`, `"narrative":"n\ud800"`, 1), "/narrative"},
		{"message receipt with a truncated body", "POST", "/api/v1/messages/msg_none/read", "ru-liaison", `{"note":`, "/note"},
		{"revocation with a body", "DELETE", "/api/v1/tokens/tok_none", "un-admin", `{"all":true}`, "/all"},
	} {
		t.Run(c.name, func(t *testing.T) {
			size := n.logSize()
			st, out, _ := n.call(c.method, c.path, c.user, "", c.body)
			errs, _ := out["errors"].([]any)
			if st != 400 || len(errs) != 1 || errs[0].(map[string]any)["field"] != c.field {
				t.Fatalf("%d %v, want 400 naming %s", st, out, c.field)
			}
			if got := n.logSize(); got != size {
				t.Errorf("a refused body appended %d entries", got-size)
			}
		})
	}
	n.must(201, "POST", agree, "ru-liaison", "", "{}")
}
