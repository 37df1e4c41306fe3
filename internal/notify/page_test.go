package notify

import "testing"

// TestCursorBelongsToItsListing checks that a cursor of the sites is
// refused by the movements and the other way round (the encoding itself is
// tested in package listing).
func TestCursorBelongsToItsListing(t *testing.T) {
	site := Cursor{Seq: 42, ID: "site_0123abc"}.Encode(cursorTag)
	if c, err := ParseCursor(TypeSite, site); err != nil || c.ID != "site_0123abc" || c.Seq != 42 {
		t.Fatalf("a sites cursor: %+v, %v", c, err)
	}
	if _, err := ParseCursor(TypeMovement, site); err == nil {
		t.Fatal("the movements accepted a sites cursor")
	}
	mov := Cursor{Seq: 7, ID: "mov_0123abc"}.Encode(cursorTag)
	if _, err := ParseCursor(TypeSite, mov); err == nil {
		t.Fatal("the sites accepted a movements cursor")
	}
	if _, err := ParseCursor(TypeSite, Cursor{Seq: 7, ID: "site_x"}.Encode("a1.")); err == nil {
		t.Fatal("the sites accepted an alerts cursor")
	}
}
