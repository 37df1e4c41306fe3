package alerts

// About is what an alert is about, as structured fields: a client words
// the alert in its user's language from its Kind and these, where Title
// and Description are the node's English. Each field is set where the
// alert's kind has it, and holds nothing its causes do not already tell
// the alert's audience (the alert is released only to parties that may
// see every cause).
//
//   - notified_site_affected: Incident, IncidentAt, Site, SiteNames,
//     DistanceM (the site's buffer), Party (the alleged perpetrator),
//     NotifiedAt (when that party was first notified of the site);
//   - movement_affected: Incident, IncidentAt, Movement, DistanceM (the
//     route's corridor), WindowStart, WindowEnd;
//   - acknowledgement_overdue: Site and SiteNames, or Movement and
//     WindowStart; Party (the party that has not acknowledged), Notifier,
//     Version, Deadline;
//   - notification_feed_stale: Movement, WindowStart, WindowEnd, Party (the
//     notified party whose feed is stale), Notifier, Version, NotifiedAt
//     (when that party was notified of Version), PulledAt and
//     PulledVersion (its last pull of its feed; empty if it never pulled);
//   - case_request_overdue: Case, Incident, Site or Movement (the notice
//     the case concerns), Party (the party asked), Notifier, Deadline;
//   - store_integrity: Row (the stored row found altered, as the node
//     names it);
//   - air_conflict and air_advisory (and a reservation intrusion, raised
//     as air_conflict): Subjects, the two sides of the record in its
//     order, each as far as the alert's audience may know it (see
//     AboutSubject).
//
// Alerts raised before this field existed have none (nil): a client shows
// their Description.
type About struct {
	Incident    string            `json:"incident,omitempty"`
	IncidentAt  string            `json:"incident_at,omitempty"` // RFC 3339
	Site        string            `json:"site,omitempty"`
	SiteNames   map[string]string `json:"site_names,omitempty"` // by language (en, ru, ar, …)
	Movement    string            `json:"movement,omitempty"`
	WindowStart string            `json:"window_start,omitempty"`
	WindowEnd   string            `json:"window_end,omitempty"`
	DistanceM   float64           `json:"distance_m,omitempty"`
	Party       string            `json:"party,omitempty"`
	Notifier    string            `json:"notifier,omitempty"`
	Version     int               `json:"version,omitempty"`
	Deadline    string            `json:"deadline,omitempty"`
	NotifiedAt  string            `json:"notified_at,omitempty"`
	// PulledAt (RFC 3339) and PulledVersion are a party's last pull of its
	// notification feed.
	PulledAt      string `json:"pulled_at,omitempty"`
	PulledVersion int    `json:"pulled_version,omitempty"`
	Case          string `json:"case,omitempty"`
	Row           string `json:"row,omitempty"`
	// Subjects are the sides of an airspace record (air_conflict,
	// air_advisory), in the record's order.
	Subjects []AboutSubject `json:"subjects,omitempty"`
}

// AboutSubject is one side of an airspace record as an alert's audience may
// know it. Type is always set ("plan", "track",
// "reservation", "site", "movement"). A side every party of the audience
// may know (access.SubjectKnown) carries its ID and Party, and, for a
// flight plan released to every party of the audience, its Callsign; a
// side some party of the audience may not know is Hidden and carries
// nothing else: neither its id, nor its party, nor an opaque reference.
type AboutSubject struct {
	Type     string `json:"type"`
	ID       string `json:"id,omitempty"`
	Party    string `json:"party,omitempty"`
	Callsign string `json:"callsign,omitempty"`
	Hidden   bool   `json:"hidden,omitempty"`
}
