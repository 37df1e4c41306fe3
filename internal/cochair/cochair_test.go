package cochair

import (
	"slices"
	"testing"
	"time"
)

func TestMissing(t *testing.T) {
	for _, c := range []struct {
		name               string
		coChairs, agreedBy []string
		want               []string
	}{
		{"one missing", []string{"ru", "us"}, []string{"us"}, []string{"ru"}},
		{"all agreed, and a non-co-chair", []string{"ru", "us"}, []string{"us", "ru", "un"}, nil},
		{"sorted", []string{"us", "ru", "tr"}, nil, []string{"ru", "tr", "us"}},
		{"no co-chair never counts as agreed", nil, []string{"us"}, []string{"co-chair"}},
	} {
		if got := Missing(c.coChairs, c.agreedBy); !slices.Equal(got, c.want) {
			t.Errorf("%s: Missing = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestState(t *testing.T) {
	at := func(h int) string { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC).Format(time.RFC3339Nano) }
	left := func(p string, h int) Departure {
		return Departure{Party: p, At: time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC)}
	}
	for _, c := range []struct {
		name               string
		agreedBy           []string
		proposed, agreed   string
		coChairs           []string
		gone               []Departure
		pending, withdrawn []string
	}{
		{"pending, nobody left", []string{"us"}, at(1), "", []string{"ru", "us"}, nil, []string{"ru"}, []string{}},
		{"ru left while awaited", []string{"us"}, at(1), "", []string{"tr", "us"}, []Departure{left("ru", 2)}, []string{"tr"}, []string{"ru"}},
		{"agreed when ru left", []string{"tr", "us"}, at(1), at(2), []string{"tr", "us"}, []Departure{left("ru", 2)}, []string{}, []string{"ru"}},
		{"ru agreed, then left", []string{"ru", "us"}, at(1), at(2), []string{"us"}, []Departure{left("ru", 3)}, []string{}, []string{}},
		{"agreed before ru left", []string{"tr", "us"}, at(1), at(2), []string{"tr", "us"}, []Departure{left("ru", 3)}, []string{}, []string{}},
		{"proposed after ru left", []string{"us"}, at(4), "", []string{"tr", "us"}, []Departure{left("ru", 3)}, []string{"tr"}, []string{}},
	} {
		pending, withdrawn := State(c.agreedBy, c.proposed, c.agreed, c.coChairs, c.gone)
		if !slices.Equal(pending, c.pending) || !slices.Equal(withdrawn, c.withdrawn) {
			t.Errorf("%s: State = %v, %v; want %v, %v", c.name, pending, withdrawn, c.pending, c.withdrawn)
		}
	}
}
