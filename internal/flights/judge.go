package flights

import "time"

// TrackJudge judges live position reports as they are accepted, against
// the obligations over the air (agreements.TrackJudge). The service calls
// it after each accepted batch, outside its locks; it MUST NOT block and
// MUST NOT keep reports (the slice is reused).
type TrackJudge interface {
	JudgeTracks(reports []JudgedReport)
}

// JudgedReport is an accepted position report as a TrackJudge sees it.
// Episode is the time of the first report of the track's current episode:
// a track's episode runs from its first report until it expires (no
// report for the engine's TrackTTL) or the node restarts, whichever comes
// first; a report after that starts a new one.
type JudgedReport struct {
	ID, Party     string
	Lat, Lon      float64
	AltFt         float64
	Time, Episode time.Time
}
