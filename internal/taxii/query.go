package taxii

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"truce/internal/fault"
	"truce/internal/listing"
	"truce/internal/stix"
)

// Pages is the listing of a collection's objects (and of its manifest and
// versions): in the order they were added, then by their place in their
// incident's group. A page reads one visible object more than it shows.
var Pages = listing.Listing{Tag: "x1.", Default: 100, Max: 1000, MinFetch: 1}

// query is a parsed request of objects, a manifest or versions.
type query struct {
	// addedAfter, if set, keeps objects added strictly after it.
	addedAfter *time.Time
	// ids, types and specs, when non-nil, keep objects whose id, type
	// or spec_version is in them.
	ids, types, specs map[string]bool
	// versions keeps objects whose version is one of these times; nil
	// with anyVersion false means "last" (every object: truce serves the
	// current version only).
	versions []time.Time
	limit    int
	after    *listing.Cursor
}

// matchFields are the match[…] parameters the server supports.
var matchFields = map[string]bool{"id": true, "type": true, "version": true, "spec_version": true}

// parseQuery reads added_after, limit, next and the match[…] filters of
// TAXII 2.1 section 3.5. Anything it cannot read, an unknown match field
// included, is an *fault.InvalidError naming the parameter.
func parseQuery(v url.Values) (*query, error) {
	q := &query{}
	for k := range v {
		if f, ok := strings.CutPrefix(k, "match["); ok {
			if f = strings.TrimSuffix(f, "]"); !matchFields[f] || !strings.HasSuffix(k, "]") {
				return nil, fault.Invalid(k, "is not a filter of this server: use match[id], match[type], match[version] or match[spec_version]")
			}
		}
	}
	if s := v.Get("added_after"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fault.Invalid("added_after", "%q is not an RFC 3339 timestamp such as 2016-09-12T12:00:00.000Z", s)
		}
		q.addedAfter = &t
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return nil, fault.Invalid("limit", "must be a positive integer (pages hold at most %d objects)", Pages.Max)
		}
		q.limit = min(n, Pages.Max) // TAXII 2.1 3.4: a server may return fewer objects than asked for
	}
	if s := v.Get("next"); s != "" {
		c, err := Pages.Parse(s)
		if err != nil {
			return nil, fault.Invalid("next", "is not a next value this server gave; start again without it")
		}
		q.after = c
	}
	var err error
	set := func(name string, check func(string) error) (map[string]bool, error) {
		s := v.Get("match[" + name + "]")
		if s == "" {
			return nil, nil
		}
		m := map[string]bool{}
		for _, x := range strings.Split(s, ",") {
			x = strings.TrimSpace(x)
			if err := check(x); err != nil {
				return nil, fault.Invalid("match["+name+"]", "%v", err)
			}
			m[x] = true
		}
		return m, nil
	}
	if q.ids, err = set("id", func(x string) error {
		if !stix.ValidID(x, "") {
			return fmt.Errorf("%q is not a STIX identifier", x)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if q.types, err = set("type", func(x string) error {
		if x == "" {
			return fmt.Errorf("an empty type")
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if q.specs, err = set("spec_version", func(x string) error {
		if x == "" {
			return fmt.Errorf("an empty version")
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if s := v.Get("match[version]"); s != "" {
		var times []time.Time
		every := false
		for _, x := range strings.Split(s, ",") {
			switch x = strings.TrimSpace(x); x {
			case "last", "first", "all":
				every = true // the one version served is first, last and all
			default:
				t, err := time.Parse(time.RFC3339Nano, x)
				if err != nil {
					return nil, fault.Invalid("match[version]", "%q is not last, first, all or an RFC 3339 timestamp", x)
				}
				times = append(times, t)
			}
		}
		if !every {
			q.versions = times
		}
	}
	return q, nil
}

// keeps reports whether o passes the match filters of q (added_after is
// applied while scanning).
func (q *query) keeps(o *object) bool {
	if q.ids != nil && !q.ids[o.id] || q.types != nil && !q.types[o.typ] || q.specs != nil && !q.specs[o.spec] {
		return false
	}
	if q.versions != nil {
		v, err := time.Parse(time.RFC3339Nano, o.version)
		if err != nil {
			return false
		}
		for _, t := range q.versions {
			if t.Equal(v) {
				return true
			}
		}
		return false
	}
	return true
}
