package flights

import (
	"reflect"
	"testing"

	"truce/internal/strictjson"
)

// strictBatch decodes body as the API does without the fast path.
func strictBatch(body []byte) ([]TrackInput, error) {
	var in struct {
		Reports []TrackInput `json:"reports"`
	}
	if err := strictjson.Unmarshal(body, &in); err != nil {
		return nil, err
	}
	return in.Reports, nil
}

func TestDecodeBatchFastPath(t *testing.T) {
	for _, c := range []struct {
		body string
		ok   bool
	}{
		{`{"reports":[{"id":"a","lat":35,"lon":37.5,"alt_ft":1e4,"time":"2016-09-12T19:00:00Z","ground_speed_mps":250,"track_deg":-90.5}]}`, true},
		{` { "reports" : [ ] } `, true},
		{`{"reports":[{}]}`, true},
		{`{"reports":[{"id":"a","id":"b"}]}`, false},                 // duplicate: strictjson refuses it
		{`{"reports":[{"id":"\u0061"}]}`, false},                     // escape
		{`{"reports":[{"id":"é"}]}`, false},                          // non-ASCII
		{`{"reports":[{"lat":null}]}`, false},                        // null
		{`{"reports":[{"lat":01}]}`, false},                          // not JSON
		{`{"reports":[{"weapon":1}]}`, false},                        // unknown field
		{`{"reports":[{"lat":1e400}]}`, false},                       // out of range
		{`{"reports":[]} x`, false},                                  // trailing data
		{`{"id":"a","lat":35,"lon":37,"alt_ft":0,"time":""}`, false}, // one report
	} {
		got, ok := DecodeBatch([]byte(c.body))
		if ok != c.ok {
			t.Errorf("%s: ok %v, want %v", c.body, ok, c.ok)
			continue
		}
		if ok {
			want, err := strictBatch([]byte(c.body))
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: fast %+v, strictjson %+v (%v)", c.body, got, want, err)
			}
		}
	}
}

// FuzzDecodeBatch: whenever the fast path accepts a body, strictjson (the
// decoder every other body goes through) decodes it to exactly the same
// reports.
func FuzzDecodeBatch(f *testing.F) {
	f.Add([]byte(`{"reports":[{"id":"a","lat":35,"lon":37.5,"alt_ft":1e4,"time":"2016-09-12T19:00:00Z","ground_speed_mps":250,"track_deg":-90.5,"vertical_rate_fpm":0}]}`))
	f.Add([]byte(`{"reports":[{"id":"a"},{"party":"ru","lat":-0.0}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, ok := DecodeBatch(body)
		if !ok {
			return
		}
		want, err := strictBatch(body)
		if err != nil {
			t.Fatalf("fast path accepted what strictjson rejects (%v): %q", err, body)
		}
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("fast %+v, strictjson %+v: %q", got, want, body)
		}
	})
}
