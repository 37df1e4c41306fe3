package flights

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// strictBatch decodes body as the API does without the fast path.
func strictBatch(body []byte) ([]TrackInput, error) {
	var in struct {
		Reports []TrackInput `json:"reports"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errTrailing
	}
	return in.Reports, nil
}

var errTrailing = errors.New("data after the JSON value")

func TestDecodeBatchFastPath(t *testing.T) {
	for _, c := range []struct {
		body string
		ok   bool
	}{
		{`{"reports":[{"id":"a","lat":35,"lon":37.5,"alt_ft":1e4,"time":"2016-09-12T19:00:00Z","ground_speed_mps":250,"track_deg":-90.5}]}`, true},
		{` { "reports" : [ ] } `, true},
		{`{"reports":[{}]}`, true},
		{`{"reports":[{"id":"a","id":"b"}]}`, false},                 // duplicate: encoding/json's rule applies
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
				t.Errorf("%s: fast %+v, encoding/json %+v (%v)", c.body, got, want, err)
			}
		}
	}
}

// FuzzDecodeBatch: whenever the fast path accepts a body, encoding/json
// decodes it to exactly the same reports.
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
			t.Fatalf("fast path accepted what encoding/json rejects (%v): %q", err, body)
		}
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("fast %+v, encoding/json %+v: %q", got, want, body)
		}
	})
}
