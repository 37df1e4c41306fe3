// Package notify is the humanitarian notification system, after the UN OCHA
// Humanitarian Notification System (HNS): a humanitarian agency or the UN
// notifies the parties of protected sites (hospitals, schools, camps, …) and
// of movements (convoys on a route in a time window), and each notified
// party acknowledges receipt before a deadline. Notification is not
// permission: a party may record that it passed a notification on and may
// query its data, but nothing it records changes the notification's
// standing, and there is no way to refuse, approve or clear one.
//
// Every step is a log entry (site.notified, site.updated, site.cancelled,
// site.acknowledged, site.passed_on, site.queried, site.answered and the
// same for movement.*; site.refused and movement.refused, from earlier
// versions, replay as queries), so that the
// notifying agency can prove from the log when each party was notified and
// when, or whether, it acknowledged: "we were never notified" becomes a
// checkable claim. An update (new location, new window) resets every
// party's acknowledgement to pending with a new deadline.
//
// Who may notify: users with the reporter or liaison role of a party whose
// kind is "agency" or "un" (the kind recorded when the party was created).
// Who may acknowledge: a liaison of a notified party. Deadlines use the
// clock the service is given, never time.Now directly, so tests inject one.
//
// A movement under way may share its live position: its notifier posts
// batches of positions within the window (ReportPositions), each batch a
// movement.positions entry released to the notifier and the notified
// parties only (PositionRelease), read back per movement (Positions), as
// the latest of each movement under way (LatestPositions) and in the
// party feed (Feed).
//
// Visibility: a notification's releasability always includes the notifier,
// the notified parties and the co-chairs in its audience (the HNS copies the
// task-force co-chairs), plus any audience the notifier adds; acknowledgement
// entries carry the same releasability as the notification.
package notify
