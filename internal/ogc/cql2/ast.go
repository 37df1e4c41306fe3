package cql2

import "time"

// Type is the type of a queryable property.
type Type int

// The property types a filter can use.
const (
	String Type = iota + 1
	Number
	Integer
	Boolean
	// Timestamp properties hold an instant (time.Time or an RFC 3339 string).
	Timestamp
	// IntervalType properties hold an Interval.
	IntervalType
	// Geometry properties hold an orb.Geometry.
	Geometry
)

// Queryables reports the type of each property a filter may use.
type Queryables func(name string) (Type, bool)

// Interval is a time interval; a nil end is open.
type Interval struct{ Start, End *time.Time }

// Env gives a filter the values of one feature's properties: a string,
// float64, int, int64, bool, time.Time, Interval, orb.Geometry, or nil (or
// false) when the feature has none.
type Env interface {
	Property(name string) (any, bool)
}

// Expr is a parsed boolean filter expression.
type Expr interface {
	// Eval reports whether the feature in env matches.
	Eval(env Env) bool
}

// operand is one side of a predicate: a property or a literal.
type operand struct {
	prop string // property name, "" for a literal
	typ  Type
	val  any // literal: string, float64, bool, time.Time, Interval, orb.Geometry
	off  int
}

func (o operand) value(env Env) (any, bool) {
	if o.prop == "" {
		return o.val, true
	}
	v, ok := env.Property(o.prop)
	if !ok || v == nil {
		return nil, false
	}
	return v, true
}

type andExpr struct{ l, r Expr }
type orExpr struct{ l, r Expr }
type notExpr struct{ x Expr }
type boolLit struct{ v bool }

type compareExpr struct {
	op   string
	l, r operand
}

type likeExpr struct {
	x       operand
	pattern string
	not     bool
}

type inExpr struct {
	x    operand
	list []operand
	not  bool
}

type betweenExpr struct {
	x, lo, hi operand
	not       bool
}

type isNullExpr struct {
	x   operand
	not bool
}

type sIntersectsExpr struct{ a, b operand }

type tIntersectsExpr struct{ a, b operand }
