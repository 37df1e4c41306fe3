package alerts

import (
	"encoding/base64"
	"testing"
)

func TestCursorRoundTripAndRefusals(t *testing.T) {
	c := Cursor{RaisedSeq: 42, ID: "x_0123abc"}
	got, err := ParseCursor(c.String())
	if err != nil || *got != c {
		t.Fatalf("round trip of %+v: %+v, %v", c, got, err)
	}
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, bad := range []string{"", "!!", enc("a1.42"), enc("a1.x.id"), enc("a1.-1.id"), enc("a1.42."), enc("m1.42.id"), "a1.42.id"} {
		if _, err := ParseCursor(bad); err == nil {
			t.Errorf("ParseCursor(%q) accepted", bad)
		}
	}
}
