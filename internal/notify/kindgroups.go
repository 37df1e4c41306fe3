package notify

// KindType returns the type of notice an entry of kind is about (TypeSite
// or TypeMovement), and false for a kind this package does not append.
func KindType(kind string) (Type, bool) {
	switch kind {
	case KindSiteNotified, KindSiteUpdated, KindSiteCancelled, KindSiteAcknowledged, KindSiteRefused,
		KindSitePassedOn, KindSiteQueried, KindSiteAnswered, KindSiteReconfirmed, KindSiteWithheld:
		return TypeSite, true
	case KindMovementNotified, KindMovementUpdated, KindMovementCancelled, KindMovementAcknowledged, KindMovementRefused,
		KindMovementPassedOn, KindMovementQueried, KindMovementAnswered:
		return TypeMovement, true
	}
	return "", false
}
