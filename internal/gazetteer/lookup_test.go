package gazetteer

import "testing"

func TestLookupExactOnly(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		name   string
		wantID int // 0: no match
	}{
		{"Idlib", 169389},
		{"Идлиб", 169389},
		{"إدلب", 169389},
		{"Deir ez-Zor", 170794},
		{"Dayr az Zawr", 170794},
		{"Idli", 0},   // a prefix: Search matches it, Lookup must not
		{"Idlibz", 0}, // one edit away
		{"", 0},
	}
	for _, tt := range tests {
		got := g.Lookup(tt.name)
		if tt.wantID == 0 {
			if got != nil {
				t.Errorf("Lookup(%q) = %d places, want none", tt.name, len(got))
			}
			continue
		}
		found := false
		for _, p := range got {
			found = found || p.ID == tt.wantID
		}
		if !found {
			t.Errorf("Lookup(%q) lacks place %d: %v", tt.name, tt.wantID, got)
		}
	}
}
