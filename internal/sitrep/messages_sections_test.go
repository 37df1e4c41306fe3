package sitrep

import "testing"

// TestSectionMessagesInEveryLanguage checks that every key of the later
// sections' table has all three texts and is not also in words (which
// would shadow it).
func TestSectionMessagesInEveryLanguage(t *testing.T) {
	for k, w := range sectionWords {
		if _, ok := words[k]; ok {
			t.Errorf("%s is in both tables", k)
		}
		for i, s := range w {
			if s == "" {
				t.Errorf("%s has no %s text", k, Langs[i])
			}
		}
	}
}
