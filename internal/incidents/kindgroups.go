package incidents

// SetsStatus reports whether an entry of kind sets an incident's
// verification status: the report (which opens it as reported), a verdict
// (incident.assessed) or a new round (incident.reopened). Marking or
// linking a duplicate and commenting leave the status as it was, and every
// other domain's kinds report false.
func SetsStatus(kind string) bool {
	return kind == KindReported || kind == KindAssessed || kind == KindReopened
}
