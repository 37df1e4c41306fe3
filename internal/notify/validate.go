package notify

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/geo"
	"truce/internal/timebound"
)

// Limits on what a notification may hold.
const (
	MaxBufferM   = 50_000 // largest site buffer radius, metres
	MaxCorridorM = 20_000 // widest movement corridor either side of the route
	MaxVehicles  = 10_000 // vehicles in one movement
	MaxWindow    = 14 * 24 * time.Hour
	MaxValidity  = 366 * 24 * time.Hour // longest validity of a site notification
	maxText      = 4000
	maxNames     = 16
	maxNameBytes = 300
)

// DefaultCorridorM is the corridor of a movement that gives none.
const DefaultCorridorM = 1000.0

// SiteInput is the body of a site notification or update.
type SiteInput struct {
	Site
	// Releasability is optional (default AMBER); the notifier, the notified
	// parties and the co-chairs are always added to its audience.
	Releasability *access.Releasability `json:"releasability,omitempty"`
	// ConfirmFlags lists the codes of the quality flags the notifier has
	// seen and confirms; a submission raising a flag not listed is
	// refused with fault.ErrConflict and notifies nothing.
	ConfirmFlags []string `json:"confirm_flags,omitempty"`
	// ValidUntil (RFC 3339, optional) is when the notification lapses
	// unless reconfirmed: in the future, at most MaxValidity ahead; by
	// default Config.SiteValidity from now.
	ValidUntil string `json:"valid_until,omitempty"`
}

// MovementInput is the body of a movement notification or update.
type MovementInput struct {
	Movement
	Releasability *access.Releasability `json:"releasability,omitempty"`
	ConfirmFlags  []string              `json:"confirm_flags,omitempty"`
}

// ParseTime parses an RFC 3339 time, reporting field on failure.
func ParseTime(field, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fault.Invalid(field, "%q is not an RFC 3339 time such as 2016-09-12T19:00:00Z", v)
	}
	return t, nil
}

// SiteGeometry decodes a site's location; the error is an
// *fault.InvalidError naming the bad member.
func SiteGeometry(s *Site) (orb.Point, error) {
	pt, err := geo.DecodePoint(s.Location)
	if err != nil {
		return orb.Point{}, fault.Invalid("location", "%v", err)
	}
	return pt, nil
}

// MovementGeometry decodes a movement's route.
func MovementGeometry(m *Movement) (orb.LineString, error) {
	ls, err := geo.DecodeLineString(m.Route, geo.Limits{})
	if err != nil {
		return nil, fault.Invalid("route", "%v", err)
	}
	return ls, nil
}

// validUntil returns the validity end of a site notified at now: v if
// given (in the future, at most MaxValidity ahead), else now + def.
func validUntil(v string, now time.Time, def time.Duration) (string, error) {
	if v == "" {
		return now.Add(def).UTC().Format(time.RFC3339), nil
	}
	t, err := ParseTime("valid_until", v)
	if err != nil {
		return "", err
	}
	if !t.After(now) || t.Sub(now) > MaxValidity {
		return "", fault.Invalid("valid_until", "must be in the future and at most %s ahead", MaxValidity)
	}
	return t.UTC().Format(time.RFC3339), nil
}

func validNumber(field string, v, lo, hi float64) error {
	if math.IsNaN(v) || v < lo || v > hi {
		return fault.Invalid(field, "must be between %g and %g", lo, hi)
	}
	return nil
}

func validText(field, v string) error {
	if len(v) > maxText {
		return fault.Invalid(field, "at most %d bytes", maxText)
	}
	return nil
}

// validParties checks the notified parties: at least one, known, not the
// notifier; it returns them sorted and de-duplicated.
func validParties(parties []string, notifier string, known func(string) bool) ([]string, error) {
	if len(parties) == 0 {
		return nil, fault.Invalid("parties", "name at least one party to notify")
	}
	out := slices.Clone(parties)
	slices.Sort(out)
	out = slices.Compact(out)
	for i, p := range out {
		if p == notifier {
			return nil, fault.Invalid(fmt.Sprintf("parties[%d]", i), "the notifying party %q does not acknowledge its own notification", p)
		}
		if !known(p) {
			return nil, fault.Invalid(fmt.Sprintf("parties[%d]", i), "unknown party %q", p)
		}
	}
	return out, nil
}

// normalizeSite validates a site and returns it normalised.
func normalizeSite(s Site, notifier string, known func(string) bool) (Site, error) {
	if s.Flags != nil {
		return s, fault.Invalid("flags", "flags are found by the server's checks; send confirm_flags to confirm them")
	}
	if !slices.Contains(SiteKinds, s.Kind) {
		return s, fault.Invalid("kind", "%q is not a site kind; use one of %v", s.Kind, SiteKinds)
	}
	if len(s.Names) == 0 || len(s.Names) > maxNames {
		return s, fault.Invalid("names", "give 1–%d names keyed by language code, e.g. {\"en\": \"Al-Quds hospital\", \"ar\": \"مستشفى القدس\"}", maxNames)
	}
	for lang, name := range s.Names {
		if len(lang) < 2 || len(lang) > 8 || strings.ToLower(lang) != lang {
			return s, fault.Invalid("names", "%q is not a lower-case language code", lang)
		}
		if strings.TrimSpace(name) == "" || len(name) > maxNameBytes {
			return s, fault.Invalid("names."+lang, "a name of 1–%d bytes", maxNameBytes)
		}
	}
	pt, err := SiteGeometry(&s)
	if err != nil {
		return s, err
	}
	s.Location = pointJSON(pt)
	if err := validNumber("buffer_m", s.BufferM, 1, MaxBufferM); err != nil {
		return s, err
	}
	if err := validText("note", s.Note); err != nil {
		return s, err
	}
	if s.Withheld {
		err = withheldParties(s.Parties)
		s.Parties = nil
		return s, err
	}
	s.Parties, err = validParties(s.Parties, notifier, known)
	return s, err
}

// normalizeMovement validates a movement at time now (its window must not
// have started, nor end past timebound's horizon for movement windows) and
// returns it normalised.
func normalizeMovement(m Movement, notifier string, known func(string) bool, now time.Time) (Movement, error) {
	if m.Flags != nil {
		return m, fault.Invalid("flags", "flags are found by the server's checks; send confirm_flags to confirm them")
	}
	if m.Template != "" {
		return m, fault.Invalid("template", "a repetition is made with POST /api/v1/movements/{template}/repeat")
	}
	ls, err := MovementGeometry(&m)
	if err != nil {
		return m, err
	}
	m.Route = lineJSON(ls)
	if m.CorridorM == 0 {
		m.CorridorM = DefaultCorridorM
	}
	if err := validNumber("corridor_m", m.CorridorM, 1, MaxCorridorM); err != nil {
		return m, err
	}
	start, err := ParseTime("window.start", m.Window.Start)
	if err != nil {
		return m, err
	}
	end, err := ParseTime("window.end", m.Window.End)
	if err != nil {
		return m, err
	}
	switch {
	case !end.After(start):
		return m, fault.Invalid("window.end", "must be after window.start")
	case end.Sub(start) > MaxWindow:
		return m, fault.Invalid("window.end", "a window lasts at most %s", MaxWindow)
	case !start.After(now):
		return m, fault.Invalid("window.start", "the window must start in the future (it is now %s)", now.UTC().Format(time.RFC3339))
	}
	if err := timebound.Check("window.start", start, now, timebound.MovementWindow); err != nil {
		return m, err
	}
	if err := timebound.Check("window.end", end, now, timebound.MovementWindow); err != nil {
		return m, err
	}
	m.Window = Window{Start: start.UTC().Format(time.RFC3339), End: end.UTC().Format(time.RFC3339)}
	if m.Vehicles < 1 || m.Vehicles > MaxVehicles {
		return m, fault.Invalid("vehicles", "between 1 and %d", MaxVehicles)
	}
	if !slices.Contains(Cargo, m.Cargo) {
		return m, fault.Invalid("cargo", "%q is not a cargo category; use one of %v", m.Cargo, Cargo)
	}
	for f, v := range map[string]string{"origin": m.Origin, "destination": m.Destination, "note": m.Note} {
		if err := validText(f, v); err != nil {
			return m, err
		}
	}
	m.Parties, err = validParties(m.Parties, notifier, known)
	return m, err
}

func pointJSON(p orb.Point) []byte {
	return fmt.Appendf(nil, `{"type":"Point","coordinates":[%s,%s]}`, num(p[0]), num(p[1]))
}

func lineJSON(ls orb.LineString) []byte {
	b := []byte(`{"type":"LineString","coordinates":[`)
	for i, p := range ls {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "[%s,%s]", num(p[0]), num(p[1]))
	}
	return append(b, "]}"...)
}

func num(f float64) string { return fmt.Sprint(f) }
