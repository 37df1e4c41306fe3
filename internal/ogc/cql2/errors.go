package cql2

import (
	"fmt"
	"unicode/utf8"
)

// SyntaxError is a filter that cannot be parsed or does not fit the
// queryables. Pos is the 1-based character position where it goes wrong.
type SyntaxError struct {
	Pos  int
	Near string
	Msg  string
}

// Error says what is wrong and where.
func (e *SyntaxError) Error() string {
	if e.Near == "" {
		return fmt.Sprintf("filter: at character %d (the end): %s", e.Pos, e.Msg)
	}
	return fmt.Sprintf("filter: at character %d (near %q): %s", e.Pos, e.Near, e.Msg)
}

// errorAt builds a SyntaxError at byte offset off of src.
func errorAt(src string, off int, format string, args ...any) *SyntaxError {
	if off > len(src) {
		off = len(src)
	}
	near := src[off:]
	if utf8.RuneCountInString(near) > 20 {
		r := []rune(near)
		near = string(r[:20])
	}
	return &SyntaxError{Pos: utf8.RuneCountInString(src[:off]) + 1, Near: near, Msg: fmt.Sprintf(format, args...)}
}
