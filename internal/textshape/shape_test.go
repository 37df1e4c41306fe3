package textshape

import (
	"fmt"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// codes spells s as its code points, for readable failures.
func codes(s string) string {
	out := ""
	for i, r := range []rune(s) {
		if i > 0 {
			out += " "
		}
		out += fmt.Sprintf("%04X", r)
	}
	return out
}

func TestShape(t *testing.T) {
	tests := []struct {
		name, in, want string
		// marksMoved: NFKC gives the letters back with the marks after the ligature.
		marksMoved bool
	}{
		// م initial, ر final, ح initial (ر does not join on its left), ب medial, ا final.
		{"marhaba", "مرحبا", "\uFEE3\uFEAE\uFEA3\uFE92\uFE8E", false},
		{"lam-alef alone", "لا", "\uFEFB", false},
		// ا isolated, ل initial, س medial, lam-alef final, م isolated (alef does not join on its left).
		{"al-salam", "السلام", "\uFE8D\uFEDF\uFEB4\uFEFC\uFEE1", false},
		// A mark between letters is kept in place and does not break the join: بَب.
		{"transparent mark", "بَب", "\uFE91\u064E\uFE90", false},
		// Marks between lam and alef follow the ligature: لَا.
		{"mark inside lam-alef", "لَا", "\uFEFB\u064E", true},
		// Two words: joins stop at the space; ة final after medial ن? (مدينة = م د ي ن ة).
		{"two words", "مدينة حلب", "\uFEE3\uFEAA\uFEF3\uFEE8\uFE94 \uFEA3\uFEE0\uFE90", false},
		// Tatweel joins both sides; ZWNJ breaks the join.
		{"tatweel", "بـب", "\uFE91\u0640\uFE90", false},
		{"zwnj", "ب\u200Cب", "\uFE8F\u200C\uFE8F", false},
		// Hamza never joins; a Persian letter (پ) takes its Forms-A forms.
		{"hamza", "ءب", "\uFE80\uFE8F", false},
		{"persian peh", "پل", "\uFB58\uFEDE", false},
		{"latin unchanged", "us#1204 5–7", "us#1204 5–7", false},
		{"mixed", "حادث us#1204", "\uFEA3\uFE8E\uFEA9\uFE99 us#1204", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Shape(tt.in)
			if got != tt.want {
				t.Fatalf("Shape(%q) = %s, want %s", tt.in, codes(got), codes(tt.want))
			}
			// A reader undoes the forms by compatibility decomposition: the logical text comes back.
			if back := norm.NFKC.String(got); !tt.marksMoved && back != norm.NFKC.String(tt.in) {
				t.Fatalf("NFKC(Shape(%q)) = %q, want the input back", tt.in, back)
			}
		})
	}
}

func TestIsArabic(t *testing.T) {
	tests := []struct {
		r    rune
		want bool
	}{
		{'a', false}, {'Ж', false}, {'5', false}, {'م', true}, {0xFEFB, true}, {0xFB58, true}, {'٣', true},
	}
	for _, tt := range tests {
		if got := IsArabic(tt.r); got != tt.want {
			t.Errorf("IsArabic(%q) = %v, want %v", tt.r, got, tt.want)
		}
	}
}
