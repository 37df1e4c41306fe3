package features

import (
	"slices"
	"strings"
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
