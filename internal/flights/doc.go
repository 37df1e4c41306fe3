// Package flights is truce's airspace deconfliction domain: flight plans,
// airspace reservations and live tracks, and the conflicts, reservation
// intrusions and advisories found among them, wired into the log, the
// alerts and the notified sites and movements.
//
// It is the written, automatic form of the 2015 US–Russia memorandum on
// air-safety deconfliction. A flight plan is a trajectory, not a mission:
// nothing here nominates, plans or assesses targets.
//
// What is in the log and what is not:
//
//   - Flight plans (flightplan.filed, flightplan.amended,
//     flightplan.cancelled) and reservations (reservation.created,
//     reservation.cancelled) are log entries with projections, like every
//     other domain.
//   - Live tracks are not: position reports arrive at up to hundreds of
//     thousands a second, far above what the log appends. They are live,
//     in-memory state in the [deconflict.Engine], dropped when stale.
//   - What must be verifiable is logged: every conflict, intrusion and
//     advisory raised (conflict.raised) and cleared (conflict.cleared),
//     for plans and for tracks alike, each with an alert to the parties
//     concerned, in the same commit as the change that caused it (one
//     write per user action or tick: state.go).
//
// Conflict ids are deterministic (a hash of the kind, the subjects and,
// for plans, the exact interval), so rebuilding the engine from the
// projections at start and reconciling against the open records raises
// nothing twice. For tracks one record per pair (or per track and
// reservation, site or movement) stays open until the prediction goes away.
//
// The engine predicts tracks against tracks; tracks against other
// parties' plans are predicted here, exactly, on the engine's exported
// machinery (trackplans.go). On PostgreSQL several processes may serve one
// log: each process's service follows every committed entry (Observe, then
// Sync at each tick), so that plans and reservations filed through another
// process are in its engine within a tick (follow.go).
//
// Releasability is decided in package access ([access.FlightPlanView] and
// [access.TrackVisible]): the co-chairs always see a plan's trajectory;
// everything else about a plan follows the plan's releasability. Tracks are
// visible to their own party and the co-chairs. What a party sees of the
// subjects of a conflict, intrusion or advisory follows the same rule
// ([access.SubjectKnown], applied by [Disclosure]): a subject it may not
// know is shown as its opaque reference, with no party, in every view,
// alert and log entry (disclose.go, alerting.go).
package flights
