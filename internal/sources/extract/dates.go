package extract

import (
	"time"
)

const day = 24 * time.Hour

// pastHorizon is how long before the publication date an event may end
// and still be news; a sentence whose event ends earlier is about the
// past (an anniversary, a reminder) and gives no draft.
const pastHorizon = 45 * day

// timeFound is a time expression found in a sentence.
type timeFound struct {
	iv   Interval
	past bool // the sentence is about the past (a cue, or an interval long before pub)
	// from and to are the tokens of the expression, for its text.
	from, to int
}

// monthAt returns the month named at toks[i] (one or two words) and the
// number of words, or 0, 0.
func (lx *lexicon) monthAt(toks []token, i int) (time.Month, int) {
	if i >= len(toks) {
		return 0, 0
	}
	if i+1 < len(toks) {
		if m, ok := lx.months[toks[i].low+" "+toks[i+1].low]; ok {
			return m, 2
		}
	}
	if m, ok := lx.months[toks[i].low]; ok {
		return m, 1
	}
	if m, ok := lx.months[toks[i].base]; ok && toks[i].base != toks[i].low {
		return m, 1
	}
	return 0, 0
}

// yearAt returns the year written at toks[i] (1990–2100), or 0.
func yearAt(toks []token, i int) int {
	if i >= len(toks) {
		return 0
	}
	if y := digitsValue(toks[i].low); y >= 1990 && y <= 2100 {
		return y
	}
	return 0
}

// dateAt reads an absolute date at toks[i]: "12 March 2026", "March 12,
// 2026", "12 марта 2026 года", "12 آذار/مارس 2026", with or without the
// year. It returns the date (year 0 when not written) and the number of
// words, or n == 0.
func (lx *lexicon) dateAt(toks []token, i int) (y int, m time.Month, d int, n int) {
	if dd := digitsValue(toks[i].low); dd >= 1 && dd <= 31 {
		if mm, k := lx.monthAt(toks, i+1); k > 0 {
			n = 1 + k
			if _, k2 := lx.monthAt(toks, i+n); k2 > 0 { // آذار/مارس
				n += k2
			}
			if y = yearAt(toks, i+n); y > 0 {
				n++
			}
			return y, mm, dd, n
		}
	}
	if mm, k := lx.monthAt(toks, i); k > 0 && i+k < len(toks) {
		if dd := digitsValue(toks[i+k].low); dd >= 1 && dd <= 31 {
			n = k + 1
			if y = yearAt(toks, i+n); y > 0 {
				n++
			}
			return y, mm, dd, n
		}
	}
	return 0, 0, 0, 0
}

// resolveYear returns the date y-m-d, taking the publication year (or the
// one before, if the date would fall after pub) when y is 0.
func resolveYear(y int, m time.Month, d int, pub time.Time) time.Time {
	if y == 0 {
		y = pub.Year()
		if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(pub.Add(day)) {
			y--
		}
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// findTime returns the first time expression of the sentence, resolved
// against the publication day pubDay (midnight UTC), or ok false.
func (lx *lexicon) findTime(toks []token, pubDay time.Time, ctx *Interval) (tf timeFound, ok bool) {
	for i := range toks {
		var n int
		if tf, n, ok = lx.timeAt(toks, i, pubDay, ctx); ok {
			tf.from, tf.to = i, i+n
			if tf.iv.End.Before(pubDay.Add(-pastHorizon)) {
				tf.past = true
			}
			return tf, true
		}
	}
	return timeFound{}, false
}

// timeAt resolves a time expression starting at toks[i].
func (lx *lexicon) timeAt(toks []token, i int, pub time.Time, ctx *Interval) (timeFound, int, bool) {
	dayIv := func(d time.Time, n int) (timeFound, int, bool) {
		return timeFound{iv: Interval{Start: d, End: d.Add(day), Precision: TimeDay}}, n, true
	}
	if y, m, d, n := lx.dateAt(toks, i); n > 0 {
		return dayIv(resolveYear(y, m, d, pub), n)
	}
	if w, ok := lx.weekdays[toks[i].base]; ok && lx.weekdayOK(toks, i) {
		back := (int(pub.Weekday()) - int(w) + 7) % 7
		return dayIv(pub.AddDate(0, 0, -back), 1)
	}
	for _, tw := range lx.times {
		n := lx.matchAt(toks, i, tw.p)
		if n == 0 {
			continue
		}
		iv := Interval{}
		switch tw.kind {
		case tYesterday:
			iv.Start, iv.End, iv.Precision = pub.Add(-day), pub, TimeDay
		case tDayBefore:
			iv.Start, iv.End, iv.Precision = pub.Add(-day), pub, TimeDay
			if ctx != nil && ctx.Precision == TimeDay {
				iv.Start, iv.End = ctx.Start.Add(-day), ctx.Start
			}
		case tSameDay:
			if ctx == nil {
				continue
			}
			iv = *ctx
		case tToday:
			iv.Start, iv.End, iv.Precision = pub, pub.Add(day), TimeDay
		case tLastNight:
			iv.Start, iv.End, iv.Precision = pub.Add(-day), pub.Add(day), TimeDays
		case tLastWeek:
			iv.Start, iv.End, iv.Precision = pub.Add(-7*day), pub, TimeWeek
		case tThisWeek:
			iv.Start, iv.End, iv.Precision = pub.Add(-6*day), pub.Add(day), TimeWeek
		case tRecentWeeks:
			iv.Start, iv.End, iv.Precision = pub.Add(-28*day), pub.Add(day), TimeMonth
		case tLastMonth:
			first := time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC)
			iv.Start, iv.End, iv.Precision = first.AddDate(0, -1, 0), first, TimeMonth
		case tLastYear:
			first := time.Date(pub.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
			iv.Start, iv.End, iv.Precision = first.AddDate(-1, 0, 0), first, TimeMonth
			return timeFound{iv: iv, past: true}, n, true
		case tPastCue:
			return timeFound{iv: iv, past: true}, n, true
		case tPastDays, tPastHours:
			num := 2
			for k := i; k < i+n; k++ {
				if v := lx.numberValue(&toks[k]); v > 0 {
					num = v
				}
			}
			days := num
			if tw.kind == tPastHours {
				days = max(1, (num+23)/24)
				if num == 2 && lx.numberValue(&toks[i]) == 0 { // "the past day", "за сутки"
					days = 1
				}
			}
			days = min(days, 60)
			iv.Start, iv.End, iv.Precision = pub.Add(-time.Duration(days-1)*day), pub.Add(day), TimeDays
			if days == 1 {
				iv.Start = pub.Add(-day)
			}
		}
		return timeFound{iv: iv}, n, true
	}
	if m, k := lx.monthAt(toks, i); k > 0 && (i == 0 || lx.numberValue(&toks[i-1]) == 0) {
		y := yearAt(toks, i+k)
		start := resolveYear(y, m, 1, pub)
		if y == 0 && start.After(pub) {
			start = start.AddDate(-1, 0, 0)
		}
		n := k
		if y > 0 {
			n++
		}
		iv := Interval{Start: start, End: start.AddDate(0, 1, 0), Precision: TimeMonth}
		return timeFound{iv: iv}, n, true
	}
	if y := yearAt(toks, i); y > 0 && y < pub.Year() && (i+1 >= len(toks) || lx.numberValue(&toks[i+1]) == 0) {
		start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return timeFound{iv: Interval{Start: start, End: start.AddDate(1, 0, 0), Precision: TimeMonth}, past: true}, 1, true
	}
	return timeFound{}, 0, false
}

// weekdayOK reports whether the weekday word at toks[i] is meant as a
// day: in Arabic it must follow يوم or carry the article (أحد, "one",
// only after يوم); elsewhere any occurrence counts.
func (lx *lexicon) weekdayOK(toks []token, i int) bool {
	if lx.dayWord == nil {
		return true
	}
	if i > 0 && lx.matchAny(toks, i-1, lx.dayWord) > 0 {
		return true
	}
	return toks[i].base != "احد" && toks[i].low != toks[i].base
}

// numberValue returns the number a token writes (digits or a number
// word), or 0.
func (lx *lexicon) numberValue(t *token) int {
	if v := digitsValue(t.low); v >= 0 {
		return v
	}
	if v := lx.numbers[t.low]; v > 0 {
		return v
	}
	return lx.numbers[t.base]
}
