package ledger

import (
	"bytes"
	"encoding/base64"
	"strconv"
)

// encodeCanonical writes e's canonical bytes directly, with the members in
// RFC 8785 order, embedding e.Payload as is. It is the sequencer's fast
// path: e.Payload MUST already be canonical (sealed drafts canonicalise
// their payload in the caller's goroutine). A test checks that it agrees
// with Canonicalize(json.Marshal(e)).
func encodeCanonical(e *Entry) []byte {
	var b bytes.Buffer
	b.Grow(256 + len(e.Payload))
	b.WriteString(`{"author":`)
	writeString(&b, e.Author)
	b.WriteString(`,"kind":`)
	writeString(&b, e.Kind)
	b.WriteString(`,"party":`)
	writeString(&b, e.Party)
	b.WriteString(`,"payload":`)
	b.Write(e.Payload)
	b.WriteString(`,"release":{`)
	if len(e.Release.Audience) > 0 {
		b.WriteString(`"audience":[`)
		for i, p := range e.Release.Audience {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(&b, p)
		}
		b.WriteString(`],`)
	}
	b.WriteString(`"tlp":`)
	writeString(&b, string(e.Release.TLP))
	b.WriteString(`},"salt":"`)
	b.WriteString(base64.StdEncoding.EncodeToString(e.Salt))
	b.WriteString(`","seq":`)
	b.WriteString(strconv.FormatInt(e.Seq, 10))
	b.WriteString(`,"subject":`)
	writeString(&b, e.Subject)
	b.WriteString(`,"time":`)
	writeString(&b, e.Time)
	b.WriteString(`,"v":`)
	b.WriteString(strconv.Itoa(e.Version))
	b.WriteByte('}')
	return b.Bytes()
}
