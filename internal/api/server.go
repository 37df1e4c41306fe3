// Package api is truce's HTTP interface: the JSON API under /api/v1, the
// C2SP log endpoints under /log, health, readiness and metrics. Errors are
// RFC 9457 problem details; every read path asks package access whether the
// caller may see what it returns.
package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/mod/sumdb/note"

	"truce/internal/accounts"
	"truce/internal/agreements"
	"truce/internal/alerts"
	"truce/internal/cases"
	"truce/internal/features"
	"truce/internal/findings"
	"truce/internal/flights"
	"truce/internal/gazetteer"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/membership"
	"truce/internal/monitoring"
	"truce/internal/notify"
	"truce/internal/ogc"
	"truce/internal/report/doc"
	"truce/internal/sitrep"
	"truce/internal/sources"
	"truce/internal/stream"
	"truce/internal/taxii"
	"truce/internal/tilearchive"
	"truce/internal/zones"
)

// Deps are the services the API serves. New requires every field except
// Logger and Registry, which default to slog.Default and a fresh registry:
// the node builds every service before the server (internal/app), and no
// handler checks for a missing one.
type Deps struct {
	Accounts *accounts.Service
	Auditor  *accounts.Auditor
	// DB is the node's database (see Database).
	DB           Database
	Hashes       *ledger.HashStore
	Checkpointer *ledger.Checkpointer
	// Public is the log as the public is shown it, in delayed batches
	// (log_public.go; a PublicLog batched every 0 shows it as it grows).
	Public *ledger.PublicLog
	// VerifierKey is the node's note verifier key (GET /log/key).
	VerifierKey string
	Logger      *slog.Logger
	Registry    *prometheus.Registry
	// Ready reports whether the node can serve (GET /readyz).
	Ready func() error
	// Witnesses returns the cosignature verifier keys of the witnesses of
	// the node's log and the quorum its checkpoints need, as proof bundles
	// state them (incident_proof.go); nil: none.
	Witnesses func() (keys []string, quorum int)
	// Places is the gazetteer behind GET /api/v1/places.
	Places *gazetteer.Gazetteer
	// Notify, Alerts, Hotline, Stream and Webhooks serve notifications,
	// alerts, the hotline, the live stream and webhooks; CAPSender names
	// the node in CAP documents.
	Notify    *notify.Service
	Alerts    *alerts.Service
	Hotline   *hotline.Service
	Stream    *stream.Hub
	Webhooks  *stream.Webhooks
	CAPSender string
	// Zones and Incidents serve /api/v1/zones and /api/v1/incidents.
	Zones     *zones.Service
	Incidents *incidents.Service
	// Findings serves the layers of findings about incidents
	// (/api/v1/incidents/{id}/findings and the routes beside it).
	Findings *findings.Service
	// Monitoring serves the monitors' patrols, the restrictions of their
	// movement and the coverage map (/api/v1/monitoring).
	Monitoring *monitoring.Service
	// Membership serves membership proposals (POST /api/v1/parties and
	// /api/v1/membership/proposals).
	Membership *membership.Service
	// Flights serves flight plans, reservations, tracks and conflicts.
	Flights *flights.Service
	// Sources serves open sources, the review queue of their drafts and
	// feeds.
	Sources *sources.Service
	// Agreements serves agreements, their obligations' compliance and
	// safe passages (/api/v1/agreements, /api/v1/passages).
	Agreements *agreements.Service
	// Cases serves the follow-up cases and the known sites
	// (/api/v1/cases, /api/v1/known-sites).
	Cases *cases.Service
	// UI serves every path no other route matches (the web UI,
	// internal/web), behind the same middleware.
	UI http.Handler
	// FeedSigner is the node's note signer (the log key), which signs
	// every party's notification feed (notify_feed.go).
	FeedSigner note.Signer
	// Federation, optional, reports a party node's federation (GET
	// /api/v1/federation, /readyz); nil on a node that is not federated.
	Federation Federation
	// Sitrep computes the daily situation report
	// (GET /api/v1/reports/sitrep).
	Sitrep *sitrep.Builder
	// SitrepIssuer issues reports as evidence and records their sign-offs
	// (/api/v1/reports/sitrep/issued).
	SitrepIssuer *sitrep.Issuer
	// SitrepPDF, optional, renders a report as PDF; while it is nil a
	// report asked for as PDF is answered 501.
	SitrepPDF func(doc.Document) ([]byte, error)
	// RosterChanges, optional, serves /api/v1/federation/roster and its
	// proposals and agreements; nil on a node that is not federated.
	RosterChanges RosterChanges
}

// missing returns the names of the required fields of d that are not set.
func (d *Deps) missing() []string {
	var out []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"Accounts", d.Accounts != nil}, {"Auditor", d.Auditor != nil}, {"DB", d.DB != nil},
		{"Hashes", d.Hashes != nil}, {"Checkpointer", d.Checkpointer != nil}, {"Public", d.Public != nil}, {"VerifierKey", d.VerifierKey != ""},
		{"Ready", d.Ready != nil}, {"Places", d.Places != nil}, {"Notify", d.Notify != nil},
		{"Alerts", d.Alerts != nil}, {"Hotline", d.Hotline != nil}, {"Stream", d.Stream != nil},
		{"Webhooks", d.Webhooks != nil}, {"CAPSender", d.CAPSender != ""}, {"Zones", d.Zones != nil},
		{"Incidents", d.Incidents != nil}, {"Findings", d.Findings != nil}, {"Monitoring", d.Monitoring != nil}, {"Membership", d.Membership != nil}, {"Flights", d.Flights != nil},
		{"Sources", d.Sources != nil}, {"Agreements", d.Agreements != nil}, {"Cases", d.Cases != nil},
		{"FeedSigner", d.FeedSigner != nil}, {"Sitrep", d.Sitrep != nil}, {"SitrepIssuer", d.SitrepIssuer != nil},
		{"UI", d.UI != nil},
	} {
		if !f.set {
			out = append(out, f.name)
		}
	}
	return out
}

// Options tune the server.
type Options struct {
	// MaxBody is the largest request body accepted, in bytes (default 1 MiB).
	MaxBody int64
	// RateLimit is requests per second per token or client address (default
	// 200, burst 400); 0 disables.
	RateLimit float64
	// SecureCookies sets the Secure flag on the session cookie (under TLS).
	SecureCookies bool
	// HSTS adds Strict-Transport-Security (under TLS).
	HSTS bool
	// TileURL, if set, is an online XYZ tile server URL template the web
	// UI offers beside the offline basemap; its origin is allowed for
	// images by the Content-Security-Policy. TileAttribution is the credit
	// line it requires.
	TileURL, TileAttribution string
	// Basemap, if set, is the PMTiles or MBTiles archive the node serves
	// as the map's offline basemap (GET /api/v1/basemap/tiles/{z}/{x}/{y});
	// the caller opens and closes it.
	Basemap tilearchive.Archive
	// StreamRecheck is how often a quiet long-lived response (SSE, NDJSON
	// streams) rechecks its caller's token or session (default
	// DefaultStreamRecheck); it is rechecked before every event as well.
	StreamRecheck time.Duration
	// TrackStream bounds POST /api/v1/tracks/stream; its zero fields take
	// those of DefaultTrackStreamLimits.
	TrackStream TrackStreamLimits
}

// Server handles truce's HTTP API. Its dependencies are fixed by New and
// never change while it serves.
type Server struct {
	deps    Deps
	opts    Options
	mux     *http.ServeMux
	log     *slog.Logger
	limiter *rateLimiter
	logins  *loginThrottle // POST /api/v1/session (login_throttle.go)
	metrics *metrics
	csp     string
	// trackStream bounds POST /api/v1/tracks/stream (flights_tracks_stream.go).
	trackStream TrackStreamLimits
	// features are the feature collections of /ogc and /api/v1/exports,
	// built once by New (internal/api/ogc.go).
	features *features.Registry
}

// New returns the API server of the services in d. It returns an error
// naming the fields of d that are missing; see Deps.
func New(d Deps, opts Options) (*Server, error) {
	if miss := d.missing(); len(miss) > 0 {
		return nil, fmt.Errorf("api: missing dependencies: %s", strings.Join(miss, ", "))
	}
	return newServer(d, opts), nil
}

// newServer builds the server without checking d: New checks it, and this
// package's tests build servers that exercise only the middleware and the
// problem writers.
func newServer(d Deps, opts Options) *Server {
	if opts.MaxBody <= 0 {
		opts.MaxBody = 1 << 20
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	s := &Server{deps: d, opts: opts, mux: http.NewServeMux(), log: d.Logger}
	if opts.RateLimit > 0 {
		s.limiter = newRateLimiter(opts.RateLimit, 2*opts.RateLimit, time.Now)
	}
	s.metrics = newMetrics(d.Registry, d.Hashes)
	s.logins = newLoginThrottle(time.Now, loginThrottleEntries,
		func(scope string) { s.metrics.loginRefused.WithLabelValues(scope).Inc() }, s.metrics.loginFailures.Inc)
	s.csp = contentSecurityPolicy(opts.TileURL)
	s.trackStream = opts.TrackStream.withDefaults()
	s.features = newFeatureRegistry(d)
	s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.middleware(s.mux).ServeHTTP(w, r)
}

// route is one API route: a Go 1.22 ServeMux pattern and its handler.
type route struct {
	pattern string
	handler http.HandlerFunc
}

// apiRoutes lists every route; the OpenAPI document must describe each
// (a test checks it).
func (s *Server) apiRoutes() []route {
	return []route{
		{"GET /healthz", s.healthz},
		{"GET /readyz", s.readyz},
		{"GET /metrics", s.getMetrics},
		{"GET /log/checkpoint", s.getCheckpoint},
		{"GET /log/key", s.getKey},
		{"GET /log/tile/{path...}", s.getTile},
		{"GET /api/v1/openapi.json", s.getOpenAPI},
		{"POST /api/v1/session", s.login},
		{"DELETE /api/v1/session", s.authed(s.logout)},
		{"GET /api/v1/me", s.authed(s.me)},
		{"GET /api/v1/federation", s.authed(s.getFederation)},
		{"GET /api/v1/federation/entries/{seq}", s.authed(s.getMirroredEntry)},
		{"GET /api/v1/federation/roster", s.authed(s.getRoster)},
		{"POST /api/v1/federation/roster/proposals", s.authed(s.proposeRoster)},
		{"POST /api/v1/federation/roster/agreements", s.authed(s.agreeRoster)},
		{"GET /api/v1/parties", s.listParties},
		{"POST /api/v1/parties", s.authed(s.proposeParty)},
		{"GET /api/v1/membership/proposals", s.authed(s.listMembership)},
		{"POST /api/v1/membership/proposals", s.authed(s.proposeMembership)},
		{"GET /api/v1/membership/proposals/{id}", s.authed(s.getMembership)},
		{"POST /api/v1/membership/proposals/{id}/agreements", s.authed(s.agreeMembership)},
		{"POST /api/v1/membership/proposals/{id}/withdrawal", s.authed(s.withdrawMembership)},
		{"GET /api/v1/users", s.authed(s.listUsers)},
		{"POST /api/v1/users", s.authed(s.createUser)},
		{"GET /api/v1/tokens", s.authed(s.listTokens)},
		{"POST /api/v1/tokens", s.authed(s.issueToken)},
		{"DELETE /api/v1/tokens/{id}", s.authed(s.revokeToken)},
		{"GET /api/v1/log/entries/{seq}", s.getEntry},
		{"GET /api/v1/log/entries/{seq}/proof", s.getEntryProof},
		{"POST /api/v1/log/checkpoint", s.authed(s.signCheckpoint)},
		{"GET /api/v1/audit/reads", s.authed(s.listReads)},
		{"GET /api/v1/notify/feed", s.authed(s.notifyFeed)},
		{"GET /api/v1/sites", s.listNotices},
		{"POST /api/v1/sites", s.authed(s.writeNotice)},
		{"POST /api/v1/sites/check", s.authed(s.checkNotice)},
		{"GET /api/v1/sites/{id}", s.getNotice},
		{"GET /api/v1/sites/{id}/reads", s.authed(s.noticeReads)},
		{"PUT /api/v1/sites/{id}", s.authed(s.writeNotice)},
		{"POST /api/v1/sites/{id}/acknowledge", s.authed(s.noticeAction("acknowledge"))},
		{"POST /api/v1/sites/{id}/passed-on", s.authed(s.passOnNotice)},
		{"POST /api/v1/sites/{id}/queries", s.authed(s.raiseNoticeQuery)},
		{"POST /api/v1/sites/{id}/queries/{seq}/answer", s.authed(s.answerNoticeQuery)},
		{"POST /api/v1/sites/{id}/cancel", s.authed(s.noticeAction("cancel"))},
		{"POST /api/v1/sites/{id}/reconfirm", s.authed(s.reconfirmSite)},
		{"GET /api/v1/movements", s.listNotices},
		{"POST /api/v1/movements", s.authed(s.writeNotice)},
		{"POST /api/v1/movements/check", s.authed(s.checkNotice)},
		{"GET /api/v1/movements/{id}", s.getNotice},
		{"GET /api/v1/movements/{id}/reads", s.authed(s.noticeReads)},
		{"PUT /api/v1/movements/{id}", s.authed(s.writeNotice)},
		{"POST /api/v1/movements/{id}/acknowledge", s.authed(s.noticeAction("acknowledge"))},
		{"POST /api/v1/movements/{id}/passed-on", s.authed(s.passOnNotice)},
		{"POST /api/v1/movements/{id}/queries", s.authed(s.raiseNoticeQuery)},
		{"POST /api/v1/movements/{id}/queries/{seq}/answer", s.authed(s.answerNoticeQuery)},
		{"POST /api/v1/movements/{id}/cancel", s.authed(s.noticeAction("cancel"))},
		{"POST /api/v1/movements/{id}/repeat", s.authed(s.repeatMovement)},
		{"POST /api/v1/movements/{id}/positions", s.authed(s.reportPositions)},
		{"GET /api/v1/movements/{id}/positions", s.authed(s.movementPositions)},
		{"GET /api/v1/positions", s.authed(s.latestPositions)},
		{"GET /api/v1/alerts", s.listAlerts},
		{"GET /api/v1/alerts/counts", s.countAlerts},
		{"GET /api/v1/alerts/cap.atom", s.alertsCAPIndex},
		{"GET /api/v1/alerts/{id}", s.getAlert},
		{"POST /api/v1/alerts/{id}/acknowledge", s.authed(s.acknowledgeAlert)},
		{"GET /api/v1/messages", s.authed(s.listMessages)},
		{"POST /api/v1/messages", s.authed(s.sendMessage)},
		{"POST /api/v1/messages/attachments", s.authed(s.uploadAttachment)},
		{"GET /api/v1/messages/{id}", s.authed(s.getMessage)},
		{"POST /api/v1/messages/{id}/read", s.authed(s.messageReceipt(false))},
		{"POST /api/v1/messages/{id}/acknowledge", s.authed(s.messageReceipt(true))},
		{"GET /api/v1/messages/{id}/attachments/{sha}", s.authed(s.getAttachment)},
		{"GET /api/v1/stream", s.getStream},
		{"POST /api/v1/sources", s.authed(s.submitSource)},
		{"GET /api/v1/sources/{id}", s.authed(s.getSource)},
		{"GET /api/v1/drafts", s.authed(s.listDrafts)},
		{"GET /api/v1/drafts/{id}", s.authed(s.getDraft)},
		{"POST /api/v1/drafts/{id}/accept", s.authed(s.draftDecision("accept"))},
		{"POST /api/v1/drafts/{id}/merge", s.authed(s.draftDecision("merge"))},
		{"POST /api/v1/drafts/{id}/discard", s.authed(s.draftDecision("discard"))},
		{"POST /api/v1/drafts/{id}/duplicates", s.authed(s.draftDecision("duplicates"))},
		{"GET /api/v1/feeds", s.authed(s.listFeeds)},
		{"POST /api/v1/feeds", s.authed(s.registerFeed)},
		{"GET /api/v1/feeds/{id}", s.authed(s.getFeed)},
		{"POST /api/v1/feeds/{id}/pause", s.authed(s.changeFeedStatus(sources.PauseFeed))},
		{"POST /api/v1/feeds/{id}/resume", s.authed(s.changeFeedStatus(sources.ResumeFeed))},
		{"DELETE /api/v1/feeds/{id}", s.authed(s.changeFeedStatus(sources.RemoveFeed))},
		{"GET /api/v1/webhooks", s.authed(s.listWebhooks)},
		{"POST /api/v1/webhooks", s.authed(s.createWebhook)},
		{"DELETE /api/v1/webhooks/{id}", s.authed(s.deleteWebhook)},
		{"GET /api/v1/webhooks/{id}/deliveries", s.authed(s.listDeliveries)},
		{"GET /api/v1/zones", s.listZones},
		{"POST /api/v1/zones", s.authed(s.createZone)},
		{"GET /api/v1/zones/{id}", s.getZone},
		{"POST /api/v1/zones/{id}/versions", s.authed(s.proposeZoneVersion)},
		{"POST /api/v1/zones/{id}/versions/{version}/agreements", s.authed(s.agreeZoneVersion)},
		{"GET /api/v1/zones/{id}/history", s.zoneHistory},
		{"GET /api/v1/agreements", s.listAgreements},
		{"POST /api/v1/agreements", s.authed(s.proposeAgreement)},
		{"GET /api/v1/agreements/{id}", s.getAgreement},
		{"POST /api/v1/agreements/{id}/versions", s.authed(s.proposeAgreement)},
		{"POST /api/v1/agreements/{id}/versions/{version}/agreements", s.authed(s.agreeAgreement)},
		{"POST /api/v1/agreements/{id}/links", s.authed(s.linkToObligation)},
		{"GET /api/v1/agreements/{id}/compliance", s.agreementCompliance},
		{"GET /api/v1/agreements/{id}/history", s.agreementHistory},
		{"GET /api/v1/passages", s.listPassages},
		{"POST /api/v1/passages", s.authed(s.proposePassage)},
		{"GET /api/v1/passages/{id}", s.getPassage},
		{"POST /api/v1/passages/{id}/versions", s.authed(s.proposePassage)},
		{"POST /api/v1/passages/{id}/versions/{version}/guarantees", s.authed(s.guaranteePassage)},
		{"POST /api/v1/passages/{id}/status", s.authed(s.setPassageStatus)},
		{"POST /api/v1/passages/{id}/hazards", s.authed(s.reportPassageHazard)},
		{"GET /api/v1/passages/{id}/history", s.passageHistory},
		{"GET /api/v1/incidents", s.listIncidents},
		{"POST /api/v1/incidents", s.authed(s.createIncident)},
		{"POST /api/v1/incidents:import", s.authed(s.importIncidents)},
		{"GET /api/v1/exports/stix", s.exportSTIX},
		{"GET /api/v1/exports/stix/terms", s.exportSTIXTerms},
		{"POST /api/v1/stix/bundles", s.authed(s.importSTIX)},
		{"POST /api/v1/zones:import", s.authed(s.importZones)},
		{"GET /api/v1/incidents/counts", s.countIncidents},
		{"GET /api/v1/incidents/aggregates", s.aggregateIncidents},
		{"GET /api/v1/incidents/{id}", s.getIncident},
		{"GET /api/v1/incidents/{id}/history", s.incidentHistory},
		{"POST /api/v1/incidents/{id}/assessments", s.authed(s.assessIncident)},
		{"POST /api/v1/incidents/{id}/reopen", s.authed(s.reopenIncident)},
		{"POST /api/v1/incidents/{id}/duplicate", s.authed(s.markDuplicate)},
		{"GET /api/v1/incidents/{id}/comments", s.listComments},
		{"POST /api/v1/incidents/{id}/comments", s.authed(s.addComment)},
		{"GET /api/v1/incidents/{id}/evidence/{sha256}", s.getEvidence},
		{"GET /api/v1/incidents/{id}/findings", s.getFindings},
		{"GET /api/v1/incidents/{id}/proof", s.authed(s.getIncidentProof)},
		{"POST /api/v1/incidents/{id}/allegations", s.authed(s.addAllegation)},
		{"POST /api/v1/incidents/{id}/investigation/{step}", s.authed(s.investigate)},
		{"POST /api/v1/incidents/{id}/replies", s.authed(s.addReply)},
		{"POST /api/v1/incidents/{id}/fact", s.authed(s.establishFact)},
		{"POST /api/v1/incidents/{id}/attribution", s.authed(s.attribute)},
		{"POST /api/v1/incidents/{id}/positions", s.authed(s.statePosition)},
		{"POST /api/v1/monitoring/patrols", s.authed(s.filePatrol)},
		{"POST /api/v1/monitoring/restrictions", s.authed(s.recordRestriction)},
		{"GET /api/v1/monitoring/coverage", s.getCoverage},
		{"POST /api/v1/evidence", s.authed(s.uploadEvidence)},
		{"GET /api/v1/ui/config", s.getUIConfig},
		{"GET /api/v1/basemap/countries", s.getCountries},
		{"GET " + basemapTilesPath, s.getBasemapTile},
		{"GET /api/v1/basemap/admin1", s.getAdmin1},
		{"GET /api/v1/places", s.getPlaces},
		{"GET /api/v1/log/entries", s.listEntries},
		{"GET /api/v1/exports/{collection}", s.exportCollection},
		{"GET /api/v1/exports/gpkg", s.exportGeoPackage},
		{"GET /api/v1/exports/misp/manifest.json", s.mispManifest},
		{"GET /api/v1/exports/misp/{file}", s.mispEvent},
		{"GET /api/v1/flightplans", s.listFlightPlans},
		{"POST /api/v1/flightplans", s.authed(s.writeFlightPlan)},
		{"GET /api/v1/flightplans/{id}", s.getFlightPlan},
		{"PUT /api/v1/flightplans/{id}", s.authed(s.writeFlightPlan)},
		{"POST /api/v1/flightplans/{id}/cancel", s.authed(s.cancelFlightPlan)},
		{"GET /api/v1/reservations", s.listReservations},
		{"POST /api/v1/reservations", s.authed(s.createReservation)},
		{"GET /api/v1/reservations/{id}", s.getReservation},
		{"POST /api/v1/reservations/{id}/cancel", s.authed(s.cancelReservation)},
		{"GET /api/v1/tracks", s.authed(s.listTracks)},
		{"POST /api/v1/tracks", s.authed(s.postTracks)},
		{"GET /api/v1/tracks/stream", s.authed(s.streamTracks)},
		{"POST /api/v1/tracks/stream", s.authed(s.postTrackStream)},
		{"GET /api/v1/conflicts", s.listConflicts},
		{"GET /api/v1/conflicts/{id}", s.getConflict},
		{"GET /api/v1/cases", s.listCases},
		{"GET /api/v1/cases/counts", s.countCases},
		{"GET /api/v1/cases/{id}", s.getCase},
		{"POST /api/v1/cases/{id}/requests", s.authed(s.requestOnCase())},
		{"POST /api/v1/cases/{id}/answers", s.authed(s.answerCase())},
		{"POST /api/v1/cases/{id}/measures", s.authed(s.recordCaseMeasure())},
		{"POST /api/v1/cases/{id}/measures/{mid}", s.authed(s.updateCaseMeasure())},
		{"POST /api/v1/cases/{id}/close", s.authed(s.closeCase())},
		{"POST /api/v1/known-sites/import", s.authed(s.importKnownSites)},
		{"GET /api/v1/known-sites", s.authed(s.listKnownSites)},
		{"GET /api/v1/known-sites/{id}", s.authed(s.getKnownSite)},
		{"GET /api/v1/reports/sitrep", s.getSitrep},
		{"POST /api/v1/reports/sitrep", s.authed(s.issueSitrep)},
		{"GET /api/v1/reports/sitrep/issued/{date}", s.listIssuedSitreps},
		{"GET /api/v1/reports/sitrep/issued/{date}/{sha256}", s.getIssuedSitrep},
		{"POST /api/v1/reports/sitrep/issued/{date}/{sha256}/agreements", s.authed(s.agreeSitrep)},
		{"POST /api/v1/reports/sitrep/issued/{date}/{sha256}/corrections", s.authed(s.correctSitrep)},
		{"GET /api/v1/reports/sitrep/agreed", s.listAgreedSitreps},
		{"GET /api/v1/reports/sitrep/agreed/{date}", s.getAgreedSitrep},
	}
}

// RoutePatterns returns the pattern of every route: those of apiRoutes and
// those of the OGC API under /ogc. A test checks each against the role
// table (internal/app/routes_table_test.go).
func (s *Server) RoutePatterns() []string {
	var out []string
	for _, r := range s.apiRoutes() {
		out = append(out, r.pattern)
	}
	return append(out, ogc.Patterns()...)
}

func (s *Server) routes() {
	m := s.mux
	// only holds the API routes alone, to tell a path no route serves (404)
	// from one served with other methods (405 with Allow).
	only := http.NewServeMux()
	for _, r := range s.apiRoutes() {
		m.HandleFunc(r.pattern, r.handler)
		only.HandleFunc(r.pattern, r.handler)
	}
	o := s.ogcHandler() // OGC API – Features (internal/api/ogc.go)
	m.Handle("/ogc", o)
	m.Handle("/ogc/", o)
	m.Handle(taxii.DiscoveryPath, s.taxiiHandler()) // TAXII 2.1 (internal/api/taxii.go)
	if s.deps.UI != nil {
		m.Handle("/", s.deps.UI)
	}
	unrouted := func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(only, r); len(allow) > 0 {
			s.writeError(w, r, &methodNotAllowed{method: r.Method, allow: allow})
			return
		}
		s.writeError(w, r, noRoute(r))
	}
	m.HandleFunc("GET /problems/{name}", s.getProblemType)
	m.HandleFunc("GET /problems/{$}", s.listProblemTypes)
	for _, prefix := range []string{"/api/", "/log/", "/healthz", "/readyz", "/metrics", "/problems/"} {
		m.HandleFunc(prefix, unrouted)
	}
}
