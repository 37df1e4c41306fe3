package strictjson

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzUnmarshal: strictjson never panics; everything it refuses is an
// *Error with a reason; everything it accepts is valid UTF-8 JSON that
// encoding/json reads to the same value (so the two can only differ where
// strictjson refuses: duplicates, case, invalid text).
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{`{"narrative":"x","releasability":{"tlp":"CLEAR"}}`, `{"a":1,"a":2}`, `{"NARRATIVE":1}`,
		"{\"a\":\"\xff\"}", `{"a":"\ud800"}`, `[1,2,{"b":null}] `, `{"a":`, `1e400`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got any
		err := Unmarshal(data, &got)
		if err != nil {
			if e, ok := AsError(err); !ok || e.Reason == "" {
				t.Fatalf("error %v is not an *Error with a reason", err)
			}
			var typed body
			if err := Unmarshal(data, &typed); err == nil {
				t.Fatalf("a typed decode accepted what the untyped one refused: %q", data)
			}
			return
		}
		if !utf8.Valid(data) || !json.Valid(data) {
			t.Fatalf("accepted invalid JSON or UTF-8: %q", data)
		}
		var want any
		if err := json.Unmarshal(data, &want); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("strictjson %#v, encoding/json %#v (%v): %q", got, want, err, data)
		}
	})
}
