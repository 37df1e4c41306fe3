package cql2

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxLength is the longest filter Parse accepts, in bytes.
const MaxLength = 64 << 10

// maxDepth bounds nesting so that a hostile filter cannot exhaust the stack.
const maxDepth = 64

// Parse parses src, a CQL2 text filter, checking every property it names
// against q. It returns a *SyntaxError saying where src is wrong.
func Parse(src string, q Queryables) (Expr, error) {
	if len(src) > MaxLength {
		return nil, errorAt(src, 0, "the filter is longer than %d bytes", MaxLength)
	}
	if !utf8.ValidString(src) {
		off := 0
		for off < len(src) {
			r, w := utf8.DecodeRuneInString(src[off:])
			if r == utf8.RuneError && w == 1 {
				break
			}
			off += w
		}
		return nil, errorAt(src, off, "the filter is not valid UTF-8")
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks, q: q}
	e, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errAt(t, "unexpected %q after a complete expression: join conditions with AND or OR", t.text)
	}
	return e, nil
}

type parser struct {
	src   string
	toks  []token
	i     int
	depth int
	q     Queryables
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i = min(p.i+1, len(p.toks)-1); return t }

func (p *parser) errAt(t token, format string, args ...any) error {
	return errorAt(p.src, t.off, format, args...)
}

// keyword reports whether the next token is the identifier kw (any case).
func (p *parser) keyword(kw string) bool {
	t := p.peek()
	return t.kind == tIdent && strings.EqualFold(t.text, kw)
}

func (p *parser) expect(kind tokKind, what string) (token, error) {
	t := p.next()
	if t.kind != kind {
		if t.kind == tEOF {
			return t, p.errAt(t, "the filter ends where %s is expected", what)
		}
		return t, p.errAt(t, "expected %s, found %q", what, t.text)
	}
	return t, nil
}

func (p *parser) orExpr() (Expr, error) {
	l, err := p.andExpr()
	if err != nil {
		return nil, err
	}
	for p.keyword("OR") {
		p.next()
		r, err := p.andExpr()
		if err != nil {
			return nil, err
		}
		l = orExpr{l, r}
	}
	return l, nil
}

func (p *parser) andExpr() (Expr, error) {
	l, err := p.notExpr()
	if err != nil {
		return nil, err
	}
	for p.keyword("AND") {
		p.next()
		r, err := p.notExpr()
		if err != nil {
			return nil, err
		}
		l = andExpr{l, r}
	}
	return l, nil
}

func (p *parser) notExpr() (Expr, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.errAt(p.peek(), "the filter nests deeper than %d levels", maxDepth)
	}
	if p.keyword("NOT") {
		p.next()
		x, err := p.notExpr()
		if err != nil {
			return nil, err
		}
		return notExpr{x}, nil
	}
	if p.peek().kind == tLParen {
		p.next()
		e, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tRParen, "')'"); err != nil {
			return nil, err
		}
		return e, nil
	}
	return p.predicate()
}

// predicate parses a comparison, LIKE, IN, BETWEEN, IS NULL, a spatial or
// temporal function, or a boolean literal.
func (p *parser) predicate() (Expr, error) {
	t := p.peek()
	if t.kind == tIdent {
		switch strings.ToUpper(t.text) {
		case "S_INTERSECTS":
			return p.sIntersects()
		case "T_INTERSECTS":
			return p.tIntersects()
		}
	}
	x, err := p.operand()
	if err != nil {
		return nil, err
	}
	not := false
	if p.keyword("NOT") {
		p.next()
		not = true
	}
	op := p.peek()
	switch {
	case op.kind == tOp && !not:
		p.next()
		r, err := p.operand()
		if err != nil {
			return nil, err
		}
		if err := p.comparable(x, r, token{off: r.off}); err != nil {
			return nil, err
		}
		return compareExpr{op.text, x, r}, nil
	case p.keyword("LIKE"):
		p.next()
		if x.typ != String {
			return nil, p.errAt(token{off: x.off}, "LIKE needs a text property on its left")
		}
		pt, err := p.expect(tString, "a quoted pattern after LIKE")
		if err != nil {
			return nil, err
		}
		return likeExpr{x, pt.text, not}, nil
	case p.keyword("IN"):
		p.next()
		return p.in(x, not)
	case p.keyword("BETWEEN"):
		p.next()
		lo, err := p.operand()
		if err != nil {
			return nil, err
		}
		if !p.keyword("AND") {
			return nil, p.errAt(p.peek(), "expected AND in BETWEEN … AND …")
		}
		p.next()
		hi, err := p.operand()
		if err != nil {
			return nil, err
		}
		for _, b := range []operand{lo, hi} {
			if err := p.comparable(x, b, token{off: b.off}); err != nil {
				return nil, err
			}
		}
		return betweenExpr{x, lo, hi, not}, nil
	case p.keyword("IS") && !not:
		p.next()
		if p.keyword("NOT") {
			p.next()
			not = true
		}
		if !p.keyword("NULL") {
			return nil, p.errAt(p.peek(), "expected NULL after IS")
		}
		p.next()
		return isNullExpr{x, not}, nil
	}
	if x.prop == "" && x.typ == Boolean && !not {
		return boolLit{x.val.(bool)}, nil
	}
	if op.kind == tEOF {
		return nil, p.errAt(op, "the filter ends where an operator (=, <>, <, >, <=, >=, LIKE, IN, BETWEEN, IS) is expected")
	}
	return nil, p.errAt(op, "expected an operator (=, <>, <, >, <=, >=, LIKE, IN, BETWEEN, IS), found %q", op.text)
}

func (p *parser) in(x operand, not bool) (Expr, error) {
	if _, err := p.expect(tLParen, "'(' after IN"); err != nil {
		return nil, err
	}
	var list []operand
	for {
		o, err := p.operand()
		if err != nil {
			return nil, err
		}
		if err := p.comparable(x, o, token{off: o.off}); err != nil {
			return nil, err
		}
		list = append(list, o)
		t := p.next()
		if t.kind == tRParen {
			return inExpr{x, list, not}, nil
		}
		if t.kind != tComma {
			return nil, p.errAt(t, "expected ',' or ')' in the IN list")
		}
	}
}

// operand parses a property name or a scalar literal.
func (p *parser) operand() (operand, error) {
	t := p.next()
	switch t.kind {
	case tString:
		return operand{typ: String, val: t.text, off: t.off}, nil
	case tNumber:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return operand{}, p.errAt(t, "%q is not a number", t.text)
		}
		return operand{typ: Number, val: f, off: t.off}, nil
	case tQuotedIdent:
		return p.property(t, t.text)
	case tIdent:
		switch strings.ToUpper(t.text) {
		case "TRUE", "FALSE":
			return operand{typ: Boolean, val: strings.EqualFold(t.text, "TRUE"), off: t.off}, nil
		case "TIMESTAMP", "DATE":
			tm, err := p.instantArg(t)
			if err != nil {
				return operand{}, err
			}
			return operand{typ: Timestamp, val: tm, off: t.off}, nil
		case "AND", "OR", "NOT", "LIKE", "IN", "BETWEEN", "IS", "NULL":
			return operand{}, p.errAt(t, "expected a property or a value, found the keyword %s", strings.ToUpper(t.text))
		}
		return p.property(t, t.text)
	case tEOF:
		return operand{}, p.errAt(t, "the filter ends where a property or a value is expected")
	}
	return operand{}, p.errAt(t, "expected a property or a value, found %q", t.text)
}

func (p *parser) property(t token, name string) (operand, error) {
	typ, ok := p.q(name)
	if !ok {
		return operand{}, p.errAt(t, "unknown property %q: use one of the collection's queryables", name)
	}
	return operand{prop: name, typ: typ, off: t.off}, nil
}

// instantArg parses ('…') after TIMESTAMP or DATE.
func (p *parser) instantArg(kw token) (time.Time, error) {
	if _, err := p.expect(tLParen, "'(' after "+strings.ToUpper(kw.text)); err != nil {
		return time.Time{}, err
	}
	s, err := p.expect(tString, "a quoted time")
	if err != nil {
		return time.Time{}, err
	}
	tm, err := parseInstant(s.text, strings.EqualFold(kw.text, "DATE"))
	if err != nil {
		return time.Time{}, p.errAt(s, "%v", err)
	}
	if _, err := p.expect(tRParen, "')'"); err != nil {
		return time.Time{}, err
	}
	return tm, nil
}

func parseInstant(s string, date bool) (time.Time, error) {
	if date {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return t, errorf("%q is not a date (YYYY-MM-DD)", s)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, errorf("%q is not an RFC 3339 timestamp such as 2016-07-10T00:00:00Z", s)
	}
	return t.UTC(), nil
}

// comparable checks that l and r may be compared.
func (p *parser) comparable(l, r operand, at token) error {
	if l.typ == r.typ || (numeric(l.typ) && numeric(r.typ)) {
		if l.typ == Geometry || l.typ == IntervalType {
			return p.errAt(at, "geometries and intervals compare only with S_INTERSECTS and T_INTERSECTS")
		}
		return nil
	}
	// A timestamp property compares with a string holding an RFC 3339 time.
	if (l.typ == Timestamp && r.typ == String) || (l.typ == String && r.typ == Timestamp) {
		return nil
	}
	return p.errAt(at, "cannot compare %s with %s", l.typ, r.typ)
}

func numeric(t Type) bool { return t == Number || t == Integer }

// String names the type as in a JSON Schema.
func (t Type) String() string {
	switch t {
	case String:
		return "a string"
	case Number:
		return "a number"
	case Integer:
		return "an integer"
	case Boolean:
		return "a boolean"
	case Timestamp:
		return "a timestamp"
	case IntervalType:
		return "an interval"
	case Geometry:
		return "a geometry"
	}
	return "a value"
}
