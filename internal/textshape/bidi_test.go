package textshape

import "testing"

func TestVisual(t *testing.T) {
	tests := []struct {
		name, in string
		rtl      bool
		want     string
	}{
		{"arabic reversed", "مرحبا", true, "ابحرم"},
		{"latin in rtl paragraph stays ltr", "abc", true, "abc"},
		{"trailing neutral takes the rtl paragraph's side", "abc!", true, "!abc"},
		{"ref stays ltr", "حادث us#1204", true, "us#1204 ثداح"},
		{"range stays ltr", "أيام 5–7", true, "5–7 مايأ"},
		{"date stays ltr", "يوم 2016-07-14", true, "2016-07-14 موي"},
		{"decimal stays ltr", "قيمة 12.5", true, "12.5 ةميق"},
		// UAX #9 keeps "log 1204، log 1205" one left-to-right run (the comma sits between strong L).
		{"latin group with arabic comma", "سجل log 1204، log 1205", true, "log 1204، log 1205 لجس"},
		{"refs separated by arabic words", "سجل log 1204 و log 1205", true, "log 1205 و log 1204 لجس"},
		{"brackets mirrored", "(سلام)", true, "(مالس)"},
		{"arabic inside ltr paragraph", "abc عربي def", false, "abc يبرع def"},
		{"number between arabic in ltr paragraph", "ب 12 ت", false, "ت 12 ب"},
		{"no rtl text unchanged", "Daily report (5–7)", false, "Daily report (5–7)"},
		{"arabic-first line is rtl", "عربي abc", false, "abc يبرع"},
		{"empty", "", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Visual(tt.in, tt.rtl); got != tt.want {
				t.Fatalf("Visual(%q, %v) = %q, want %q", tt.in, tt.rtl, got, tt.want)
			}
		})
	}
}

// FuzzVisual checks that ordering never panics and keeps every character (reordered, brackets
// mirrored), so nothing a user typed is lost from a report.
func FuzzVisual(f *testing.F) {
	for _, s := range []string{"مرحبا", "حادث us#1204 (5–7)", "abc عربي 12 def", "\u202Bx\u202C", "((["} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, rtl bool) {
		got := Visual(Shape(s), rtl)
		if len([]rune(got)) != len([]rune(Shape(s))) {
			t.Fatalf("Visual(Shape(%q)) = %q: length changed", s, got)
		}
	})
}
