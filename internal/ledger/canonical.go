package ledger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Canonicalize returns the RFC 8785 (JSON Canonicalization Scheme) form of
// the JSON value in raw: object members sorted by the UTF-16 code units of
// their names, no insignificant white space, numbers in their shortest
// ECMAScript form, strings with the minimal escaping. It fails on invalid
// JSON, duplicate object member names, trailing data, nesting deeper than 64
// levels, and numbers that are not finite IEEE 754 doubles.
//
// It is a single-pass parser over the bytes (entries are canonicalised on
// every append); strings without escapes and short integers are copied as
// they are.
func Canonicalize(raw []byte) ([]byte, error) {
	p := canonParser{data: raw}
	var out bytes.Buffer
	out.Grow(len(raw))
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil, p.errorf("empty input")
	}
	if err := p.value(&out, 0); err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.data) {
		return nil, p.errorf("trailing data after value")
	}
	return out.Bytes(), nil
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 64

type canonParser struct {
	data []byte
	pos  int
}

func (p *canonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("canonical json: at byte %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func (p *canonParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *canonParser) value(out *bytes.Buffer, depth int) error {
	if depth > maxDepth {
		return p.errorf("nested deeper than %d levels", maxDepth)
	}
	if p.pos >= len(p.data) {
		return p.errorf("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(out, depth)
	case c == '[':
		return p.array(out, depth)
	case c == '"':
		s, err := p.stringToken()
		if err != nil {
			return err
		}
		return writeCanonString(out, s)
	case c == 't':
		return p.literal(out, "true")
	case c == 'f':
		return p.literal(out, "false")
	case c == 'n':
		return p.literal(out, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(out)
	default:
		return p.errorf("unexpected character %q", c)
	}
}

func (p *canonParser) literal(out *bytes.Buffer, word string) error {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(word)) {
		return p.errorf("invalid literal")
	}
	p.pos += len(word)
	out.WriteString(word)
	return nil
}

func (p *canonParser) array(out *bytes.Buffer, depth int) error {
	p.pos++ // '['
	out.WriteByte('[')
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		out.WriteByte(']')
		return nil
	}
	for i := 0; ; i++ {
		if i > 0 {
			out.WriteByte(',')
		}
		p.skipSpace()
		if err := p.value(out, depth+1); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.errorf("unterminated array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			out.WriteByte(']')
			return nil
		default:
			return p.errorf("expected ',' or ']' in array")
		}
	}
}

type member struct {
	key   string
	ascii bool
	val   []byte
}

func (p *canonParser) object(out *bytes.Buffer, depth int) error {
	p.pos++ // '{'
	p.skipSpace()
	var members []member
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		out.WriteString("{}")
		return nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return p.errorf("expected a member name")
		}
		raw, err := p.stringToken()
		if err != nil {
			return err
		}
		key, err := decodeString(raw)
		if err != nil {
			return p.errorf("%v", err)
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return p.errorf("expected ':' after member name")
		}
		p.pos++
		p.skipSpace()
		var vb bytes.Buffer
		if err := p.value(&vb, depth+1); err != nil {
			return err
		}
		members = append(members, member{key: key, ascii: isASCII(key), val: vb.Bytes()})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.errorf("unterminated object")
		}
		if p.data[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.data[p.pos] == '}' {
			p.pos++
			break
		}
		return p.errorf("expected ',' or '}' in object")
	}
	slices.SortFunc(members, func(a, b member) int {
		if a.ascii && b.ascii {
			return strings.Compare(a.key, b.key)
		}
		return compareUTF16(a.key, b.key)
	})
	out.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			if members[i-1].key == m.key {
				return fmt.Errorf("canonical json: duplicate member %q", m.key)
			}
			out.WriteByte(',')
		}
		writeString(out, m.key)
		out.WriteByte(':')
		out.Write(m.val)
	}
	out.WriteByte('}')
	return nil
}

// stringToken returns the raw bytes of the string token at p.pos, quotes
// included, and moves past it.
func (p *canonParser) stringToken() ([]byte, error) {
	start := p.pos
	p.pos++ // opening quote
	for p.pos < len(p.data) {
		switch c := p.data[p.pos]; {
		case c == '"':
			p.pos++
			return p.data[start:p.pos], nil
		case c == '\\':
			p.pos += 2
		case c < 0x20:
			return nil, p.errorf("control character in string")
		default:
			p.pos++
		}
	}
	return nil, p.errorf("unterminated string")
}

// decodeString returns the value of a raw string token.
func decodeString(raw []byte) (string, error) {
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("bad string: %v", err)
	}
	return s, nil
}

// writeCanonString writes a raw string token in canonical form: as it is
// when it has no escapes and is valid UTF-8 (then RFC 8785 would write the
// same bytes), decoded and re-escaped otherwise.
func writeCanonString(out *bytes.Buffer, raw []byte) error {
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		out.Write(raw)
		return nil
	}
	s, err := decodeString(raw)
	if err != nil {
		return fmt.Errorf("canonical json: %v", err)
	}
	writeString(out, s)
	return nil
}

func (p *canonParser) number(out *bytes.Buffer) error {
	start := p.pos
	d := p.data
	if p.pos < len(d) && d[p.pos] == '-' {
		p.pos++
	}
	intStart := p.pos
	switch {
	case p.pos < len(d) && d[p.pos] == '0':
		p.pos++
	case p.pos < len(d) && d[p.pos] >= '1' && d[p.pos] <= '9':
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
		}
	default:
		return p.errorf("invalid number")
	}
	intDigits := p.pos - intStart
	simple := true
	if p.pos < len(d) && d[p.pos] == '.' {
		simple = false
		p.pos++
		if !p.digits() {
			return p.errorf("invalid number: no digits after '.'")
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		simple = false
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if !p.digits() {
			return p.errorf("invalid number: no digits in exponent")
		}
	}
	text := d[start:p.pos]
	if simple && intDigits <= 15 {
		// An integer of at most 15 digits is exact as a double and prints
		// as itself in ECMAScript, but for negative zero.
		if string(text) == "-0" {
			out.WriteByte('0')
		} else {
			out.Write(text)
		}
		return nil
	}
	s, err := canonNumber(string(text))
	if err != nil {
		return err
	}
	out.WriteString(s)
	return nil
}

func (p *canonParser) digits() bool {
	start := p.pos
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
	}
	return p.pos > start
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func compareUTF16(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

// writeString writes s per RFC 8785 §3.2.2.2: only '"', '\\' and control
// characters are escaped, with the short forms where JSON has them.
func writeString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			buf.WriteString(`\"`)
		case '\\':
			buf.WriteString(`\\`)
		case '\b':
			buf.WriteString(`\b`)
		case '\f':
			buf.WriteString(`\f`)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(buf, `\u%04x`, r)
			} else {
				buf.WriteRune(r)
			}
		}
	}
	buf.WriteByte('"')
}

// canonNumber formats a JSON number as ECMAScript's Number.prototype.toString
// would (RFC 8785 §3.2.2.3).
func canonNumber(n string) (string, error) {
	f, err := strconv.ParseFloat(n, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", fmt.Errorf("canonical json: number %s is not a finite double", n)
	}
	if f == 0 {
		return "0", nil
	}
	abs := math.Abs(f)
	if abs >= 1e21 || abs < 1e-6 {
		// Exponent form: shortest digits, "e+" or "e-" and no leading zeros.
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[0]
		exp = strings.TrimLeft(exp[1:], "0")
		return mant + "e" + string(sign) + exp, nil
	}
	return strconv.FormatFloat(f, 'f', -1, 64), nil
}
