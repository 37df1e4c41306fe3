package sitrep

import (
	"testing"
	"time"
)

func TestPeriodOf(t *testing.T) {
	damascus := time.FixedZone("EEST", 3*3600)
	for _, c := range []struct {
		name     string
		cfg      Config
		date     string
		from, to string
	}{
		{"default", DefaultConfig(), "2016-07-14", "2016-07-13T06:00:00Z", "2016-07-14T06:00:00Z"},
		{"zone", Config{Cutoff: DefaultCutoff, Location: damascus}, "2016-07-14", "2016-07-13T03:00:00Z", "2016-07-14T03:00:00Z"},
		{"cut-off", Config{Cutoff: 18*time.Hour + 30*time.Minute}, "2016-03-01", "2016-02-29T18:30:00Z", "2016-03-01T18:30:00Z"},
		{"midnight", Config{}, "2016-03-01", "2016-02-29T00:00:00Z", "2016-03-01T00:00:00Z"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.cfg.PeriodOf(c.date)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.From.UTC().Format(time.RFC3339); got != c.from {
				t.Errorf("from = %s, want %s", got, c.from)
			}
			if got := p.To.UTC().Format(time.RFC3339); got != c.to {
				t.Errorf("to = %s, want %s", got, c.to)
			}
			if q := c.cfg.Previous(p); !q.To.Equal(p.From) {
				t.Errorf("previous period ends %s, not at %s", q.To, p.From)
			}
		})
	}
}

func TestLastEnded(t *testing.T) {
	c := DefaultConfig()
	for _, tc := range []struct{ now, date string }{
		{"2016-07-14T06:00:00Z", "2016-07-14"},
		{"2016-07-14T05:59:59Z", "2016-07-13"},
		{"2016-07-14T23:00:00Z", "2016-07-14"},
	} {
		now, _ := time.Parse(time.RFC3339, tc.now)
		if got := c.LastEnded(now).Date; got != tc.date {
			t.Errorf("LastEnded(%s) = %s, want %s", tc.now, got, tc.date)
		}
	}
}

func TestParseCutoff(t *testing.T) {
	for s, want := range map[string]time.Duration{"06:00": 6 * time.Hour, "23:59": 23*time.Hour + 59*time.Minute, "00:00": 0} {
		if got, err := ParseCutoff(s); err != nil || got != want {
			t.Errorf("ParseCutoff(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "6:00", "24:00", "06:00:00", "noon"} {
		if _, err := ParseCutoff(s); err == nil {
			t.Errorf("ParseCutoff(%q) accepted", s)
		}
	}
}

func TestEveryMessageInEveryLanguage(t *testing.T) {
	for k, w := range words {
		for i, s := range w {
			if s == "" {
				t.Errorf("%s has no %s text", k, Langs[i])
			}
		}
	}
}
