package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"truce/internal/accounts"
	"truce/internal/agreements"
	"truce/internal/alerts"
	"truce/internal/federation/hostedlog"
	"truce/internal/federation/rosterchange"
	"truce/internal/findings"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/membership"
	"truce/internal/monitoring"
	"truce/internal/notify"
	"truce/internal/sitrep"
	"truce/internal/sources"
	"truce/internal/zones"
)

// A projector applies one kind of entry to the projection tables. It MUST
// depend only on the entry (never on the clock or node-local state), so that
// replaying the log rebuilds identical tables.
type projector func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error

// A kindRule says what the store does with one entry kind: apply projects
// it, or logOnly says why the kind is kept in the log only. Exactly one of
// the two is set.
type kindRule struct {
	kind    string
	apply   projector
	logOnly string
}

// A domainProjection is one domain's part of the projection: the tables it
// owns, parents before children, and a rule for every entry kind of the
// domain (its EntryKinds), including those that change another domain's
// tables.
type domainProjection struct {
	domain string
	tables []string
	kinds  []kindRule
}

// projections is the one table of what appending and replaying an entry
// do to the projection tables. Domains come in the order of the schema
// (the migrations that create their tables), each domain's tables parents
// first, so that a table's foreign keys refer only to itself or to tables
// listed before it: filling the tables in this order, or emptying them in
// the reverse order, never breaks a foreign key. Each domain has a rule for
// every kind of its EntryKinds. The tests check both against the schema and
// the domains.
var projections = []domainProjection{
	{domain: "accounts", tables: []string{"parties", "users", "tokens"}, kinds: []kindRule{
		{kind: accounts.KindPartyCreated, apply: projectPartyCreated},
		{kind: accounts.KindPartyCoChairChange, apply: projectPartyCoChairChanged},
		{kind: accounts.KindPartyRetired, apply: projectPartyRetired},
		{kind: accounts.KindUserCreated, apply: projectUserCreated},
		{kind: accounts.KindUserDisabled, apply: projectUserDisabled},
		{kind: accounts.KindTokenIssued, apply: projectTokenIssued},
		{kind: accounts.KindTokenRevoked, apply: projectTokenRevoked},
	}},
	{domain: "zones", tables: []string{"zones", "zone_versions", "zone_agreements"}, kinds: []kindRule{
		{kind: zones.KindProposed, apply: projectZoneProposed},
		{kind: zones.KindAgreed, apply: projectZoneAgreed},
	}},
	{domain: "incidents", tables: []string{"incidents", "incident_reports", "incident_assessments", "incident_zones", "incident_comments"}, kinds: []kindRule{
		{kind: incidents.KindReported, apply: projectIncidentReported},
		{kind: incidents.KindAssessed, apply: projectIncidentAssessed},
		{kind: incidents.KindReopened, apply: projectIncidentReopened},
		{kind: incidents.KindDuplicateMarked, apply: projectIncidentDuplicate},
		{kind: incidents.KindDuplicateLinked, logOnly: "it shows the link in the original's history; incident.duplicate_marked projects it"},
		{kind: incidents.KindCommented, apply: projectIncidentComment},
	}},
	{domain: "findings", kinds: findingsKinds()},
	{domain: "rosterchange", kinds: []kindRule{
		{kind: rosterchange.KindProposed, logOnly: "rosterchange.Next reads it from the logs and mirrors"},
		{kind: rosterchange.KindAgreed, logOnly: "rosterchange.Next reads it from the logs and mirrors"},
	}},
	{domain: "hostedlog", kinds: []kindRule{
		{kind: hostedlog.KindSplit, logOnly: "names the hosted log a split node came from; read where a citation of a hosted entry is checked"},
		{kind: hostedlog.KindCarried, logOnly: "carries a hosted statement about another party's record; joint state does not count it yet"},
	}},
	{domain: "notify", tables: []string{"notify_notices", "notify_acks", "notify_queries", "notify_positions"}, kinds: []kindRule{
		{kind: notify.KindSiteNotified, apply: projectNotified(notify.TypeSite)},
		{kind: notify.KindSiteUpdated, apply: projectNotified(notify.TypeSite)},
		{kind: notify.KindSiteCancelled, apply: projectCancelled},
		{kind: notify.KindSiteAcknowledged, apply: projectResponse(notify.AckAcknowledged)},
		{kind: notify.KindSiteRefused, apply: projectLegacyRefusal},
		{kind: notify.KindSitePassedOn, apply: projectPassedOn},
		{kind: notify.KindSiteQueried, apply: projectQueried},
		{kind: notify.KindSiteAnswered, apply: projectAnswered},
		{kind: notify.KindSiteReconfirmed, apply: projectReconfirmed},
		{kind: notify.KindSiteWithheld, apply: projectNotified(notify.TypeSite)},
		{kind: notify.KindMovementNotified, apply: projectNotified(notify.TypeMovement)},
		{kind: notify.KindMovementUpdated, apply: projectNotified(notify.TypeMovement)},
		{kind: notify.KindMovementCancelled, apply: projectCancelled},
		{kind: notify.KindMovementAcknowledged, apply: projectResponse(notify.AckAcknowledged)},
		{kind: notify.KindMovementRefused, apply: projectLegacyRefusal},
		{kind: notify.KindMovementPassedOn, apply: projectPassedOn},
		{kind: notify.KindMovementQueried, apply: projectQueried},
		{kind: notify.KindMovementAnswered, apply: projectAnswered},
		{kind: notify.KindMovementPositions, apply: projectPositions},
	}},
	{domain: "alerts", tables: []string{"alerts", "alert_acks"}, kinds: []kindRule{
		{kind: alerts.EntryRaised, apply: projectAlertRaised},
		{kind: alerts.EntryAcknowledged, apply: projectAlertAcknowledged},
		{kind: alerts.EntryEscalated, apply: projectAlertEscalated},
		{kind: alerts.EntryCleared, apply: projectAlertCleared},
	}},
	{domain: "hotline", tables: []string{"messages", "message_receipts"}, kinds: []kindRule{
		{kind: hotline.KindSent, apply: projectMessageSent},
		{kind: hotline.KindRead, apply: projectMessageRead},
		{kind: hotline.KindAcknowledged, apply: projectMessageAcknowledged},
	}},
	{domain: "flights", tables: []string{"flight_plans", "flight_reservations", "flight_conflicts"}, kinds: []kindRule{
		{kind: flights.EntryPlanFiled, apply: projectPlan},
		{kind: flights.EntryPlanAmended, apply: projectPlan},
		{kind: flights.EntryPlanCancelled, apply: projectPlanCancelled},
		{kind: flights.EntryReservationCreated, apply: projectReservation},
		{kind: flights.EntryReservationCancelled, apply: projectReservationCancelled},
		{kind: flights.EntryConflictRaised, apply: projectConflictRaised},
		{kind: flights.EntryConflictCleared, apply: projectConflictCleared},
	}},
	{domain: "membership", tables: []string{"membership_proposals", "membership_agreements"}, kinds: []kindRule{
		{kind: membership.EntryProposed, apply: projectMembershipProposed},
		{kind: membership.EntryAgreed, apply: projectMembershipAgreed},
		{kind: membership.EntryWithdrawn, apply: projectMembershipWithdrawn},
	}},
	{domain: "monitoring", tables: []string{"monitoring_patrols", "monitoring_restrictions"}, kinds: []kindRule{
		{kind: monitoring.KindPatrolFiled, apply: projectPatrolFiled},
		{kind: monitoring.KindRestrictionRecorded, apply: projectRestrictionRecorded},
	}},
	{domain: "sources", tables: []string{"sources", "source_drafts", "source_draft_duplicates", "source_feeds", "incident_attachments"}, kinds: []kindRule{
		{kind: sources.KindSubmitted, apply: projectSourceSubmitted},
		{kind: sources.KindDraftAccepted, apply: projectDraftDecided(sources.StatusAccepted)},
		{kind: sources.KindDraftMerged, apply: projectDraftMerged},
		{kind: sources.KindDraftDiscarded, apply: projectDraftDecided(sources.StatusDiscarded)},
		{kind: sources.KindDuplicateLinked, apply: projectDuplicateDecided(sources.DuplicateLinked)},
		{kind: sources.KindDuplicateDismissed, apply: projectDuplicateDecided(sources.DuplicateDismissed)},
		{kind: sources.KindFeedRegistered, apply: projectFeedRegistered},
		{kind: sources.KindFeedPolled, apply: projectFeedPolled},
		{kind: sources.KindFeedPaused, apply: projectFeedStatus(sources.FeedPaused)},
		{kind: sources.KindFeedResumed, apply: projectFeedStatus(sources.FeedActive)},
		{kind: sources.KindFeedRemoved, apply: projectFeedStatus(sources.FeedRemoved)},
	}},
	{domain: "agreements", tables: []string{"agreement_records"}, kinds: agreementsKinds()},
	{domain: "cases", tables: []string{"cases", "known_sites"}, kinds: casesKinds()},
	{domain: "sitrep", kinds: []kindRule{
		{kind: sitrep.KindIssued, logOnly: "sitrep.Issuer folds a period's reports from its entries"},
		{kind: sitrep.KindAgreed, logOnly: "sitrep.Issuer folds a period's reports from its entries"},
	}},
}

// agreementsKinds are the rules of the agreements domain: every kind is
// folded into its record's row by agreements.Fold.
func agreementsKinds() []kindRule {
	var out []kindRule
	for _, k := range agreements.EntryKinds() {
		out = append(out, kindRule{kind: k, apply: projectAgreementRecord})
	}
	return out
}

// findingsKinds are the rules of the findings domain: its entries are
// kept in the log only, because a finding is folded from the incident's
// history as each caller may see it (findings.Fold), so that no table can
// show one caller what another's releasability hides.
func findingsKinds() []kindRule {
	var out []kindRule
	for _, k := range findings.EntryKinds() {
		out = append(out, kindRule{kind: k, logOnly: "findings.Fold reads it from the incident's history"})
	}
	return out
}

// projectors maps each projected kind of projections to its projector;
// projectionTables lists every domain's tables in the order of projections.
var projectors, projectionTables = indexProjections(projections)

// indexProjections returns the projector of every projected kind of ds and
// their tables in order. It panics if a kind has two rules or a rule is
// malformed: projections is a constant table, so that is a programming
// error.
func indexProjections(ds []domainProjection) (map[string]projector, []string) {
	ps := map[string]projector{}
	var tables []string
	seen := map[string]bool{}
	for _, d := range ds {
		tables = append(tables, d.tables...)
		for _, r := range d.kinds {
			if seen[r.kind] {
				panic("store: two rules for entry kind " + r.kind)
			}
			seen[r.kind] = true
			if (r.apply == nil) == (r.logOnly == "") {
				panic("store: entry kind " + r.kind + " must be either projected or kept in the log only")
			}
			if r.apply != nil {
				ps[r.kind] = r.apply
			}
		}
	}
	return ps, slices.Clip(tables)
}

// project applies e to the projection tables. Kinds without a projector
// (those kept in the log only, and kinds no domain declares) change
// nothing.
func project(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, ok := projectors[e.Kind]
	if !ok {
		return nil
	}
	if err := p(ctx, q, e); err != nil {
		return fmt.Errorf("store: project %s #%d: %w", e.Kind, e.Seq, err)
	}
	return nil
}

// decode unmarshals an entry's payload into a value of type T.
func decode[T any](e *ledger.Entry) (*T, error) {
	var v T
	if err := json.Unmarshal(e.Payload, &v); err != nil {
		return nil, fmt.Errorf("payload of %s: %w", e.Kind, err)
	}
	return &v, nil
}

// execOne runs one statement and reports an error if it touched no row,
// which for a projection means the entry refers to a record that does not
// exist.
func execOne(ctx context.Context, q ledger.Querier, query string, args ...any) error {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("no row matched (%s)", query)
	}
	return nil
}
