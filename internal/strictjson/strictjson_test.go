package strictjson

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

type release struct {
	TLP      string   `json:"tlp"`
	Audience []string `json:"audience,omitempty"`
}

type body struct {
	Narrative     string          `json:"narrative"`
	Releasability release         `json:"releasability"`
	Geometry      json.RawMessage `json:"geometry,omitempty"`
	At            *time.Time      `json:"at,omitempty"`
	Count         int             `json:"count"`
	Extra         map[string]any  `json:"extra,omitempty"`
}

func TestUnmarshalRefuses(t *testing.T) {
	tests := []struct {
		name, in, pointer, reason string
	}{
		{"duplicate key", `{"releasability":{"tlp":"RED","tlp":"CLEAR"}}`, "/releasability/tlp", "duplicate member name"},
		{"duplicate top-level key", `{"narrative":"a","narrative":"b"}`, "/narrative", "duplicate member name"},
		{"duplicate key in raw geometry", `{"geometry":{"type":"Point","type":"Polygon"}}`, "/geometry/type", "duplicate member name"},
		{"duplicate key in a map", `{"extra":{"a":1,"a":2}}`, "/extra/a", "duplicate member name"},
		{"key in upper case", `{"NARRATIVE":"x"}`, "/NARRATIVE", "case-sensitive"},
		{"nested key in upper case", `{"releasability":{"TLP":"CLEAR"}}`, "/releasability/TLP", "case-sensitive"},
		{"unknown key", `{"narative":"x"}`, "/narative", "unknown member"},
		{"invalid UTF-8", "{\"narrative\":\"a\xffb\"}", "/narrative", "invalid UTF-8"},
		{"invalid UTF-8 in a name", "{\"extra\":{\"\xff\":1}}", "/extra", "invalid UTF-8"},
		{"lone high surrogate", `{"narrative":"\ud800"}`, "/narrative", "lone UTF-16 surrogate"},
		{"lone low surrogate", `{"narrative":"x\udc00y"}`, "/narrative", "lone UTF-16 surrogate"},
		{"truncated after unknown key", `{"a":`, "/a", "unknown member"},
		{"truncated", `{"narrative":`, "/narrative", "truncated"},
		{"empty", ``, "", "truncated"},
		{"trailing value", `{"narrative":"x"} {}`, "", "data after the JSON value"},
		{"wrong type", `{"count":"3"}`, "/count", "must be an integer in range, not JSON string"},
		{"bad time", `{"at":"yesterday"}`, "/at", "must be an RFC 3339 time string"},
		{"wrong element type", `{"releasability":{"audience":["us",1]}}`, "/releasability/audience/1", "must be a string, not JSON number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v body
			err := Unmarshal([]byte(tt.in), &v)
			e, ok := AsError(err)
			if !ok {
				t.Fatalf("Unmarshal(%q) = %v, want *Error", tt.in, err)
			}
			if e.Pointer != tt.pointer || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("Unmarshal(%q) = pointer %q reason %q; want pointer %q reason containing %q", tt.in, e.Pointer, e.Reason, tt.pointer, tt.reason)
			}
			if strings.Contains(e.Error(), "strictjson.") || strings.Contains(e.Error(), "time.Time") {
				t.Errorf("error %q names a Go type", e.Error())
			}
		})
	}
}

func TestUnmarshalAccepts(t *testing.T) {
	in := `{"narrative":"caf\u00e9 \ud83d\ude00","releasability":{"tlp":"CLEAR","audience":["us"]},` +
		`"geometry":{"type":"Point","coordinates":[1,2]},"at":"2024-05-01T10:00:00Z","count":3,"extra":{"Any":1}}`
	var v body
	if err := Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if v.Narrative != "café 😀" || v.Releasability.TLP != "CLEAR" || v.Count != 3 || string(v.Geometry) != `{"type":"Point","coordinates":[1,2]}` {
		t.Errorf("decoded %+v", v)
	}
	if err := Valid([]byte(" [1, {\"a\": null}] \n")); err != nil {
		t.Errorf("Valid: %v", err)
	}
}
