package flights

import (
	"errors"
	"testing"
	"time"

	"truce/internal/deconflict"
	"truce/internal/fault"
	"truce/internal/strictjson"
)

// FuzzReservationGeometry: any geometry is either rejected with an
// *fault.InvalidError or accepted as a closed ring the engine takes.
func FuzzReservationGeometry(f *testing.F) {
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[37,35],[37.5,35],[37.5,35.5],[37,35]]]}`))
	f.Add([]byte(`{"type":"Point","coordinates":[37,35]}`))
	eng, err := deconflict.New(deconflict.Config{CentreLat: DefaultCentreLat, CentreLon: DefaultCentreLon})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, geom []byte) {
		in := ReservationInput{Name: "r", Geometry: geom, FloorFt: 0, CeilingFt: 1000, Start: "2016-09-12T19:00:00Z", End: "2016-09-12T20:00:00Z"}
		r, err := checkReservationInput("rsv_x", "ru", &in, time.Date(2016, 9, 12, 0, 0, 0, 0, time.UTC))
		var inv *fault.InvalidError
		if err != nil {
			if !errors.As(err, &inv) {
				t.Fatalf("not an invalid error: %v", err)
			}
			return
		}
		if len(r.Ring) < 4 || r.Ring[0] != r.Ring[len(r.Ring)-1] {
			t.Fatalf("accepted ring %v", r.Ring)
		}
		if err := eng.AddReservation(r); err == nil {
			_ = eng.RemoveReservation(r.ID)
		} else if !errors.Is(err, deconflict.ErrInvalid) {
			t.Fatalf("engine: %v", err)
		}
	})
}

// FuzzTrackLine: one NDJSON line is decoded strictly and converted, or
// rejected with an *fault.InvalidError; nothing panics.
func FuzzTrackLine(f *testing.F) {
	f.Add([]byte(`{"id":"us-1","lat":35,"lon":37,"alt_ft":20000,"time":"2016-09-12T19:00:00Z","ground_speed_mps":250,"track_deg":90}`))
	f.Add([]byte(`{"id":"us-1","lat":35,"lon":37,"alt_ft":20000,"time":"2016-09-12T19:00:00Z","track_deg":90}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var in TrackInput
		if err := strictjson.Unmarshal(line, &in); err != nil {
			if _, ok := strictjson.AsError(err); !ok {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		r, err := trackReport(&in, 3)
		var inv *fault.InvalidError
		if err != nil && !errors.As(err, &inv) {
			t.Fatalf("not an invalid error: %v", err)
		}
		if err == nil && (r.ID == "" || r.Time.IsZero()) {
			t.Fatalf("accepted %+v", r)
		}
	})
}
