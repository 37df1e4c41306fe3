package listing

import (
	"errors"
	"testing"

	"truce/internal/fault"
)

// FuzzParse checks that a cursor from a client is either refused with an
// *fault.InvalidError on "cursor" or is one Encode makes: encoding what
// Parse returned gives back the same cursor.
func FuzzParse(f *testing.F) {
	f.Add("alerts:", Cursor{Seq: 42, ID: "alr_1"}.Encode("alerts:"))
	f.Add("alerts:", Cursor{Seq: 0, ID: "x.y"}.Encode("alerts:"))
	f.Add("plans:", Cursor{Seq: 7, ID: "fpl_1"}.Encode("alerts:"))
	f.Add("plans:", "not-base64!")
	f.Add("plans:", "")
	f.Fuzz(func(t *testing.T, tag, s string) {
		c, err := Parse(tag, s)
		if err != nil {
			var inv *fault.InvalidError
			if !errors.As(err, &inv) || inv.Field != "cursor" {
				t.Fatalf("Parse(%q, %q): %v, want an invalid cursor", tag, s, err)
			}
			return
		}
		if c.Seq < 0 || c.ID == "" {
			t.Fatalf("Parse(%q, %q) = %+v", tag, s, c)
		}
		again, err := Parse(tag, c.Encode(tag))
		if err != nil || *again != *c {
			t.Fatalf("round trip of %+v: %+v, %v", c, again, err)
		}
	})
}
