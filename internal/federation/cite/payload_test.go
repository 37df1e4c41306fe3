package cite

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestExtract(t *testing.T) {
	a, b := Of("us", 1, commitment("a")), Of("ru", 2, commitment("b"))
	both, _ := json.Marshal(map[string]any{"cites": []Citation{a}, "proposal": b})
	for _, tc := range []struct {
		name, kind string
		payload    string
		want       []Citation
		bad        bool
	}{
		{"cites field", "incident.assessed", string(both), []Citation{a}, false},
		{"kind's own field", "roster.agreed", string(both), []Citation{a, b}, false},
		{"none", "incident.assessed", `{"status":"confirmed"}`, nil, false},
		{"not an object", "x.y", `[1]`, nil, false},
		{"malformed citations", "incident.assessed", `{"cites":{"origin":"us"}}`, nil, true},
	} {
		got, err := Extract(tc.kind, json.RawMessage(tc.payload))
		if (err != nil) != tc.bad || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, %v; want %v (error %v)", tc.name, got, err, tc.want, tc.bad)
		}
	}
}

func TestMerge(t *testing.T) {
	a, b := Of("us", 1, commitment("a")), Of("ru", 2, commitment("b"))
	out, err := Merge([]byte(`{"status":"confirmed","cites":[`+mustJSON(a)+`]}`), []Citation{a, b})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Extract("incident.assessed", out)
	if err != nil || !slices.Equal(got, []Citation{b, a}) { // ordered by origin
		t.Fatalf("merged %s: %v, %v", out, got, err)
	}
	again, err := Merge(out, []Citation{b})
	if err != nil || string(again) != string(out) {
		t.Fatalf("merging what is there changed %s into %s (%v)", out, again, err)
	}
	if _, err := Merge([]byte(`"text"`), []Citation{a}); err == nil {
		t.Fatal("merged citations into a string payload")
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
