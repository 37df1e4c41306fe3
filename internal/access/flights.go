package access

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
)

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

// SubjectKnown reports whether a user of party (coChair: party is a
// co-chair) may know the id and party of the subject of a conflict,
// intrusion or advisory (an aircraft — flight plan or track —, a
// reservation, a notified site or movement) released as r: if r releases
// it to party, or, for an aircraft, if party is a co-chair (the co-chairs
// always see trajectories and tracks, as FlightPlanView and TrackVisible
// say). Everyone else — the public included — MUST be shown neither its id
// nor its party: only an OpaqueRef and what safety needs (the record's own
// place, time and separation).
func SubjectKnown(party string, coChair, aircraft bool, r Releasability) bool {
	return party != "" && (r.VisibleTo(party) || (aircraft && coChair))
}

// SubjectKnownTo is SubjectKnown for a caller.
func SubjectKnownTo(p Principal, aircraft bool, r Releasability) bool {
	return p.Authenticated() && SubjectKnown(p.Party, p.CoChair, aircraft, r)
}

// OpaqueRef returns the reference under which a user of viewer is shown a
// subject id it may not know: "ref_" and 20 base32 characters of
// HMAC-SHA256(key, viewer NUL id). It is stable for one viewer party and
// one key (two records about the same hidden aircraft carry the same
// reference, so that the viewer can correlate them), differs between
// viewer parties, and reveals nothing of id to anyone without key. key
// MUST be a node secret of at least 32 bytes.
func OpaqueRef(key []byte, viewer, id string) string { return NewOpaqueRefs(key).Ref(viewer, id) }

// OpaqueRefs computes OpaqueRef for one key, many times, without
// allocating a MAC each time. It MUST NOT be used by two goroutines at once.
type OpaqueRefs struct {
	mac hash.Hash
	buf []byte
}

// NewOpaqueRefs returns an OpaqueRefs for key (see OpaqueRef).
func NewOpaqueRefs(key []byte) *OpaqueRefs { return &OpaqueRefs{mac: hmac.New(sha256.New, key)} }

// Ref returns OpaqueRef(key, viewer, id).
func (o *OpaqueRefs) Ref(viewer, id string) string {
	o.mac.Reset()
	o.buf = append(append(append(o.buf[:0], viewer...), 0), id...)
	o.mac.Write(o.buf)
	var sum [sha256.Size]byte
	return "ref_" + base32NoPad(o.mac.Sum(sum[:0])[:12])[:20]
}
