// Package cases is the follow-up of an incident at a protected place: the
// case a "notified site affected" (or "movement affected") alert opens, and
// the case an incident at a site known to the centre from other sources (an
// imported facility list) opens by the same rule.
//
// A case cites the incident, the notification (or known site) and the
// version of it the rule matched, and the alert. It holds:
//   - requests for information, one per party concerned (the parties the
//     notification was addressed to and the party alleged responsible),
//     each with a deadline; a party answers by its liaison, and an
//     unanswered request past its deadline is overdue (an alert to that
//     party), except for a party that has left the centre, which reads
//     "withdrawn" and is never overdue;
//   - corrective measures, each tracked through proposed, in progress,
//     done or rejected;
//   - its outcome, a record of its own, written by the notifier's
//     organisation or the UN monitoring cell; answers never close a case.
//
// Every change is a log entry released like the notification the case
// concerns (never wider than the incident). The package records and
// follows up what happened to a protected place; it never assesses,
// nominates or ranks anything as a target.
package cases
