package cql2

import (
	"strings"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/geo"
)

// Eval implements Expr.
func (e andExpr) Eval(env Env) bool { return e.l.Eval(env) && e.r.Eval(env) }

// Eval implements Expr.
func (e orExpr) Eval(env Env) bool { return e.l.Eval(env) || e.r.Eval(env) }

// Eval implements Expr.
func (e notExpr) Eval(env Env) bool { return !e.x.Eval(env) }

// Eval implements Expr.
func (e boolLit) Eval(Env) bool { return e.v }

// Eval implements Expr.
func (e compareExpr) Eval(env Env) bool {
	c, ok := compareOperands(env, e.l, e.r)
	if !ok {
		return false
	}
	switch e.op {
	case "=":
		return c == 0
	case "<>":
		return c != 0
	case "<":
		return c < 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	default: // >=
		return c >= 0
	}
}

// Eval implements Expr.
func (e likeExpr) Eval(env Env) bool {
	v, ok := e.x.value(env)
	s, isStr := v.(string)
	if !ok || !isStr {
		return false
	}
	return like(s, e.pattern) != e.not
}

// Eval implements Expr.
func (e inExpr) Eval(env Env) bool {
	for _, o := range e.list {
		if c, ok := compareOperands(env, e.x, o); ok && c == 0 {
			return !e.not
		}
	}
	if _, ok := e.x.value(env); !ok {
		return false
	}
	return e.not
}

// Eval implements Expr.
func (e betweenExpr) Eval(env Env) bool {
	lo, ok1 := compareOperands(env, e.x, e.lo)
	hi, ok2 := compareOperands(env, e.x, e.hi)
	if !ok1 || !ok2 {
		return false
	}
	return (lo >= 0 && hi <= 0) != e.not
}

// Eval implements Expr.
func (e isNullExpr) Eval(env Env) bool {
	_, ok := e.x.value(env)
	return ok == e.not
}

// Eval implements Expr.
func (e sIntersectsExpr) Eval(env Env) bool {
	a, ok1 := e.a.value(env)
	b, ok2 := e.b.value(env)
	ga, okA := a.(orb.Geometry)
	gb, okB := b.(orb.Geometry)
	return ok1 && ok2 && okA && okB && Intersects(ga, gb)
}

// Eval implements Expr.
func (e tIntersectsExpr) Eval(env Env) bool {
	a, ok1 := e.a.value(env)
	b, ok2 := e.b.value(env)
	if !ok1 || !ok2 {
		return false
	}
	ia, okA := asInterval(a)
	ib, okB := asInterval(b)
	if !okA || !okB {
		return false
	}
	return (ia.End == nil || ib.Start == nil || !ia.End.Before(*ib.Start)) &&
		(ib.End == nil || ia.Start == nil || !ib.End.Before(*ia.Start))
}

func asInterval(v any) (Interval, bool) {
	switch x := v.(type) {
	case Interval:
		return x, true
	case *Interval:
		return *x, x != nil
	}
	if t, ok := asTime(v); ok {
		return Interval{&t, &t}, true
	}
	return Interval{}, false
}

func asTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case string:
		t, err := time.Parse(time.RFC3339Nano, x)
		return t, err == nil
	}
	return time.Time{}, false
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// compareOperands returns -1, 0 or 1 comparing l to r, and false when
// either is null or they do not compare.
func compareOperands(env Env, l, r operand) (int, bool) {
	a, ok1 := l.value(env)
	b, ok2 := r.value(env)
	if !ok1 || !ok2 {
		return 0, false
	}
	if fa, ok := asFloat(a); ok {
		fb, ok := asFloat(b)
		return cmp3(fa < fb, fa > fb), ok
	}
	if l.typ == Timestamp || r.typ == Timestamp {
		ta, ok1 := asTime(a)
		tb, ok2 := asTime(b)
		return ta.Compare(tb), ok1 && ok2
	}
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return strings.Compare(x, y), ok
	case bool:
		y, ok := b.(bool)
		return cmp3(!x && y, x && !y), ok
	}
	return 0, false
}

func cmp3(less, more bool) int {
	switch {
	case less:
		return -1
	case more:
		return 1
	}
	return 0
}

// like matches s against a LIKE pattern: % any run, _ one character, \
// escapes the next character.
func like(s, pattern string) bool {
	rs, rp := []rune(s), []rune(pattern)
	// Iterative wildcard matching with backtracking on the last %.
	si, pi, star, mark := 0, 0, -1, 0
	for si < len(rs) {
		switch {
		case pi < len(rp) && rp[pi] == '\\' && pi+1 < len(rp) && rp[pi+1] == rs[si]:
			si, pi = si+1, pi+2
		case pi < len(rp) && rp[pi] != '%' && rp[pi] != '\\' && (rp[pi] == '_' || rp[pi] == rs[si]):
			si, pi = si+1, pi+1
		case pi < len(rp) && rp[pi] == '%':
			star, mark = pi, si
			pi++
		case star >= 0:
			mark++
			si, pi = mark, star+1
		default:
			return false
		}
	}
	for pi < len(rp) && rp[pi] == '%' {
		pi++
	}
	return pi == len(rp)
}

// Intersects reports whether a and b share a point (closed sets). It takes
// every orb geometry: multi-geometries and collections intersect when one of
// their parts does; a Bound is its rectangle.
func Intersects(a, b orb.Geometry) bool {
	pa, pb := parts(a, nil), parts(b, nil)
	for _, x := range pa {
		for _, y := range pb {
			if geo.Intersects(x, y) {
				return true
			}
		}
	}
	return false
}

// parts flattens g into the types geo.Intersects takes.
func parts(g orb.Geometry, out []orb.Geometry) []orb.Geometry {
	switch x := g.(type) {
	case orb.Point, orb.LineString, orb.Polygon, orb.MultiPolygon:
		return append(out, x)
	case orb.Bound:
		return append(out, x.ToPolygon())
	case orb.Ring:
		return append(out, orb.Polygon{x})
	case orb.MultiPoint:
		for _, p := range x {
			out = append(out, p)
		}
	case orb.MultiLineString:
		for _, l := range x {
			out = append(out, l)
		}
	case orb.Collection:
		for _, c := range x {
			out = parts(c, out)
		}
	}
	return out
}
