package stream

import (
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"truce/internal/ledger"
)

// TestViewMemoOncePerClass checks that an event's view is computed once
// per class however many subscribers ask at once, and separately for
// each class.
func TestViewMemoOncePerClass(t *testing.T) {
	ev := NewEvent(&ledger.Entry{Seq: 7, Kind: "incident.reported", Subject: "incident:inc_1"})
	var calls atomic.Int64
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			class := []string{"us|liaison", "ru|observer"}[i%2]
			got := ev.Memo(class, func() any { calls.Add(1); return class })
			if got != class {
				t.Errorf("class %s got %v", class, got)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 2 {
		t.Fatalf("computed %d times for 2 classes", n)
	}
}

// TestViewFrame checks the "record" event's form: no id line, one data
// line, the record or gone.
func TestViewFrame(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    *View
		want map[string]any
	}{
		{"record", &View{Seq: 7, Type: "incident", ID: "inc_1", Record: json.RawMessage(`{"id":"inc_1","status":"reported"}`)},
			map[string]any{"seq": 7.0, "type": "incident", "id": "inc_1", "record": map[string]any{"id": "inc_1", "status": "reported"}}},
		{"gone", &View{Seq: 8, Type: "alert", ID: "alt_1", Gone: true}, map[string]any{"seq": 8.0, "type": "alert", "id": "alt_1", "gone": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := string(tc.v.Frame())
			data, ok := strings.CutPrefix(f, "event: record\ndata: ")
			if !ok || !strings.HasSuffix(data, "\n\n") || strings.Count(data, "\n") != 2 || strings.Contains(f, "id: ") {
				t.Fatalf("frame %q", f)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(data), &got); err != nil {
				t.Fatal(err)
			}
			if b1, b2 := mustJSON(got), mustJSON(tc.want); b1 != b2 {
				t.Errorf("got %s, want %s", b1, b2)
			}
		})
	}
	if (*View)(nil).Frame() != nil {
		t.Error("a nil view has a frame")
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

// TestWithRecord checks the webhook body with its record: the entry's
// members kept, the record added as "record", and the body unchanged (and
// not modified) when there is no record or the body is no object.
func TestWithRecord(t *testing.T) {
	entry := NewEvent(&ledger.Entry{Seq: 9, Kind: "incident.reported", Subject: "incident:inc_9"}).Data()
	orig := string(entry)
	for _, c := range []struct {
		name, body string
		view       *View
		want       string
	}{
		{"record", orig, &View{Seq: 9, Type: "incident", ID: "inc_9", Record: json.RawMessage(`{"id":"inc_9"}`)},
			`{"seq":9,"type":"incident","id":"inc_9","record":{"id":"inc_9"}}`},
		{"gone", orig, &View{Seq: 9, Type: "incident", ID: "inc_9", Gone: true}, `{"seq":9,"type":"incident","id":"inc_9","gone":true}`},
		{"empty object", `{}`, &View{Seq: 1, Type: "zone", ID: "z"}, `{"seq":1,"type":"zone","id":"z"}`},
		{"no record", orig, nil, ""},
		{"not an object", `[1]`, &View{Seq: 1, Type: "zone", ID: "z"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := []byte(c.body)
			got := withRecord(body, c.view)
			if string(body) != c.body {
				t.Fatalf("withRecord modified the body: %s", body)
			}
			if c.want == "" {
				if string(got) != c.body {
					t.Errorf("withRecord = %s, want the body unchanged", got)
				}
				return
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(got, &m); err != nil {
				t.Fatalf("withRecord = %s: %v", got, err)
			}
			if string(m["record"]) != c.want {
				t.Errorf("record = %s, want %s", m["record"], c.want)
			}
			var before map[string]json.RawMessage
			_ = json.Unmarshal(body, &before)
			for k, v := range before {
				if string(m[k]) != string(v) {
					t.Errorf("member %s = %s, want %s", k, m[k], v)
				}
			}
		})
	}
}
