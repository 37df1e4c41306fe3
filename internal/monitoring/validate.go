package monitoring

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/geo"
)

// maxSkew is how far in the future a restriction's time may be (clocks
// differ).
const maxSkew = 5 * time.Minute

func parseTime(field, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return t, fault.Invalid(field, "%q is not an RFC 3339 time such as 2016-09-12T19:00:00Z", v)
	}
	return t, nil
}

func validMetres(field string, v, hi float64) error {
	if math.IsNaN(v) || v < 1 || v > hi {
		return fault.Invalid(field, "must be between 1 and %g metres", hi)
	}
	return nil
}

func validNote(v string) error {
	if len(v) > maxNote {
		return fault.Invalid("note", "is longer than %d bytes", maxNote)
	}
	return nil
}

// validPatrol returns the payload of a patrol filing with a new id, or an
// *fault.InvalidError naming the bad field. The window itself is checked
// by the notification (future, bounded).
func validPatrol(in PatrolInput, known map[string]bool) (PatrolFiled, error) {
	p := PatrolFiled{ID: access.NewID("pat"), Kind: in.Kind, SightM: in.SightM, Window: in.Window, Note: in.Note}
	if p.Kind == "" {
		p.Kind = PatrolGround
	}
	if !validKind(p.Kind, PatrolKinds) {
		return p, fault.Invalid("kind", "%q is not patrol or flight", p.Kind)
	}
	ls, err := geo.DecodeLineString(in.Route, geo.Limits{})
	if err != nil {
		return p, fault.Invalid("route", "%v", err)
	}
	p.Route, _ = json.Marshal(map[string]any{"type": "LineString", "coordinates": ls})
	if p.SightM == 0 {
		p.SightM = DefaultSightM
	}
	if err := validMetres("sight_m", p.SightM, MaxSightM); err != nil {
		return p, err
	}
	if _, err := parseTime("window.start", in.Window.Start); err != nil {
		return p, err
	}
	if _, err := parseTime("window.end", in.Window.End); err != nil {
		return p, err
	}
	if len(in.Notified) == 0 {
		return p, fault.Invalid("notified", "names no party: a patrol is notified to the parties")
	}
	for i, party := range in.Notified {
		if !known[party] {
			return p, fault.Invalid(fmt.Sprintf("notified[%d]", i), "unknown party %q", party)
		}
	}
	p.Notified = in.Notified
	return p, validNote(p.Note)
}

// validRestriction returns the payload of a restriction with a new id,
// or an *fault.InvalidError naming the bad field.
func validRestriction(r RestrictionRecorded, known map[string]bool, now time.Time) (RestrictionRecorded, error) {
	r.ID = access.NewID("rst")
	if !validKind(r.Kind, RestrictionKinds) {
		return r, fault.Invalid("kind", "%q is not one of denial, obstruction, threat, jamming", r.Kind)
	}
	pt, err := geo.DecodePoint(r.Location)
	if err != nil {
		return r, fault.Invalid("location", "%v", err)
	}
	r.Location, _ = json.Marshal(map[string]any{"type": "Point", "coordinates": pt})
	if r.RadiusM == 0 {
		r.RadiusM = DefaultRadiusM
	}
	if err := validMetres("radius_m", r.RadiusM, MaxRadiusM); err != nil {
		return r, err
	}
	t, err := parseTime("time", r.Time)
	if err != nil {
		return r, err
	}
	if t.After(now.Add(maxSkew)) {
		return r, fault.Invalid("time", "is in the future: a restriction is recorded once it happened")
	}
	r.Time = t.UTC().Format(time.RFC3339Nano)
	if !known[r.ControlledBy] {
		return r, fault.Invalid("controlled_by", "unknown party %q: name the party controlling the area", r.ControlledBy)
	}
	return r, validNote(r.Note)
}
