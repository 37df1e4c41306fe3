package strictjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// benchBody is a request body of the size of a flight plan with 20
// waypoints and a releasability.
func benchBody() []byte {
	var b strings.Builder
	b.WriteString(`{"narrative":"Shelling reported near the market","releasability":{"tlp":"AMBER","audience":["us","ru"]},"count":20,"extra":{"waypoints":[`)
	for i := range 20 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"lat":35.%d,"lon":37.%d,"alt_ft":20000,"time":"2026-12-07T10:%02d:00Z"}`, i, i, i)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// BenchmarkDecode compares strictjson with what the API used before it,
// encoding/json with DisallowUnknownFields, on the same body.
func BenchmarkDecode(b *testing.B) {
	data := benchBody()
	b.Run("strictjson", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var v body
			if err := Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var v body
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
