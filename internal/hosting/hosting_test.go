package hosting

import (
	"slices"
	"testing"
)

func TestParties(t *testing.T) {
	var none *Parties
	if none.List() != nil || none.Contains("ngo") {
		t.Fatal("a nil Parties hosts someone")
	}
	src := []string{"ngo", "wfp"}
	h := New(src)
	src[0] = "ru"
	for _, tc := range []struct {
		set  []string
		want []string
	}{
		{nil, nil},
		{[]string{"ngo"}, []string{"ngo"}},
		{[]string{}, nil},
	} {
		h.Set(tc.set)
		if got := h.List(); !slices.Equal(got, tc.want) {
			t.Errorf("Set(%v): List() = %v, want %v", tc.set, got, tc.want)
		}
	}
	h = New([]string{"ngo", "wfp"})
	if got := h.List(); !slices.Equal(got, []string{"ngo", "wfp"}) || !h.Contains("wfp") || h.Contains("ru") {
		t.Fatalf("New copies its argument: %v", got)
	}
}
