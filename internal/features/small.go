package features

import (
	"slices"
	"strings"

	"truce/internal/listing"
)

// eachSorted yields fs ordered by id, starting after the feature whose id
// is after: the keyset order of the small collections, whose services
// return whole listings.
func eachSorted(fs []*Feature, after string, yield func(*Feature) error) error {
	slices.SortFunc(fs, func(a, b *Feature) int { return strings.Compare(a.ID, b.ID) })
	for _, f := range fs {
		f.Cursor = f.ID
		if after != "" && f.ID <= after {
			continue
		}
		if err := yield(f); err != nil {
			return err
		}
	}
	return nil
}

// afterID returns the position of the id-ordered listings after the
// feature whose Cursor (its id) is after; nil for "".
func afterID(after string) *listing.Cursor {
	if after == "" {
		return nil
	}
	return &listing.Cursor{ID: after}
}
