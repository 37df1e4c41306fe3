package strictjson

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// describe turns a decoding error into an *Error with a JSON pointer and a
// reason free of Go type names.
func describe(err error) *Error {
	var syn *jsontext.SyntacticError
	var sem *json.SemanticError
	switch {
	case errors.As(err, &syn):
		return &Error{Pointer: string(syn.JSONPointer), Offset: syn.ByteOffset, Reason: syntaxReason(syn)}
	case errors.As(err, &sem):
		return &Error{Pointer: string(sem.JSONPointer), Offset: sem.ByteOffset, Reason: semanticReason(sem)}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &Error{Reason: "the JSON value is truncated"}
	}
	return &Error{Reason: "is not valid JSON"}
}

func syntaxReason(e *jsontext.SyntacticError) string {
	msg := ""
	if e.Err != nil {
		msg = e.Err.Error()
	}
	switch {
	case errors.Is(e.Err, jsontext.ErrDuplicateName):
		return "duplicate member name; each name may appear once in an object"
	case errors.Is(e.Err, io.ErrUnexpectedEOF), errors.Is(e.Err, io.EOF):
		return "the JSON value is truncated"
	case strings.Contains(msg, "surrogate"):
		return "holds an escaped lone UTF-16 surrogate; text must be valid Unicode"
	case strings.Contains(msg, "UTF-8"):
		return "holds invalid UTF-8; text must be valid UTF-8"
	case strings.Contains(msg, "after top-level value"):
		return fmt.Sprintf("data after the JSON value at byte %d; send exactly one value", e.ByteOffset)
	}
	if msg == "" {
		msg = "invalid"
	}
	return fmt.Sprintf("malformed JSON at byte %d: %s", e.ByteOffset, msg)
}

func semanticReason(e *json.SemanticError) string {
	if errors.Is(e.Err, json.ErrUnknownName) {
		return "unknown member; names are case-sensitive and must be spelled exactly as documented"
	}
	if errors.Is(e.Err, io.ErrUnexpectedEOF) || errors.Is(e.Err, io.EOF) {
		return "the JSON value is truncated"
	}
	want := "a valid value"
	if e.GoType != nil {
		want = goKind(e.GoType)
	}
	got := jsonKind(e.JSONKind)
	if got == "" || strings.HasPrefix(want, "a"+" "+got) || (got == "string" && strings.HasSuffix(want, "string")) || (got == "number" && strings.HasSuffix(want, "range")) {
		return "must be " + want // the right kind of JSON value, but not a valid one
	}
	return fmt.Sprintf("must be %s, not JSON %s", want, got)
}

// goKind names what a Go type accepts in JSON terms.
func goKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.String() == "time.Time" {
		return "an RFC 3339 time string"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer in range"
	case reflect.Float32, reflect.Float64:
		return "a finite number in range"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a valid value"
}

// jsonKind names the kind of JSON value that was found.
func jsonKind(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	case '"':
		return "string"
	case '0':
		return "number"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return ""
}
