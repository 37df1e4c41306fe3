package notify

// KindType returns the type of notice an entry of kind is about (TypeSite
// or TypeMovement), and false for a kind this package does not append.
func KindType(kind string) (Type, bool) {
	switch kind {
	case KindSiteNotified, KindSiteUpdated, KindSiteCancelled, KindSiteAcknowledged, KindSiteRefused,
		KindSitePassedOn, KindSiteQueried, KindSiteAnswered, KindSiteReconfirmed, KindSiteWithheld:
		return TypeSite, true
	case KindMovementNotified, KindMovementUpdated, KindMovementCancelled, KindMovementAcknowledged, KindMovementRefused,
		KindMovementPassedOn, KindMovementQueried, KindMovementAnswered, KindMovementPositions:
		return TypeMovement, true
	}
	return "", false
}

// changesNotice holds the entry kinds that change what a notice says (its
// place, time or status), as opposed to the acknowledgement kinds.
var changesNotice = map[string]bool{
	KindSiteNotified: true, KindSiteUpdated: true, KindSiteCancelled: true, KindSiteWithheld: true,
	KindMovementNotified: true, KindMovementUpdated: true, KindMovementCancelled: true,
}

// ChangesNotice reports whether an entry of kind notifies, updates or
// cancels a site or movement notice; receipts, passing on, queries and
// answers (and legacy refusals), and every other domain's kinds, report
// false.
func ChangesNotice(kind string) bool { return changesNotice[kind] }

// ChangesMapView reports whether an entry of kind changes what a map shows
// of a notice: its versions, withdrawal, reconfirmation or a party's
// receipt (a legacy refusal included). Passing on, queries and answers
// show on the notice's own page only, and report false.
func ChangesMapView(kind string) bool {
	switch kind {
	case KindSiteAcknowledged, KindSiteRefused, KindSiteReconfirmed, KindMovementAcknowledged, KindMovementRefused:
		return true
	}
	return ChangesNotice(kind)
}
