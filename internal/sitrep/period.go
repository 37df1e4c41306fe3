package sitrep

import (
	"time"

	"truce/internal/fault"
)

// DefaultCutoff is the centre's default cut-off: 06:00 local time.
const DefaultCutoff = 6 * time.Hour

// Config is how a centre cuts its reporting day.
type Config struct {
	// Cutoff is the time of day, after local midnight, at which a
	// reporting period ends (zero: at midnight). It MUST be less than 24
	// hours.
	Cutoff time.Duration
	// Location is the centre's time zone (UTC when nil).
	Location *time.Location
}

// DefaultConfig is the centre's default: the period ends at 06:00 UTC.
func DefaultConfig() Config { return Config{Cutoff: DefaultCutoff, Location: time.UTC} }

// withDefaults returns c with its zero fields set.
func (c Config) withDefaults() Config {
	if c.Location == nil {
		c.Location = time.UTC
	}
	return c
}

// ParseCutoff reads a cut-off time of day written "HH:MM" (00:00 to 23:59).
// It returns a *fault.InvalidError on "cutoff" for anything else.
func ParseCutoff(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, fault.Invalid("cutoff", "is %q; write the time of day as HH:MM", s)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// Period is one reporting period: the 24 hours (23 or 25 across a change
// of clocks) that end at the cut-off of Date, local time of the centre.
type Period struct {
	// Date is the day whose cut-off ends the period, "YYYY-MM-DD".
	Date string
	// From is the start (exclusive) and To the end (inclusive) of the
	// period.
	From, To time.Time
}

// PeriodOf returns the period that ends at the cut-off of date
// ("YYYY-MM-DD"), or a *fault.InvalidError on "date" if date is not a date.
func (c Config) PeriodOf(date string) (Period, error) {
	c = c.withDefaults()
	d, err := time.ParseInLocation(time.DateOnly, date, c.Location)
	if err != nil {
		return Period{}, fault.Invalid("date", "is %q; write the date as YYYY-MM-DD", date)
	}
	return c.periodAt(d), nil
}

// periodAt returns the period ending at the cut-off of local day d
// (midnight of d in the centre's zone).
func (c Config) periodAt(d time.Time) Period {
	end := cutoffOn(d, c.Cutoff, c.Location)
	start := cutoffOn(d.AddDate(0, 0, -1), c.Cutoff, c.Location)
	return Period{Date: d.Format(time.DateOnly), From: start, To: end}
}

// cutoffOn returns the cut-off instant of the local day of d.
func cutoffOn(d time.Time, cut time.Duration, loc *time.Location) time.Time {
	y, m, day := d.In(loc).Date()
	h := int(cut / time.Hour)
	mi := int(cut % time.Hour / time.Minute)
	return time.Date(y, m, day, h, mi, 0, 0, loc)
}

// Previous returns the period just before p.
func (c Config) Previous(p Period) Period {
	c = c.withDefaults()
	d, _ := time.ParseInLocation(time.DateOnly, p.Date, c.Location)
	return c.periodAt(d.AddDate(0, 0, -1))
}

// LastEnded returns the latest period whose cut-off is at or before now:
// the one a scheduled draft reports.
func (c Config) LastEnded(now time.Time) Period {
	c = c.withDefaults()
	local := now.In(c.Location)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, c.Location)
	if now.Before(cutoffOn(day, c.Cutoff, c.Location)) {
		day = day.AddDate(0, 0, -1)
	}
	return c.periodAt(day)
}
