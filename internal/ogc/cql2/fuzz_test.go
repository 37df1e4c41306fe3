package cql2

import (
	"errors"
	"testing"
)

// FuzzParse checks that Parse never panics, that every failure is a
// *SyntaxError with a position inside the filter (or just after it), and
// that a parsed filter evaluates without panicking.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"status = 'confirmed'", "killed BETWEEN 1 AND 3 OR NOT name LIKE 'a%'",
		"S_INTERSECTS(geometry, POLYGON((37 36, 37.2 36, 37.2 36.2, 37 36)))",
		"T_INTERSECTS(span, INTERVAL('..', '2016-07-10T00:00:00Z'))", "status IN ('a','b') AND note IS NOT NULL"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src, testQueryables)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q): %T %v, want a *SyntaxError", src, err, err)
			}
			if se.Pos < 1 || se.Pos > len([]rune(src))+1 {
				t.Fatalf("Parse(%q): position %d outside the filter", src, se.Pos)
			}
			return
		}
		e.Eval(feature)
		e.Eval(env{})
	})
}
