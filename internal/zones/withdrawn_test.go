package zones

import (
	"slices"
	"testing"
	"time"
)

func TestAgreementState(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC) }
	ts := func(h int) string { return at(h).Format(time.RFC3339Nano) }
	gone := []Departure{{Party: "ru", At: at(5)}}
	for _, tc := range []struct {
		name               string
		v                  Version
		chairs             []string
		pending, withdrawn []string
	}{
		{"pending when it left, another missing", Version{ProposedAt: ts(1), AgreedBy: []string{"us"}}, []string{"tr", "us"}, []string{"tr"}, []string{"ru"}},
		{"pending when it left", Version{ProposedAt: ts(1), AgreedBy: []string{"us"}, AgreedAt: ts(5)}, []string{"us"}, []string{}, []string{"ru"}},
		{"agreed by the others after it left", Version{ProposedAt: ts(1), AgreedBy: []string{"us"}, AgreedAt: ts(7)}, []string{"tr", "us"}, []string{}, []string{"ru"}},
		{"agreed before it left", Version{ProposedAt: ts(1), AgreedBy: []string{"us", "tr"}, AgreedAt: ts(2)}, []string{"tr", "us"}, []string{}, []string{}},
		{"it agreed, then left", Version{ProposedAt: ts(1), AgreedBy: []string{"ru", "us"}, AgreedAt: ts(6)}, []string{"us"}, []string{}, []string{}},
		{"proposed after it left", Version{ProposedAt: ts(6), AgreedBy: []string{"us"}, AgreedAt: ts(6)}, []string{"us"}, []string{}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, w := AgreementState(&tc.v, tc.chairs, gone)
			if !slices.Equal(p, tc.pending) || !slices.Equal(w, tc.withdrawn) {
				t.Errorf("pending %v withdrawn %v, want %v %v", p, w, tc.pending, tc.withdrawn)
			}
		})
	}
}
