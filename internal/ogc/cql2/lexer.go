package cql2

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a lexical token.
type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tQuotedIdent
	tString
	tNumber
	tOp // = <> < > <= >=
	tLParen
	tRParen
	tComma
)

// token is one lexical token at byte offset off.
type token struct {
	kind tokKind
	text string // identifier, string value, number text or operator
	off  int
}

// lex splits src into tokens.
func lex(src string) ([]token, error) {
	var out []token
	i := 0
	for i < len(src) {
		r, w := utf8.DecodeRuneInString(src[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			return nil, errorAt(src, i, "the filter is not valid UTF-8")
		case unicode.IsSpace(r):
			i += w
		case r == '(':
			out = append(out, token{tLParen, "(", i})
			i++
		case r == ')':
			out = append(out, token{tRParen, ")", i})
			i++
		case r == ',':
			out = append(out, token{tComma, ",", i})
			i++
		case r == '=':
			out = append(out, token{tOp, "=", i})
			i++
		case r == '<' || r == '>':
			op := string(r)
			if i+1 < len(src) && (src[i+1] == '=' || (r == '<' && src[i+1] == '>')) {
				op += string(src[i+1])
			}
			out = append(out, token{tOp, op, i})
			i += len(op)
		case r == '\'':
			s, n, err := lexString(src, i)
			if err != nil {
				return nil, err
			}
			out = append(out, token{tString, s, i})
			i = n
		case r == '"':
			end := strings.IndexByte(src[i+1:], '"')
			if end < 0 {
				return nil, errorAt(src, i, "unterminated quoted property name: add the closing \"")
			}
			out = append(out, token{tQuotedIdent, src[i+1 : i+1+end], i})
			i += end + 2
		case r == '-' || r == '+' || r == '.' || (r >= '0' && r <= '9'):
			j := i + 1
			for j < len(src) && (isDigit(src[j]) || src[j] == '.' || src[j] == 'e' || src[j] == 'E' ||
				((src[j] == '-' || src[j] == '+') && (src[j-1] == 'e' || src[j-1] == 'E'))) {
				j++
			}
			out = append(out, token{tNumber, src[i:j], i})
			i = j
		case unicode.IsLetter(r) || r == '_':
			j := i + w
			for j < len(src) {
				r2, w2 := utf8.DecodeRuneInString(src[j:])
				if !(unicode.IsLetter(r2) || unicode.IsDigit(r2) || r2 == '_' || r2 == '.' || r2 == ':') {
					break
				}
				j += w2
			}
			out = append(out, token{tIdent, src[i:j], i})
			i = j
		default:
			return nil, errorAt(src, i, "unexpected character %q", r)
		}
	}
	out = append(out, token{tEOF, "", len(src)})
	return out, nil
}

// lexString reads a single-quoted string starting at src[i] (” is a
// quote); it returns the value and the offset after the closing quote.
func lexString(src string, i int) (string, int, error) {
	var b strings.Builder
	j := i + 1
	for j < len(src) {
		if src[j] == '\'' {
			if j+1 < len(src) && src[j+1] == '\'' {
				b.WriteByte('\'')
				j += 2
				continue
			}
			return b.String(), j + 1, nil
		}
		b.WriteByte(src[j])
		j++
	}
	return "", 0, errorAt(src, i, "unterminated string: add the closing '")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
