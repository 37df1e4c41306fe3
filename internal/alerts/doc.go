// Package alerts raises, records and escalates alerts: "a notified site was
// affected" (an incident inside the buffer of a protected site that had been
// notified to the incident's alleged perpetrator before the incident), "a
// movement was affected" (an incident on a movement's route during its
// window), "an acknowledgement is overdue", and — through [Service.Raise],
// the hook for later rules — deconfliction conflicts and advisories.
//
// Every alert is a log entry (alert.raised), as is every acknowledgement by
// a party concerned (alert.acknowledged) and every escalation
// (alert.escalated). Raising is idempotent: an alert carries a key derived
// from what caused it, and a key is raised at most once, checked inside the
// write transaction, so an overdue acknowledgement or an incident raises its
// alert exactly once however many tickers or replays see it.
//
// Visibility: an alert must not reveal a record to a party that may not see
// it. Its releasability is derived from its causes ([Derive]): the most
// restrictive of their TLP labels (at least AMBER), with the parties
// concerned that may see every cause as its audience; a party concerned that
// may not see a cause is left out.
//
// Escalation: each alert has an acknowledgement deadline set by its
// severity (Config.AckWithin). When it passes with a party concerned still
// to acknowledge, the alert escalates one severity level (logged, with a new
// deadline); an extreme alert does not escalate further.
//
// The alert rules ([SitesAffected], [MovementsAffected]) are pure functions
// over facts, indexed with package geo, and tested against a brute-force
// check on random data.
package alerts
