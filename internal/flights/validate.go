package flights

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/deconflict"
	"truce/internal/fault"
	"truce/internal/timebound"
)

// Limits on what a request may hold.
const (
	MaxWaypoints    = 2000
	MaxRingVertices = 1000
	maxText         = 200
	// MaxBatch is the most reports one POST /api/v1/tracks may carry.
	MaxBatch = 100_000
)

// PlanInput is the body of a filing or an amendment.
type PlanInput struct {
	Callsign  string     `json:"callsign"`
	Category  string     `json:"category"`
	Waypoints []Waypoint `json:"waypoints"`
	// Releasability is optional (default AMBER to the filing party); the
	// co-chairs see the trajectory whatever it says.
	Releasability *access.Releasability `json:"releasability,omitempty"`
}

// ReservationInput is the body of a reservation.
type ReservationInput struct {
	Name          string                `json:"name"`
	Geometry      json.RawMessage       `json:"geometry"`
	FloorFt       float64               `json:"floor_ft"`
	CeilingFt     float64               `json:"ceiling_ft"`
	Start         string                `json:"start"`
	End           string                `json:"end"`
	Releasability *access.Releasability `json:"releasability,omitempty"`
}

// TrackInput is one position report as posted.
type TrackInput struct {
	ID             string   `json:"id"`
	Party          string   `json:"party"`
	Lat            float64  `json:"lat"`
	Lon            float64  `json:"lon"`
	AltFt          float64  `json:"alt_ft"`
	Time           string   `json:"time"`
	GroundSpeedMPS *float64 `json:"ground_speed_mps,omitempty"`
	TrackDeg       *float64 `json:"track_deg,omitempty"`
	VerticalFPM    *float64 `json:"vertical_rate_fpm,omitempty"`
}

// invalidFrom converts an engine validation error to an
// *fault.InvalidError naming the request field, e.g. "waypoints[3].time".
func invalidFrom(err error, prefix string) error {
	var ve *deconflict.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	field := ve.Field
	if ve.Index >= 0 {
		field = fmt.Sprintf("%s[%d].%s", prefix, ve.Index, ve.Field)
	}
	reason := ve.Reason
	if ve.Index >= 0 {
		reason = fmt.Sprintf("%s at %s %d; fix that point and send the whole %s again", ve.Reason, strings.TrimSuffix(prefix, "s"), ve.Index, ve.Kind)
	}
	return &fault.InvalidError{Field: field, Reason: reason}
}

// parseTime parses an RFC 3339 time, naming field on failure.
func parseTime(field, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fault.Invalid(field, "%q is not an RFC 3339 time such as 2016-09-12T19:00:00Z", v)
	}
	return t.UTC(), nil
}

// checkPlanInput checks what the engine does not, at time now (waypoint
// times must lie in timebound's range for flight plans), and returns the
// engine's form of the plan.
func checkPlanInput(id, party string, in *PlanInput, now time.Time) (deconflict.FlightPlan, error) {
	fp := deconflict.FlightPlan{ID: id, Party: party}
	switch {
	case len(in.Callsign) > maxText:
		return fp, fault.Invalid("callsign", "at most %d bytes", maxText)
	case in.Category != "" && !slices.Contains(Categories, in.Category):
		return fp, fault.Invalid("category", "%q is not one of %v", in.Category, Categories)
	case len(in.Waypoints) < 2:
		return fp, fault.Invalid("waypoints", "%d given; a plan needs at least 2 waypoints", len(in.Waypoints))
	case len(in.Waypoints) > MaxWaypoints:
		return fp, fault.Invalid("waypoints", "%d given; at most %d", len(in.Waypoints), MaxWaypoints)
	}
	fp.Waypoints = make([]deconflict.Waypoint, len(in.Waypoints))
	for i, w := range in.Waypoints {
		field := fmt.Sprintf("waypoints[%d].time", i)
		t, err := parseTime(field, w.Time)
		if err != nil {
			return fp, err
		}
		if err := timebound.Check(field, t, now, timebound.FlightPlan); err != nil {
			return fp, err
		}
		in.Waypoints[i].Time = t.Format(time.RFC3339Nano)
		fp.Waypoints[i] = deconflict.Waypoint{Lat: w.Lat, Lon: w.Lon, AltFt: w.AltFt, Time: t}
	}
	return fp, nil
}

// enginePlan converts a stored plan to the engine's form.
func enginePlan(p *Plan) deconflict.FlightPlan {
	fp := deconflict.FlightPlan{ID: p.ID, Party: p.Party, Waypoints: make([]deconflict.Waypoint, len(p.Waypoints))}
	for i, w := range p.Waypoints {
		t, _ := time.Parse(time.RFC3339Nano, w.Time)
		fp.Waypoints[i] = deconflict.Waypoint{Lat: w.Lat, Lon: w.Lon, AltFt: w.AltFt, Time: t}
	}
	return fp
}

// polygon is the GeoJSON Polygon of a reservation.
type polygon struct {
	Type        string         `json:"type"`
	Coordinates [][][2]float64 `json:"coordinates"`
}

// checkReservationInput validates in at time now (start and end must lie in
// timebound's range for reservations) and returns the engine's form.
func checkReservationInput(id, party string, in *ReservationInput, now time.Time) (deconflict.Reservation, error) {
	r := deconflict.Reservation{ID: id, Party: party, MinAltFt: in.FloorFt, MaxAltFt: in.CeilingFt}
	if in.Name == "" || len(in.Name) > maxText {
		return r, fault.Invalid("name", "a reservation needs a name of 1–%d bytes", maxText)
	}
	ring, err := reservationRing(in.Geometry)
	if err != nil {
		return r, err
	}
	if !(in.FloorFt <= in.CeilingFt) {
		return r, fault.Invalid("ceiling_ft", "the ceiling %v ft is below the floor %v ft", in.CeilingFt, in.FloorFt)
	}
	r.Ring = ring
	if r.From, err = parseTime("start", in.Start); err != nil {
		return r, err
	}
	if r.To, err = parseTime("end", in.End); err != nil {
		return r, err
	}
	if err := timebound.Check("start", r.From, now, timebound.Reservation); err != nil {
		return r, err
	}
	if err := timebound.Check("end", r.To, now, timebound.Reservation); err != nil {
		return r, err
	}
	if r.To.Before(r.From) {
		return r, fault.Invalid("end", "the window ends before it starts")
	}
	in.Start, in.End = r.From.Format(time.RFC3339Nano), r.To.Format(time.RFC3339Nano)
	return r, nil
}

// engineReservation converts a stored reservation, validated when it was
// made, to the engine's form.
func engineReservation(r *Reservation) (deconflict.Reservation, error) {
	er := deconflict.Reservation{ID: r.ID, Party: r.Party, MinAltFt: r.FloorFt, MaxAltFt: r.CeilingFt}
	var pg polygon
	if err := json.Unmarshal(r.Geometry, &pg); err != nil || len(pg.Coordinates) != 1 {
		return er, fmt.Errorf("flights: stored reservation %s: geometry is not a one-ring Polygon", r.ID)
	}
	er.Ring = pg.Coordinates[0]
	var err error
	if er.From, err = time.Parse(time.RFC3339Nano, r.Start); err != nil {
		return er, fmt.Errorf("flights: stored reservation %s: start: %w", r.ID, err)
	}
	if er.To, err = time.Parse(time.RFC3339Nano, r.End); err != nil {
		return er, fmt.Errorf("flights: stored reservation %s: end: %w", r.ID, err)
	}
	return er, nil
}

// trackReport converts a posted report; index names it in errors (-1 for
// a single report).
func trackReport(in *TrackInput, index int) (deconflict.TrackReport, error) {
	field := func(f string) string { return reportField(index, f) }
	r := deconflict.TrackReport{ID: in.ID, Party: in.Party, Lat: in.Lat, Lon: in.Lon, AltFt: in.AltFt}
	if in.ID == "" || len(in.ID) > maxText {
		return r, fault.Invalid(field("id"), "a track needs an id of 1–%d bytes", maxText)
	}
	t, err := time.Parse(time.RFC3339Nano, in.Time)
	if err != nil {
		return r, fault.Invalid(field("time"), "%q is not an RFC 3339 time", in.Time)
	}
	r.Time = t
	if in.GroundSpeedMPS != nil || in.TrackDeg != nil {
		if in.GroundSpeedMPS == nil || in.TrackDeg == nil {
			return r, fault.Invalid(field("ground_speed_mps"), "give ground_speed_mps and track_deg together, or neither")
		}
		r.HasVelocity, r.GroundSpeedMS, r.TrackDeg = true, *in.GroundSpeedMPS, *in.TrackDeg
		if in.VerticalFPM != nil {
			r.VerticalRateFPM = *in.VerticalFPM
		}
	}
	return r, nil
}
