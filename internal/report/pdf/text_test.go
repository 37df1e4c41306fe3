package pdf

import (
	"strings"
	"testing"
)

func newTestRenderer(t *testing.T, rtl bool) *renderer {
	t.Helper()
	fs, err := faces()
	if err != nil {
		t.Fatal(err)
	}
	return &renderer{rtl: rtl, faces: fs}
}

// TestPrepare checks what reaches the page: every character is one an embedded font draws, or
// U+FFFD in its place.
func TestPrepare(t *testing.T) {
	r := newTestRenderer(t, false)
	tests := []struct {
		name, in, want string
	}{
		{"latin and cyrillic kept", "Алеппо, Aleppo – №5", "Алеппо, Aleppo – №5"},
		{"controls become spaces", "a\tb\x00c", "a b c"},
		{"line breaks kept for wrap", "a\nb", "a\u2028b"},
		{"bidi and zero-width controls dropped", "\u202Bx\u202C\u200Fy\u200B", "xy"},
		{"glyphs no font has", "▲ 日 \U0001F600", "\uFFFD \uFFFD \uFFFD"},
		{"arabic shaped", "لا", "\uFEFB"},
		{"zwnj steers shaping then goes", "ب\u200Cب", "\uFE8F\uFE8F"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.prepare(tt.in)
			if got != tt.want {
				t.Fatalf("prepare(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for _, c := range got {
				if c != '\u2028' && !r.faces[sans].has(c) && !r.faces[arabic].has(c) {
					t.Fatalf("prepare(%q) keeps %U, which no embedded font has", tt.in, c)
				}
			}
		})
	}
}

// TestWrap checks that lines fit the width and are filled greedily, words are not split unless
// wider than a line, and no text is lost.
func TestWrap(t *testing.T) {
	r := newTestRenderer(t, false)
	tests := []struct {
		name  string
		in    string
		width float64
		lines int
	}{
		{"fits", "one two three", 100, 1},
		{"wraps at spaces", strings.Repeat("word ", 40), 40, 10},
		{"long word split", strings.Repeat("W", 60), 30, 7},
		{"explicit break", "a\nb", 100, 2},
		{"long list cut after commas", "un#" + strings.Repeat("10000,", 40), 30, 20},
		{"empty", "", 100, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.wrap(tt.in, tt.width, fontBody)
			for _, l := range got[:len(got)-1] {
				if strings.Contains(tt.in, ",") && !strings.HasSuffix(l, ",") {
					t.Errorf("line %q of a list is not cut after a comma", l)
				}
			}
			if len(got) != tt.lines {
				t.Fatalf("%d lines, want %d: %q", len(got), tt.lines, got)
			}
			for i := 0; i+1 < len(got); i++ {
				// Greedy: the next line's first word would not have fitted on this one.
				next := strings.Fields(got[i+1])
				if len(next) > 0 && strings.Contains(tt.in, " ") && r.width(got[i]+" "+next[0], fontBody) <= tt.width {
					t.Errorf("line %q ends early: %q would fit", got[i], next[0])
				}
			}
			for _, l := range got {
				if w := r.width(l, fontBody); w > tt.width && len([]rune(l)) > 1 {
					t.Errorf("line %q is %.1f mm wide, more than %.1f", l, w, tt.width)
				}
			}
			if strings.Join(strings.Fields(strings.Join(got, "")), "") != strings.Join(strings.Fields(r.prepare(strings.ReplaceAll(tt.in, "\n", " "))), "") {
				t.Errorf("text lost: %q from %q", got, tt.in)
			}
		})
	}
}
