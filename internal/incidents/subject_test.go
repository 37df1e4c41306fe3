package incidents

import "testing"

// TestParseSubject checks that ParseSubject takes back exactly what Subject
// makes, and nothing else.
func TestParseSubject(t *testing.T) {
	tests := []struct {
		subject string
		id      string
		ok      bool
	}{
		{Subject("inc_7f3a"), "inc_7f3a", true},
		{Subject("a:b"), "a:b", true},
		{"incident:", "", false},
		{"zone:inc_7f3a", "", false},
		{"incidents:inc_7f3a", "", false},
		{"inc_7f3a", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		id, ok := ParseSubject(tc.subject)
		if id != tc.id || ok != tc.ok {
			t.Errorf("ParseSubject(%q) = %q, %v; want %q, %v", tc.subject, id, ok, tc.id, tc.ok)
		}
	}
}
