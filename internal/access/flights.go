package access

// FlightView is how much of a flight plan a caller may see.
type FlightView int

// The views of a flight plan, from nothing to everything.
const (
	// FlightHidden: the caller may not know the plan exists.
	FlightHidden FlightView = iota
	// FlightTrajectory: the caller sees the trajectory only (id, party,
	// status, waypoints), not the callsign, category or anything else.
	FlightTrajectory
	// FlightFull: the caller sees the whole plan.
	FlightFull
)

// FlightPlanView decides what p may see of a flight plan with
// releasability r: everything if r releases it to p; otherwise the
// trajectory if p is a user of a co-chair party (the co-chairs always see
// trajectories, as the deconfliction arrangements require); otherwise
// nothing.
func FlightPlanView(p Principal, r Releasability) FlightView {
	switch {
	case p.CanSee(r):
		return FlightFull
	case p.Authenticated() && p.CoChair:
		return FlightTrajectory
	}
	return FlightHidden
}

// TrackVisible reports whether p may see the live position of a track of
// party: users of that party and of the co-chair parties may; nobody else
// (live positions carry no releasability of their own and are never
// public).
func TrackVisible(p Principal, party string) bool {
	return p.Authenticated() && (p.Party == party || p.CoChair)
}
