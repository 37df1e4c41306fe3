package flights

import (
	"strconv"
)

// DecodeBatch is a fast path for the commonest body of POST
// /api/v1/tracks, {"reports": [...]}: it decodes it without reflection and
// returns ok only when the body is in a strict subset of JSON that
// strictjson decodes to exactly the same
// reports: ASCII strings without escapes, numbers strconv parses, each
// known field at most once per report, no nulls. For anything else it
// returns ok false and the caller MUST decode the body with strictjson,
// which then also produces the error message. A fuzz test checks the
// equivalence.
func DecodeBatch(body []byte) (reports []TrackInput, ok bool) {
	d := fastDecoder{b: body}
	if !d.lit('{') || !d.key("reports") || !d.lit('[') {
		return nil, false
	}
	reports = []TrackInput{}
	if d.peek(']') {
		d.i++
	} else {
		for {
			var r TrackInput
			if !d.report(&r) {
				return nil, false
			}
			reports = append(reports, r)
			if d.lit(',') {
				continue
			}
			if !d.lit(']') {
				return nil, false
			}
			break
		}
	}
	if !d.lit('}') {
		return nil, false
	}
	d.space()
	return reports, d.i == len(d.b)
}

type fastDecoder struct {
	b []byte
	i int
}

func (d *fastDecoder) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\t' || d.b[d.i] == '\n' || d.b[d.i] == '\r') {
		d.i++
	}
}

func (d *fastDecoder) peek(c byte) bool {
	d.space()
	return d.i < len(d.b) && d.b[d.i] == c
}

func (d *fastDecoder) lit(c byte) bool {
	if d.peek(c) {
		d.i++
		return true
	}
	return false
}

// str reads a string of printable ASCII without escapes.
func (d *fastDecoder) str() (string, bool) {
	if !d.lit('"') {
		return "", false
	}
	start := d.i
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			s := string(d.b[start:d.i])
			d.i++
			return s, true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return "", false
		}
		d.i++
	}
	return "", false
}

// key reads "name" and a colon.
func (d *fastDecoder) key(name string) bool {
	s, ok := d.str()
	return ok && s == name && d.lit(':')
}

// num reads a JSON number.
func (d *fastDecoder) num() (float64, bool) {
	d.space()
	start := d.i
	digits := func() int {
		n := 0
		for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	if d.i < len(d.b) && d.b[d.i] == '0' {
		d.i++
	} else if digits() == 0 {
		return 0, false
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return 0, false
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(string(d.b[start:d.i]), 64)
	return v, err == nil
}

// report reads one report object.
func (d *fastDecoder) report(r *TrackInput) bool {
	if !d.lit('{') {
		return false
	}
	var seen uint16
	if d.lit('}') {
		return true
	}
	for {
		k, ok := d.str()
		if !ok || !d.lit(':') {
			return false
		}
		bit, ok := fieldBits[k]
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		switch k {
		case "id", "party", "time":
			v, ok := d.str()
			if !ok {
				return false
			}
			switch k {
			case "id":
				r.ID = v
			case "party":
				r.Party = v
			default:
				r.Time = v
			}
		default:
			v, ok := d.num()
			if !ok {
				return false
			}
			switch k {
			case "lat":
				r.Lat = v
			case "lon":
				r.Lon = v
			case "alt_ft":
				r.AltFt = v
			case "ground_speed_mps":
				r.GroundSpeedMPS = &v
			case "track_deg":
				r.TrackDeg = &v
			default:
				r.VerticalFPM = &v
			}
		}
		if d.lit(',') {
			continue
		}
		return d.lit('}')
	}
}

var fieldBits = map[string]uint16{"id": 1, "party": 2, "lat": 4, "lon": 8, "alt_ft": 16, "time": 32,
	"ground_speed_mps": 64, "track_deg": 128, "vertical_rate_fpm": 256}
