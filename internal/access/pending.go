package access

// PendingBucket is a number of records sharing a releasability that wait
// for one party's acknowledgement, and how many of them are past their
// deadline: a row of the grouped counts behind the node's per-party
// metrics (open alerts, pending acknowledgements of notifications).
type PendingBucket struct {
	Party   string
	Release Releasability
	Open    int
	Overdue int
}

// PendingCount is the number of records awaiting one party's
// acknowledgement, and of those past their deadline.
type PendingCount struct {
	Open    int
	Overdue int
}

// CountVisible sums buckets per party, leaving out every bucket whose
// records by may not see, so that a count never reveals a hidden record.
func CountVisible(by Principal, buckets []PendingBucket) map[string]PendingCount {
	out := map[string]PendingCount{}
	for _, b := range buckets {
		if !by.CanSee(b.Release) {
			continue
		}
		c := out[b.Party]
		c.Open += b.Open
		c.Overdue += b.Overdue
		out[b.Party] = c
	}
	return out
}
