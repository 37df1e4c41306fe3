package flights

// IsConflictKind reports whether an entry of kind records a conflict
// between flights or with a reservation (conflict.raised, conflict.cleared),
// as opposed to the kinds of plans and reservations; every other domain's
// kinds report false.
func IsConflictKind(kind string) bool {
	return kind == EntryConflictRaised || kind == EntryConflictCleared
}
