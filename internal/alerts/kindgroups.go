package alerts

// InAckCycle reports whether an entry of kind belongs to an alert's
// acknowledgement cycle: it raises the alert, records a party's
// acknowledgement or escalates it. Clearing (alert.cleared, which records
// that the cause no longer holds) and every other domain's kinds report
// false.
func InAckCycle(kind string) bool {
	return kind == EntryRaised || kind == EntryAcknowledged || kind == EntryEscalated
}
