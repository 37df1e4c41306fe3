package app

// The role table: for every route of the API (api.Server.RoutePatterns,
// which includes the OGC API), who may call it. TestEveryRouteHonoursTheRoleTable
// sends a real request for each role of the record's own party and of
// another party, and as the public, and fails on any difference and on a
// route without a row here. README.md, "Who may do what", is this table in
// prose; change both together.
//
// "own" is the party that owns the record the route acts on (for a
// creation, a party entitled to create it); "other" is another member,
// the one the record concerns where there is one (the notified party, the
// recipient, the other co-chair). Each role not in a cell's set is refused
// with 401/403 or, where the cell says so, 404 (for a record the caller may
// not see or is not concerned by). Outcomes other than 401, 403 and 404 (200, 201, 204, 409,
// 422, …) count as allowed: the request passed the permission check.

// roles is a set of roles.
type roles uint8

const (
	O  roles = 1 << iota // observer
	Rp                   // reporter
	An                   // analyst
	L                    // liaison
	Ad                   // admin

	none roles = 0
	all        = O | Rp | An | L | Ad
)

// outcome is how a request was answered, as far as permission goes.
type outcome uint8

const (
	allow outcome = iota // anything but 401, 403, 404
	deny                 // 401 or 403
	hide                 // 404
)

// cell says which roles of a party may call a route: may are allowed,
// hides are refused with 404 (the role may act, but not on this record,
// which the party may not see or is not concerned by), and the others are
// refused with 401/403.
type cell struct {
	may, hides roles
}

// want is the outcome the cell expects for a role.
func (c cell) want(r roles) outcome {
	switch {
	case c.may&r != 0:
		return allow
	case c.hides&r != 0:
		return hide
	}
	return deny
}

// rule is one row: the public's outcome and the own and other party's
// cells. A route whose record has no owner (lists, the log) has the same
// cell for both.
type rule struct {
	public     outcome
	own, other cell
}

func may(r roles) cell { return cell{may: r} }

// hidden is a cell for a record the party may not see: 404 to every role.
var hidden = cell{hides: all}

var (
	// open: anyone, including the public (what they see is filtered by
	// releasability, not refused).
	open = rule{public: allow, own: may(all), other: may(all)}
	// members: any user of any party; the public gets 401.
	members = rule{public: deny, own: may(all), other: may(all)}
	// record: a record the other party may see too; the public gets 404.
	record = rule{public: hide, own: may(all), other: may(all)}
	// ownRecord: a record only its own party may see.
	ownRecord = rule{public: hide, own: may(all), other: hidden}
)

// routeTable is the role table. Owners and others per row: see
// routeRequests (routes_requests_test.go).
var routeTable = map[string]rule{
	"GET /healthz":                  open,
	"GET /readyz":                   open,
	"GET /metrics":                  open,
	"GET /log/checkpoint":           open,
	"GET /log/key":                  open,
	"GET /log/tile/{path...}":       open,
	"GET /api/v1/openapi.json":      open,
	"POST /api/v1/session":          open, // with the caller's own password
	"DELETE /api/v1/session":        members,
	"GET /api/v1/me":                members,
	"GET /api/v1/federation":        members, // federated false on a node that is not
	"GET /api/v1/federation/roster": members, // federated false on a node that is not
	// Roster changes: an admin or a liaison (409 on a node that is not
	// federated; the co-chair part is rosterchange's, tested there).
	"POST /api/v1/federation/roster/proposals":  {public: deny, own: may(L | Ad), other: may(L | Ad)},
	"POST /api/v1/federation/roster/agreements": {public: deny, own: may(L | Ad), other: may(L | Ad)},
	"GET /api/v1/parties":                       open,
	"POST /api/v1/users":                        {public: deny, own: may(Ad), other: may(none)}, // own: a user of the admin's party; other: of another party
	"GET /api/v1/users":                         members,                                        // the caller's party's users
	"GET /api/v1/tokens":                        members,                                        // the caller's own tokens
	"POST /api/v1/tokens":                       {public: deny, own: may(all), other: hidden},   // own: for oneself; other: for a user of another party
	"DELETE /api/v1/tokens/{id}":                {public: deny, own: may(all), other: hidden},   // own: one's own token; other: another party's
	"GET /api/v1/log/entries/{seq}":             {public: hide, own: may(all), other: hidden},   // an AMBER entry of own
	"GET /api/v1/log/entries/{seq}/proof":       {public: hide, own: may(all), other: hidden},
	"POST /api/v1/log/checkpoint":               {public: deny, own: may(L | Ad), other: may(L | Ad)},
	"GET /api/v1/audit/reads":                   members, // reads of the caller's party's records
	"GET /api/v1/notify/feed":                   members, // the caller's party's own feed
	"GET /api/v1/log/entries":                   open,

	// Membership: own is the co-chair us, other the member un (proposals)
	// or the co-chair ru (agreements).
	"POST /api/v1/parties":                              {public: deny, own: may(L | Ad), other: may(none)},
	"GET /api/v1/membership/proposals":                  members,
	"POST /api/v1/membership/proposals":                 {public: deny, own: may(L | Ad), other: may(none)},
	"GET /api/v1/membership/proposals/{id}":             members,
	"POST /api/v1/membership/proposals/{id}/agreements": {public: deny, own: may(L), other: may(L)},
	"POST /api/v1/membership/proposals/{id}/withdrawal": {public: deny, own: may(L | Ad), other: may(none)},

	// Notifications: own is the notifier un (a UN cell), other the notified
	// co-chair ru (for creation: ru, a military, may not notify).
	"GET /api/v1/sites":                                open,
	"POST /api/v1/sites":                               {public: deny, own: may(Rp | L), other: may(none)},
	"GET /api/v1/sites/{id}":                           record,
	"PUT /api/v1/sites/{id}":                           {public: deny, own: may(Rp | L), other: may(none)},
	"POST /api/v1/sites/{id}/acknowledge":              {public: deny, own: may(none), other: may(L)}, // the notified party acknowledges, not the notifier
	"POST /api/v1/sites/{id}/passed-on":                {public: deny, own: may(none), other: may(L)},
	"POST /api/v1/sites/{id}/queries":                  {public: deny, own: may(none), other: may(L)},
	"POST /api/v1/sites/{id}/queries/{seq}/answer":     {public: deny, own: may(Rp | L), other: may(none)},
	"POST /api/v1/sites/check":                         {public: deny, own: may(Rp | L), other: may(none)},
	"GET /api/v1/sites/{id}/reads":                     {public: deny, own: may(all), other: may(none)}, // the notifier's read audit
	"POST /api/v1/sites/{id}/reconfirm":                {public: deny, own: may(Rp | L), other: may(none)},
	"POST /api/v1/sites/{id}/cancel":                   {public: deny, own: may(Rp | L), other: may(none)},
	"GET /api/v1/movements":                            open,
	"POST /api/v1/movements":                           {public: deny, own: may(Rp | L), other: may(none)},
	"GET /api/v1/movements/{id}":                       record,
	"PUT /api/v1/movements/{id}":                       {public: deny, own: may(Rp | L), other: may(none)},
	"POST /api/v1/movements/{id}/acknowledge":          {public: deny, own: may(none), other: may(L)},
	"POST /api/v1/movements/{id}/passed-on":            {public: deny, own: may(none), other: may(L)},
	"POST /api/v1/movements/{id}/queries":              {public: deny, own: may(none), other: may(L)},
	"POST /api/v1/movements/{id}/queries/{seq}/answer": {public: deny, own: may(Rp | L), other: may(none)},
	"POST /api/v1/movements/check":                     {public: deny, own: may(Rp | L), other: may(none)},
	"GET /api/v1/movements/{id}/reads":                 {public: deny, own: may(all), other: may(none)}, // the notifier's read audit
	"POST /api/v1/movements/{id}/repeat":               {public: deny, own: may(Rp | L), other: may(none)},
	"POST /api/v1/movements/{id}/positions":            {public: deny, own: may(Rp | L), other: may(none)}, // the notifier's users
	"GET /api/v1/movements/{id}/positions":             {public: deny, own: may(all), other: may(all)},     // the notifier and the notified
	"GET /api/v1/positions":                            members,                                            // what each may see
	"POST /api/v1/movements/{id}/cancel":               {public: deny, own: may(Rp | L), other: may(none)},

	// Alerts: own is a party concerned (us), other a party that is not (un).
	"GET /api/v1/alerts":                   open,
	"GET /api/v1/alerts/counts":            open,
	"GET /api/v1/alerts/cap.atom":          open,
	"GET /api/v1/alerts/{id}":              ownRecord,
	"POST /api/v1/alerts/{id}/acknowledge": {public: deny, own: may(L), other: cell{hides: L}},

	// Hotline: own is the sender us, other the recipient ru.
	"GET /api/v1/messages":                        members,
	"POST /api/v1/messages":                       {public: deny, own: may(L), other: may(L)},
	"POST /api/v1/messages/attachments":           {public: deny, own: may(L), other: may(L)},
	"GET /api/v1/messages/{id}":                   {public: deny, own: may(all), other: may(all)},
	"POST /api/v1/messages/{id}/read":             {public: deny, own: may(none), other: may(all)}, // a receipt: any user of the recipient
	"POST /api/v1/messages/{id}/acknowledge":      {public: deny, own: may(none), other: may(L)},
	"GET /api/v1/messages/{id}/attachments/{sha}": {public: deny, own: may(all), other: may(all)},
	"GET /api/v1/stream":                          open,
	"GET /api/v1/webhooks":                        {public: deny, own: may(L | Ad), other: may(L | Ad)},
	"POST /api/v1/webhooks":                       {public: deny, own: may(L | Ad), other: may(L | Ad)},
	"DELETE /api/v1/webhooks/{id}":                {public: deny, own: may(L | Ad), other: cell{hides: L | Ad}},
	"GET /api/v1/webhooks/{id}/deliveries":        {public: deny, own: may(L | Ad), other: cell{hides: L | Ad}},

	// Zones: own is the proposing co-chair us, other the co-chair ru (for
	// creation: un, which is not a co-chair).
	"GET /api/v1/zones":                                     open,
	"POST /api/v1/zones":                                    {public: deny, own: may(L), other: may(none)},
	"GET /api/v1/zones/{id}":                                record,
	"POST /api/v1/zones/{id}/versions":                      {public: deny, own: may(L), other: may(L)},
	"POST /api/v1/zones/{id}/versions/{version}/agreements": {public: deny, own: may(L), other: may(L)},
	"GET /api/v1/zones/{id}/history":                        record,
	"POST /api/v1/zones:import":                             {public: deny, own: may(L), other: may(none)},

	// Agreements: own is the co-chair us (the proposer), other the
	// co-chair ru; passages: own is un (the proposer), other ru (a party
	// concerned).
	"GET /api/v1/agreements":                                     open,
	"POST /api/v1/agreements":                                    {public: deny, own: may(L), other: may(none)},
	"GET /api/v1/agreements/{id}":                                record,
	"POST /api/v1/agreements/{id}/versions":                      {public: deny, own: may(L), other: may(L)},
	"POST /api/v1/agreements/{id}/versions/{version}/agreements": {public: deny, own: may(L), other: may(L)},
	"POST /api/v1/agreements/{id}/links":                         {public: deny, own: may(An), other: may(An)},
	"GET /api/v1/agreements/{id}/compliance":                     record,
	"GET /api/v1/agreements/{id}/history":                        record,
	"GET /api/v1/passages":                                       open,
	"POST /api/v1/passages":                                      {public: deny, own: may(L), other: may(L)},
	"GET /api/v1/passages/{id}":                                  record,
	"POST /api/v1/passages/{id}/versions":                        {public: deny, own: may(L), other: may(L)},
	"POST /api/v1/passages/{id}/versions/{version}/guarantees":   {public: deny, own: may(none), other: may(L)}, // parties concerned guarantee, not the proposer
	"POST /api/v1/passages/{id}/status":                          {public: deny, own: may(An | L), other: may(An | L)},
	"POST /api/v1/passages/{id}/hazards":                         {public: deny, own: may(Rp | An | L), other: may(Rp | An | L)},
	"GET /api/v1/passages/{id}/history":                          record,

	// Incidents: own is the reporting party us, other the co-chair ru.
	"GET /api/v1/incidents":                        open,
	"POST /api/v1/incidents":                       {public: deny, own: may(Rp | An | L), other: may(Rp | An | L)},
	"POST /api/v1/incidents:import":                {public: deny, own: may(Rp | An | L), other: may(Rp | An | L)},
	"GET /api/v1/exports/stix":                     open,
	"GET /api/v1/exports/stix/terms":               open,
	"POST /api/v1/stix/bundles":                    {public: deny, own: may(Rp | An | L), other: may(Rp | An | L)},
	"GET /api/v1/incidents/counts":                 open,
	"GET /api/v1/incidents/aggregates":             open,
	"GET /api/v1/incidents/{id}":                   record,
	"GET /api/v1/incidents/{id}/history":           record,
	"GET /api/v1/federation/entries/{seq}":         {public: deny, own: hidden, other: hidden}, // a mirrored report's proof: no mirror on the test node
	"POST /api/v1/incidents/{id}/assessments":      {public: deny, own: may(An), other: may(An)},
	"POST /api/v1/incidents/{id}/reopen":           {public: deny, own: may(An | L), other: may(An | L)},
	"POST /api/v1/incidents/{id}/duplicate":        {public: deny, own: may(An | L), other: may(An | L)},
	"GET /api/v1/incidents/{id}/comments":          record,
	"POST /api/v1/incidents/{id}/comments":         {public: deny, own: may(Rp | An | L), other: may(Rp | An | L)},
	"GET /api/v1/incidents/{id}/evidence/{sha256}": record,
	// Findings: only the monitoring cell (un, neither us nor ru) investigates,
	// establishes facts and attributes.
	"GET /api/v1/incidents/{id}/findings": record,
	// A proof bundle carries the latest checkpoint: signed-in callers only.
	"GET /api/v1/incidents/{id}/proof":                 {public: deny, own: may(all), other: may(all)},
	"POST /api/v1/incidents/{id}/allegations":          {public: deny, own: may(Rp | An | L), other: may(Rp | An | L)},
	"POST /api/v1/incidents/{id}/investigation/{step}": {public: deny, own: may(none), other: may(none)},
	"POST /api/v1/incidents/{id}/replies":              {public: deny, own: may(An | L), other: may(An | L)},
	"POST /api/v1/incidents/{id}/fact":                 {public: deny, own: may(none), other: may(none)},
	"POST /api/v1/incidents/{id}/attribution":          {public: deny, own: may(none), other: may(none)},
	"POST /api/v1/incidents/{id}/positions":            {public: deny, own: may(An | L), other: may(An | L)},
	"POST /api/v1/evidence":                            {public: deny, own: may(Rp | An | L), other: may(Rp | An | L)},
	// Monitoring: only the monitoring cell (un) files patrols and records
	// restrictions; the coverage map is read as what the caller may see.
	"POST /api/v1/monitoring/patrols":      {public: deny, own: may(Rp | L), other: may(none)},
	"POST /api/v1/monitoring/restrictions": {public: deny, own: may(Rp | An | L), other: may(none)},
	"GET /api/v1/monitoring/coverage":      open,

	// Cases: own is the notifier un, other ru, a party asked for
	// information (answers: own ru, other un, asked nothing). Known sites:
	// an admin of any party or the UN cell's analysts and liaisons import.
	"GET /api/v1/cases":                      open, // the public sees no case: none is CLEAR
	"GET /api/v1/cases/counts":               open, // counts only
	"GET /api/v1/cases/{id}":                 record,
	"POST /api/v1/cases/{id}/requests":       {public: deny, own: may(An | L), other: may(none)},
	"POST /api/v1/cases/{id}/answers":        {public: deny, own: may(L), other: may(none)},
	"POST /api/v1/cases/{id}/measures":       {public: deny, own: may(An | L), other: may(An | L)},
	"POST /api/v1/cases/{id}/measures/{mid}": {public: deny, own: may(An | L), other: may(none)}, // a measure un recorded
	"POST /api/v1/cases/{id}/close":          {public: deny, own: may(An | L), other: may(none)},
	"POST /api/v1/known-sites/import":        {public: deny, own: may(An | L | Ad), other: may(Ad)},
	"GET /api/v1/known-sites":                members,
	"GET /api/v1/known-sites/{id}":           members, // AMBER to un and the co-chairs

	"GET /api/v1/ui/config":                  open,
	"GET /api/v1/basemap/countries":          open,
	"GET /api/v1/basemap/admin1":             open,
	"GET /api/v1/basemap/tiles/{z}/{x}/{y}":  {public: hide, own: hidden, other: hidden}, // public data, but the test node serves no --basemap archive
	"GET /api/v1/places":                     open,
	"GET /api/v1/exports/{collection}":       open,
	"GET /api/v1/exports/gpkg":               open,
	"GET /api/v1/exports/misp/manifest.json": open,
	"GET /api/v1/exports/misp/{file}":        record,
	// The daily situation report: each reader's own, the public's of CLEAR records only.
	"GET /api/v1/reports/sitrep":                                     open,
	"POST /api/v1/reports/sitrep":                                    {public: deny, own: may(L), other: may(none)},
	"GET /api/v1/reports/sitrep/issued/{date}":                       open, // CLEAR: issued reports are the public's
	"GET /api/v1/reports/sitrep/issued/{date}/{sha256}":              open,
	"POST /api/v1/reports/sitrep/issued/{date}/{sha256}/agreements":  {public: deny, own: may(L), other: may(none)},
	"POST /api/v1/reports/sitrep/issued/{date}/{sha256}/corrections": {public: deny, own: may(L), other: may(none)},
	"GET /api/v1/reports/sitrep/agreed":                              open, // agreed CLEAR reports: the public page's
	"GET /api/v1/reports/sitrep/agreed/{date}":                       open,

	// Airspace: own is the filing party us, other the co-chair ru.
	"GET /api/v1/flightplans":               open,
	"POST /api/v1/flightplans":              {public: deny, own: may(Rp | L), other: may(Rp | L)},
	"GET /api/v1/flightplans/{id}":          record, // ru, a co-chair, sees it redacted
	"PUT /api/v1/flightplans/{id}":          {public: deny, own: may(Rp | L), other: may(none)},
	"POST /api/v1/flightplans/{id}/cancel":  {public: deny, own: may(Rp | L), other: may(none)},
	"GET /api/v1/reservations":              open,
	"POST /api/v1/reservations":             {public: deny, own: may(Rp | L), other: may(Rp | L)},
	"GET /api/v1/reservations/{id}":         record,
	"POST /api/v1/reservations/{id}/cancel": {public: deny, own: may(Rp | L), other: may(none)},
	"GET /api/v1/tracks":                    members,
	"POST /api/v1/tracks":                   {public: deny, own: may(Rp | L), other: may(none)}, // other: a report of own's track
	"GET /api/v1/tracks/stream":             members,
	"POST /api/v1/tracks/stream":            {public: deny, own: may(Rp | L), other: may(Rp | L)},
	"GET /api/v1/conflicts":                 open,
	"GET /api/v1/conflicts/{id}":            record,

	// Open sources: own is the submitting party us (AMBER to itself), other
	// the co-chair ru, which may not see them.
	"POST /api/v1/sources":                {public: deny, own: may(Rp | An), other: may(Rp | An)},
	"GET /api/v1/sources/{id}":            {public: deny, own: may(all), other: hidden},
	"GET /api/v1/drafts":                  members,
	"GET /api/v1/drafts/{id}":             {public: deny, own: may(all), other: hidden},
	"POST /api/v1/drafts/{id}/accept":     {public: deny, own: may(Rp | An), other: cell{hides: Rp | An}},
	"POST /api/v1/drafts/{id}/merge":      {public: deny, own: may(Rp | An), other: cell{hides: Rp | An}},
	"POST /api/v1/drafts/{id}/discard":    {public: deny, own: may(Rp | An), other: cell{hides: Rp | An}},
	"POST /api/v1/drafts/{id}/duplicates": {public: deny, own: may(Rp | An), other: cell{hides: Rp | An}},
	"GET /api/v1/feeds":                   members,
	"POST /api/v1/feeds":                  {public: deny, own: may(Rp | An), other: may(Rp | An)},
	"GET /api/v1/feeds/{id}":              {public: deny, own: may(all), other: hidden},
	"POST /api/v1/feeds/{id}/pause":       {public: deny, own: may(Rp | An), other: hidden},
	"POST /api/v1/feeds/{id}/resume":      {public: deny, own: may(Rp | An), other: hidden},
	"DELETE /api/v1/feeds/{id}":           {public: deny, own: may(Rp | An), other: hidden},

	// OGC API – Features: reads filtered by releasability.
	"GET /ogc":                              open,
	"GET /ogc/{$}":                          open,
	"GET /ogc/conformance":                  open,
	"GET /ogc/api":                          open,
	"GET /ogc/collections":                  open,
	"GET /ogc/collections/{id}":             open,
	"GET /ogc/collections/{id}/queryables":  open,
	"GET /ogc/collections/{id}/items":       open,
	"GET /ogc/collections/{id}/items/{fid}": record,
}
