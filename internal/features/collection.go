package features

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/ogc/cql2"
)

// Queryable is a property a filter may use.
type Queryable struct {
	Name  string
	Title string
	Type  cql2.Type
	// Enum lists the values a string property takes, if fixed.
	Enum []string
}

// Column is one column of a CSV export: its header, its HXL hashtag and the
// property it holds. The pseudo-properties "@id", "@lon", "@lat" and "@wkt"
// are the feature's id, the longitude and latitude of its point (or of its
// bounding box's centre) and its geometry as WKT.
type Column struct {
	Header, Tag, Prop string
}

// Info describes a collection.
type Info struct {
	ID, Title, Description string
	// Queryables are the properties filters may use, besides "id",
	// "geometry" and "datetime", which every collection has.
	Queryables []Queryable
	// Columns are the CSV columns; nil if the collection has no CSV export.
	Columns []Column
}

// Query selects features. Zero fields select everything.
type Query struct {
	// BBox keeps features whose geometry meets the box.
	BBox *orb.Bound
	// From and To keep features whose time overlaps [From, To]; nil is an
	// open end. Features without a time are dropped when either is set.
	From, To *time.Time
	// Filter is a parsed CQL2 filter.
	Filter cql2.Expr
	// Equal keeps features whose property (key) equals the value.
	Equal map[string]string
	// After continues after the feature whose Cursor it is.
	After string
	// Incidents, for the incidents collection only, are the incident list
	// filters (pushed down to the store); its Limit and After are ignored.
	Incidents *incidents.Filter
}

// Keep reports whether f matches q, cursor excepted.
func (q *Query) Keep(f *Feature) bool {
	if q.BBox != nil {
		g, err := f.Geom()
		if err != nil || g == nil || !cql2.Intersects(g, *q.BBox) {
			return false
		}
	}
	if q.From != nil || q.To != nil {
		if f.Start == nil && f.End == nil {
			return false
		}
		if q.From != nil && f.End != nil && f.End.Before(*q.From) {
			return false
		}
		if q.To != nil && f.Start != nil && f.Start.After(*q.To) {
			return false
		}
	}
	for k, v := range q.Equal {
		got, ok := f.Prop(k)
		if s, isStr := got.(string); !ok || !isStr || s != v {
			return false
		}
	}
	return q.Filter == nil || q.Filter.Eval(f)
}

// Collection is a source of features. Implementations read through the
// domain services, which apply releasability.
type Collection interface {
	// Info describes the collection.
	Info() Info
	// Each calls yield with every feature by may see, in a stable order,
	// starting after q.After. It may pre-select with q's fields but need
	// not: the registry applies q.Keep. It stops with yield's error
	// (nil for ErrStop).
	Each(ctx context.Context, by access.Principal, q *Query, yield func(*Feature) error) error
	// Get returns feature id if by may see it, else an error wrapping
	// fault.ErrNotFound (the same for one that does not exist).
	Get(ctx context.Context, by access.Principal, id string) (*Feature, error)
}

// ErrUnknownCollection is returned for a collection id not registered.
var ErrUnknownCollection = errors.New("features: no such collection")

// Registry holds the collections by id, in registration order.
type Registry struct {
	order []string
	byID  map[string]Collection
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{byID: map[string]Collection{}} }

// Register adds c; a second collection with the same id replaces the first.
func (r *Registry) Register(c Collection) {
	id := c.Info().ID
	if _, ok := r.byID[id]; !ok {
		r.order = append(r.order, id)
	}
	r.byID[id] = c
}

// Collections returns the collections in registration order.
func (r *Registry) Collections() []Collection {
	out := make([]Collection, 0, len(r.order))
	for _, id := range r.order {
		out = append(out, r.byID[id])
	}
	return out
}

// IDs returns the collection ids in registration order.
func (r *Registry) IDs() []string { return slices.Clone(r.order) }

// Collection returns collection id, or ErrUnknownCollection.
func (r *Registry) Collection(id string) (Collection, error) {
	c, ok := r.byID[id]
	if !ok {
		return nil, fmt.Errorf("collection %q: %w", id, ErrUnknownCollection)
	}
	return c, nil
}

// Each streams the features of collection id that by may see and that
// match q, in the collection's order, to yield.
func (r *Registry) Each(ctx context.Context, by access.Principal, id string, q *Query, yield func(*Feature) error) error {
	c, err := r.Collection(id)
	if err != nil {
		return err
	}
	err = c.Each(ctx, by, q, func(f *Feature) error {
		if !q.Keep(f) {
			return nil
		}
		return yield(f)
	})
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}
