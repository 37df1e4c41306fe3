package main

import (
	"slices"
	"testing"
)

func TestPickNames(t *testing.T) {
	tests := []struct {
		name   string
		id     int
		alts   []string
		ar, ru string
	}{
		{"first fitting", 1, []string{"Homs", "ХІумс", "Хомс", "Хьомс", "حمص", "مدينة حمص"}, "حمص", "Хомс"},
		{"fewest Arabic words", 2, []string{"د مشق", "دمشق", "Дамаск", "Дамаскъ"}, "دمشق", "Дамаск"},
		{"no Persian or Kurdish letters", 3, []string{"لاذقیه", "اللاذقية", "Латакия шаары", "Латакия"}, "اللاذقية", "Латакия"},
		{"Kurdish ta marbuta mid-word", 4, []string{"كةربالا", "كربلاء"}, "كربلاء", ""},
		{"override", 170063, []string{"Алеп", "Алеппо", "حلب"}, "حلب", "Алеппо"},
		{"none", 5, []string{"Tadmur"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pickArabic(tt.id, tt.alts); got != tt.ar {
				t.Errorf("pickArabic = %q, want %q", got, tt.ar)
			}
			if got := pickRussian(tt.id, tt.alts); got != tt.ru {
				t.Errorf("pickRussian = %q, want %q", got, tt.ru)
			}
		})
	}
}

func TestKeepAlternates(t *testing.T) {
	got := keepAlternates([]string{"ALP", "Halab", "Aleppo", "حلب", "阿勒颇", " Haleb ", "Halab", ""}, "Aleppo")
	want := []string{"Halab", "Haleb", "حلب"}
	if !slices.Equal(got, want) {
		t.Errorf("keepAlternates = %q, want %q", got, want)
	}
}

func TestSplitParen(t *testing.T) {
	if got := splitParen("Homs (Hims)"); !slices.Equal(got, []string{"Homs (Hims)", "Homs", "Hims"}) {
		t.Errorf("splitParen = %q", got)
	}
	if got := splitParen("Idlib"); !slices.Equal(got, []string{"Idlib"}) {
		t.Errorf("splitParen = %q", got)
	}
}
