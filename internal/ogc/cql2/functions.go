package cql2

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

func errorf(format string, args ...any) error { return errors.New(fmt.Sprintf(format, args...)) }

// sIntersects parses S_INTERSECTS(a, b), each a geometry property or a WKT
// or BBOX literal.
func (p *parser) sIntersects() (Expr, error) {
	fn := p.next()
	if _, err := p.expect(tLParen, "'(' after S_INTERSECTS"); err != nil {
		return nil, err
	}
	a, err := p.spatialArg()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(tComma, "',' between the two geometries of S_INTERSECTS"); err != nil {
		return nil, err
	}
	b, err := p.spatialArg()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(tRParen, "')' closing S_INTERSECTS"); err != nil {
		return nil, err
	}
	if a.prop == "" && b.prop == "" {
		return nil, p.errAt(fn, "S_INTERSECTS needs a geometry property on one side")
	}
	return sIntersectsExpr{a, b}, nil
}

func (p *parser) spatialArg() (operand, error) {
	t := p.peek()
	if t.kind == tIdent {
		if _, ok := wktTypes[strings.ToUpper(t.text)]; ok {
			g, err := p.wkt()
			if err != nil {
				return operand{}, err
			}
			return operand{typ: Geometry, val: g, off: t.off}, nil
		}
	}
	o, err := p.operand()
	if err != nil {
		return o, err
	}
	if o.typ != Geometry {
		return o, p.errAt(t, "S_INTERSECTS takes geometries: a geometry property, a WKT geometry such as POINT(36.2 33.5), or BBOX(minLon,minLat,maxLon,maxLat)")
	}
	return o, nil
}

// tIntersects parses T_INTERSECTS(a, b), each a temporal property or a
// TIMESTAMP, DATE or INTERVAL literal.
func (p *parser) tIntersects() (Expr, error) {
	fn := p.next()
	if _, err := p.expect(tLParen, "'(' after T_INTERSECTS"); err != nil {
		return nil, err
	}
	a, err := p.temporalArg()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(tComma, "',' between the two arguments of T_INTERSECTS"); err != nil {
		return nil, err
	}
	b, err := p.temporalArg()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(tRParen, "')' closing T_INTERSECTS"); err != nil {
		return nil, err
	}
	if a.prop == "" && b.prop == "" {
		return nil, p.errAt(fn, "T_INTERSECTS needs a temporal property on one side")
	}
	return tIntersectsExpr{a, b}, nil
}

func (p *parser) temporalArg() (operand, error) {
	t := p.peek()
	if t.kind == tIdent && strings.EqualFold(t.text, "INTERVAL") {
		p.next()
		iv, err := p.interval()
		if err != nil {
			return operand{}, err
		}
		return operand{typ: IntervalType, val: iv, off: t.off}, nil
	}
	o, err := p.operand()
	if err != nil {
		return o, err
	}
	if o.typ != Timestamp && o.typ != IntervalType {
		return o, p.errAt(t, "T_INTERSECTS takes times: a temporal property, TIMESTAMP('…'), DATE('…') or INTERVAL('…','…')")
	}
	return o, nil
}

// interval parses ('start', 'end') after INTERVAL; either may be '..'.
func (p *parser) interval() (Interval, error) {
	var iv Interval
	if _, err := p.expect(tLParen, "'(' after INTERVAL"); err != nil {
		return iv, err
	}
	for i := range 2 {
		if i == 1 {
			if _, err := p.expect(tComma, "',' between the ends of INTERVAL"); err != nil {
				return iv, err
			}
		}
		s, err := p.expect(tString, "a quoted time or '..'")
		if err != nil {
			return iv, err
		}
		if s.text == ".." {
			continue
		}
		date := len(s.text) == len(time.DateOnly)
		tm, err := parseInstant(s.text, date)
		if err != nil {
			return iv, p.errAt(s, "%v", err)
		}
		if date && i == 1 {
			// An end date includes its day, as in the datetime parameter.
			tm = tm.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		if i == 0 {
			iv.Start = &tm
		} else {
			iv.End = &tm
		}
	}
	if iv.Start != nil && iv.End != nil && iv.End.Before(*iv.Start) {
		return iv, p.errAt(p.peek(), "the INTERVAL ends before it starts")
	}
	_, err := p.expect(tRParen, "')' closing INTERVAL")
	return iv, err
}
