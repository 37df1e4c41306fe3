package notify

import "testing"

// TestCursorBelongsToItsListing checks that each listing of notices takes
// its own cursors only: the sites none of the movements', and neither the
// cursors of the id-ordered listings (the encoding itself is tested in
// package listing).
func TestCursorBelongsToItsListing(t *testing.T) {
	cursors := map[string]string{
		"sites":        Listing(TypeSite).Encode(Cursor{Seq: 42, ID: "site_0123abc"}),
		"movements":    Listing(TypeMovement).Encode(Cursor{Seq: 7, ID: "mov_0123abc"}),
		"sites by id":  IDListing(TypeSite).Encode(Cursor{ID: "site_0123abc"}),
		"moves by id":  IDListing(TypeMovement).Encode(Cursor{ID: "mov_0123abc"}),
		"alerts-style": Cursor{Seq: 7, ID: "site_x"}.Encode("a1."),
	}
	for _, tc := range []struct {
		name string
		l    interface{ Parse(string) (*Cursor, error) }
		own  string
	}{
		{"sites", Listing(TypeSite), "sites"}, {"movements", Listing(TypeMovement), "movements"},
		{"sites by id", IDListing(TypeSite), "sites by id"}, {"moves by id", IDListing(TypeMovement), "moves by id"},
	} {
		for name, c := range cursors {
			_, err := tc.l.Parse(c)
			if ok := err == nil; ok != (name == tc.own) {
				t.Errorf("the %s listing parsing a cursor of the %s: %v", tc.name, name, err)
			}
		}
	}
}
