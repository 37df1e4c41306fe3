package flights

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/deconflict"
	"truce/internal/fault"
)

// IngestResult counts what a batch of position reports did.
type IngestResult struct {
	Accepted int `json:"accepted"`
	// Stale counts reports older than the track's last one, ignored.
	Stale int `json:"stale"`
}

// CanPostTracks checks that by may post position reports: a reporter or
// liaison, for its own party's tracks only.
func CanPostTracks(by access.Principal) error {
	if err := canOperate(by); err != nil {
		return fmt.Errorf("flights: post tracks: %w", err)
	}
	return nil
}

// MaxTrackLead is how far after the node's clock a position report may be
// timed. A report from further ahead is refused: it would never expire,
// and every true report of its track would then count as stale.
const MaxTrackLead = time.Minute

// Ingest records a batch of position reports from by, all or nothing: every
// report is checked first (party, id, time, position, velocity), and an
// invalid one is an *fault.InvalidError naming it ("reports[7].lat"); a
// report for another party's track, or timed more than MaxTrackLead after
// the node's clock, is refused. A track id belongs to the party that
// reported it first until the track expires. Reports older than their
// track's last one are counted as stale and ignored.
func (s *Service) Ingest(by access.Principal, in []TrackInput) (IngestResult, error) {
	var res IngestResult
	if err := CanPostTracks(by); err != nil {
		return res, err
	}
	if len(in) > MaxBatch {
		return res, fault.Invalid("reports", "%d reports; send at most %d per request", len(in), MaxBatch)
	}
	rs := make([]deconflict.TrackReport, len(in))
	xy := make([][2]float64, len(in))
	latest := s.deps.Now().Add(MaxTrackLead)
	s.tmu.RLock()
	for i := range in {
		index := i
		if len(in) == 1 {
			index = -1
		}
		if err := s.checkReport(by, &in[i], index, &rs[i], &xy[i]); err != nil {
			s.tmu.RUnlock()
			return res, err
		}
		if rs[i].Time.After(latest) {
			s.tmu.RUnlock()
			return res, fault.Invalid(reportField(index, "time"), "%s is more than %v after the node's clock (%s); check the sender's clock",
				rs[i].Time.Format(time.RFC3339), MaxTrackLead, latest.Add(-MaxTrackLead).UTC().Format(time.RFC3339))
		}
	}
	s.tmu.RUnlock()
	var judged []JudgedReport
	if s.deps.Judge != nil {
		judged = make([]JudgedReport, 0, len(rs))
	}
	res, err := s.apply(rs, xy, &judged)
	if err == nil && len(judged) > 0 {
		s.deps.Judge.JudgeTracks(judged)
	}
	return res, err
}

// apply applies validated reports to the engine and the live tracks,
// appending each accepted one to judged when it is not nil.
func (s *Service) apply(rs []deconflict.TrackReport, xy [][2]float64, judged *[]JudgedReport) (IngestResult, error) {
	var res IngestResult
	s.tmu.Lock()
	defer s.tmu.Unlock()
	// Another party may have taken an id between the checks and this lock:
	// check ownership again before anything is applied.
	for i := range rs {
		if cur := s.live[rs[i].ID]; cur != nil && cur.rep.Party != rs[i].Party {
			return res, fmt.Errorf("flights: track %s is party %s's: %w", rs[i].ID, cur.rep.Party, fault.ErrForbidden)
		}
	}
	for i := range rs {
		r := &rs[i]
		if err := s.eng.UpdateTrack(*r); err != nil {
			if errors.Is(err, deconflict.ErrStale) {
				res.Stale++
				continue
			}
			return res, fmt.Errorf("flights: track %s: %w", r.ID, err) // validated above: cannot happen
		}
		s.updateLive(r, xy[i])
		res.Accepted++
		if *judged != nil {
			*judged = append(*judged, JudgedReport{ID: r.ID, Party: r.Party, Lat: r.Lat, Lon: r.Lon, AltFt: r.AltFt,
				Time: r.Time, Episode: s.live[r.ID].since})
		}
	}
	return res, nil
}

// checkReport validates one report against the engine's rules without
// changing anything. The caller holds s.tmu for reading.
func (s *Service) checkReport(by access.Principal, in *TrackInput, index int, out *deconflict.TrackReport, xy *[2]float64) error {
	field := func(f string) string { return reportField(index, f) }
	if in.Party == "" {
		in.Party = by.Party
	}
	if in.Party != by.Party {
		return fmt.Errorf("flights: %s is party %s's; post only your own party's tracks: %w", field("party"), in.Party, fault.ErrForbidden)
	}
	r, err := trackReport(in, index)
	if err != nil {
		return err
	}
	if cur := s.live[r.ID]; cur != nil && cur.rep.Party != r.Party {
		return fmt.Errorf("flights: track %s is party %s's: %w", r.ID, cur.rep.Party, fault.ErrForbidden)
	}
	c := s.cfg.Engine
	switch {
	case !(r.Lat >= -90 && r.Lat <= 90):
		return fault.Invalid(field("lat"), "%v outside [-90, 90]", r.Lat)
	case !(r.Lon >= -180 && r.Lon <= 180):
		return fault.Invalid(field("lon"), "%v outside [-180, 180]", r.Lon)
	case !(r.AltFt >= c.MinAltitude && r.AltFt <= c.MaxAltitude):
		return fault.Invalid(field("alt_ft"), "%v outside [%v, %v]", r.AltFt, c.MinAltitude, c.MaxAltitude)
	case r.HasVelocity && !(r.GroundSpeedMS >= 0 && r.GroundSpeedMS <= c.MaxSpeed):
		return fault.Invalid(field("ground_speed_mps"), "%v outside [0, %v]", r.GroundSpeedMS, c.MaxSpeed)
	case r.HasVelocity && !(r.TrackDeg >= -360 && r.TrackDeg <= 360):
		return fault.Invalid(field("track_deg"), "%v outside [-360, 360]", r.TrackDeg)
	case r.HasVelocity && !(r.VerticalRateFPM >= -100000 && r.VerticalRateFPM <= 100000):
		return fault.Invalid(field("vertical_rate_fpm"), "%v outside [-100000, 100000]", r.VerticalRateFPM)
	}
	x, y := s.eng.Projection().Forward(r.Lat, r.Lon)
	if x*x+y*y > c.MaxRadius*c.MaxRadius {
		return fault.Invalid(field("lat"), "(%v, %v) is beyond %.0f km of the monitored region's centre", r.Lat, r.Lon, c.MaxRadius/1e3)
	}
	*out, *xy = r, [2]float64{x, y}
	return nil
}

// reportField names field f of report index of a batch, or f alone for a
// single report (index < 0).
func reportField(index int, f string) string {
	if index < 0 {
		return f
	}
	return fmt.Sprintf("reports[%d].%s", index, f)
}

// Tracks returns the latest state of the live tracks by may see
// (access.TrackVisible), sorted by id.
func (s *Service) Tracks(by access.Principal) []Track {
	s.tmu.RLock()
	out := make([]Track, 0, len(s.live))
	for _, lt := range s.live {
		r := &lt.rep
		if !access.TrackVisible(by, r.Party) {
			continue
		}
		t := Track{ID: r.ID, Party: r.Party, Lat: r.Lat, Lon: r.Lon, AltFt: r.AltFt, Time: rfc(r.Time)}
		if r.HasVelocity {
			gs, trk, vr := r.GroundSpeedMS, r.TrackDeg, r.VerticalRateFPM
			t.GroundSpeedMPS, t.TrackDeg, t.VerticalFPM = &gs, &trk, &vr
		}
		out = append(out, t)
	}
	s.tmu.RUnlock()
	slices.SortFunc(out, func(a, b Track) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// expireLive forgets live tracks whose last report is older than the TTL.
func (s *Service) expireLive(now time.Time) {
	limit := now.Add(-s.cfg.Engine.TrackTTL)
	s.tmu.Lock()
	defer s.tmu.Unlock()
	for id, lt := range s.live {
		if lt.rep.Time.Before(limit) {
			delete(s.live, id)
		}
	}
}
