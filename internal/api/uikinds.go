package api

import (
	"truce/internal/agreements"
	"truce/internal/alerts"
	"truce/internal/cases"
	"truce/internal/findings"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/notify"
	"truce/internal/zones"
)

// This file holds the entry kinds and log subjects GET /api/v1/ui/config
// serves, so that the web UI keeps no copy of either: every kind comes
// from a domain's EntryKinds filtered by that domain's kind predicates, and
// every subject prefix from the domain's subject constructor.

// KindGroups are one domain's entry kinds grouped by what the UI does with
// them, keyed by group name. Group "all" is the domain's EntryKinds; every
// other group is a subset of it.
type KindGroups map[string][]string

// uiEntryKinds returns the kind groups the UI reads, keyed by domain:
//
//   - incidents: status (kinds that set the verification status: the
//     incident list and the queues), record (every kind but comments: what
//     the map shows of an incident and its duplicates), followup (every
//     kind after the report: one incident's page), report and
//     duplicate_link (one kind each, found in a verified history);
//   - zones: all, proposal, agreement;
//   - notify: all, site and movement (the kinds of each notice type that
//     change what the map shows of one), position (a movement's reported
//     positions: the map moves its marker in place);
//   - alerts: all, acknowledgement (an alert's acknowledgement cycle);
//   - hotline: all;
//   - findings: all (the layers of a finding, on one incident's page);
//   - cases: all (a case's page and the case list);
//   - flights: all, conflict;
//   - agreements: all (agreements and passages: their lists, pages and
//     the map's passages layer).
func uiEntryKinds() map[string]KindGroups {
	inc := incidents.EntryKinds()
	return map[string]KindGroups{
		"incidents": {
			"all":            inc,
			"status":         kindsWhere(inc, incidents.SetsStatus),
			"record":         kindsWhere(inc, func(k string) bool { return k != incidents.KindCommented }),
			"followup":       kindsWhere(inc, func(k string) bool { return k != incidents.KindReported }),
			"report":         kindsWhere(inc, func(k string) bool { return k == incidents.KindReported }),
			"duplicate_link": kindsWhere(inc, func(k string) bool { return k == incidents.KindDuplicateLinked }),
		},
		"zones": {
			"all":       zones.EntryKinds(),
			"proposal":  kindsWhere(zones.EntryKinds(), func(k string) bool { return k == zones.KindProposed }),
			"agreement": kindsWhere(zones.EntryKinds(), func(k string) bool { return k == zones.KindAgreed }),
		},
		"notify": {
			"all":      notify.EntryKinds(),
			"site":     kindsWhere(notify.EntryKinds(), onMapOf(notify.TypeSite)),
			"movement": kindsWhere(notify.EntryKinds(), onMapOf(notify.TypeMovement)),
			"position": kindsWhere(notify.EntryKinds(), func(k string) bool { return k == notify.KindMovementPositions }),
		},
		"alerts": {
			"all":             alerts.EntryKinds(),
			"acknowledgement": kindsWhere(alerts.EntryKinds(), alerts.InAckCycle),
		},
		"hotline":  {"all": hotline.EntryKinds()},
		"findings": {"all": findings.EntryKinds()},
		"cases":    {"all": cases.EntryKinds()},
		"flights": {
			"all":      flights.EntryKinds(),
			"conflict": kindsWhere(flights.EntryKinds(), flights.IsConflictKind),
		},
		"agreements": {"all": agreements.EntryKinds()},
	}
}

// kindsWhere returns the kinds for which keep reports true, in their order.
func kindsWhere(kinds []string, keep func(string) bool) []string {
	out := []string{}
	for _, k := range kinds {
		if keep(k) {
			out = append(out, k)
		}
	}
	return out
}

// onMapOf returns a predicate true for the kinds of notices of type t that
// change what the map shows of one (notify.ChangesMapView).
func onMapOf(t notify.Type) func(string) bool {
	return func(k string) bool { typ, ok := notify.KindType(k); return ok && typ == t && notify.ChangesMapView(k) }
}

// uiSubjects returns the log subject prefix of each kind of record the UI
// links to its history, keyed by the UI's name for the record: the
// subject of record id is the prefix followed by id, as each domain's
// constructor builds it (applied here to the empty id).
func uiSubjects() map[string]string {
	return map[string]string{
		"incident":    incidents.Subject(""),
		"zone":        zones.Subject(""),
		"site":        notify.Subject(notify.TypeSite, ""),
		"movement":    notify.Subject(notify.TypeMovement, ""),
		"alert":       alerts.Subject(""),
		"message":     hotline.Subject(""),
		"flightplan":  flights.PlanSubject(""),
		"reservation": flights.ReservationSubject(""),
		"conflict":    flights.ConflictSubject(""),
		"case":        cases.Subject(""),
		"agreement":   agreements.Subject(""),
		"passage":     agreements.PassageSubject(""),
	}
}
