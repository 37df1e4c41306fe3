package stix

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"truce/internal/agreements"
	"truce/internal/agreements/rules"
	"truce/internal/geo"
)

// TermsExtensionID is the id of truce's property extension for the terms
// of the ceasefire (agreements, obligations, safe passages and breaches),
// documented in the README ("STIX 2.1 export of the terms"). It is a
// second extension, so that the incident extension's id and definition
// stay as they were. A test pins it.
var TermsExtensionID = ID("extension-definition", "truce-terms-v1")

// TermsExtension returns the extension-definition object of
// TermsExtensionID.
func TermsExtension() ExtensionDefinition {
	return ExtensionDefinition{Common: Common{Type: "extension-definition", SpecVersion: SpecVersion, ID: TermsExtensionID,
		CreatedByRef: SystemIdentityID, Created: fixedCreated, Modified: fixedCreated},
		Name:        "truce terms fields",
		Description: "Fields of truce's agreements, obligations, safe passages and breaches that STIX 2.1 grouping, note, location and relationship objects do not carry.",
		Schema: "Plain text. On grouping (context truce-agreement, an agreement): agreement_id, version, status (proposed, scheduled, " +
			"in_force, expired), parties, effective_from, effective_until, agreed_by, pending, document_sha256, party, origin, tlp, audience. " +
			"On note (an obligation, object_refs naming its agreement): agreement_id, obligation, rule_kind (no_weapons_in_zone, " +
			"withdrawal_behind_line, no_flights_below, no_fire_near_sites), zone_id, parties_bound, from, until, classes, min_altitude_ft, radius_km. " +
			"On location (a safe passage or local ceasefire): passage_id, version, kind, status, geometry (GeoJSON route or area), window_from, " +
			"window_until, traffic, vehicles, parties, guaranteed_by, missing_to_open, agreement_id, party, origin, tlp, audience. " +
			"On relationship (relationship_type breaches, from an incident to the obligation it breaks, as truce's rule judged it): " +
			"agreement_id, version, obligation, source, event_id, party (the party the event is attributed to), event_time.",
		Version: "1.0.0", ExtensionTypes: []string{"property-extension"}}
}

// Lists are left out when empty: STIX 2.1 lists MUST NOT be empty.

// AgreementExtension is the content of TermsExtensionID on the grouping
// of an agreement.
type AgreementExtension struct {
	ExtensionType  string   `json:"extension_type"`
	AgreementID    string   `json:"agreement_id"`
	Version        int      `json:"version"`
	Status         string   `json:"status"`
	Parties        []string `json:"parties,omitempty"`
	EffectiveFrom  string   `json:"effective_from"`
	EffectiveUntil string   `json:"effective_until,omitempty"`
	AgreedBy       []string `json:"agreed_by,omitempty"`
	Pending        []string `json:"pending,omitempty"`
	DocumentSHA256 string   `json:"document_sha256,omitempty"`
	Party          string   `json:"party"`
	Origin         string   `json:"origin,omitempty"`
	TLP            string   `json:"tlp"`
	Audience       []string `json:"audience,omitempty"`
}

// ObligationExtension is the content of TermsExtensionID on the note of
// an obligation.
type ObligationExtension struct {
	ExtensionType string   `json:"extension_type"`
	AgreementID   string   `json:"agreement_id"`
	Obligation    string   `json:"obligation"`
	RuleKind      string   `json:"rule_kind"`
	ZoneID        string   `json:"zone_id,omitempty"`
	PartiesBound  []string `json:"parties_bound,omitempty"`
	From          string   `json:"from"`
	Until         string   `json:"until,omitempty"`
	Classes       []string `json:"classes,omitempty"`
	MinAltitudeFt float64  `json:"min_altitude_ft,omitempty"`
	RadiusKm      float64  `json:"radius_km,omitempty"`
}

// PassageExtension is the content of TermsExtensionID on the location of
// a safe passage or local ceasefire.
type PassageExtension struct {
	ExtensionType string          `json:"extension_type"`
	PassageID     string          `json:"passage_id"`
	Version       int             `json:"version"`
	Kind          string          `json:"kind"`
	Status        string          `json:"status"`
	Geometry      json.RawMessage `json:"geometry,omitempty"`
	WindowFrom    string          `json:"window_from,omitempty"`
	WindowUntil   string          `json:"window_until,omitempty"`
	Traffic       []string        `json:"traffic,omitempty"`
	Vehicles      int             `json:"vehicles,omitempty"`
	Parties       []string        `json:"parties,omitempty"`
	GuaranteedBy  []string        `json:"guaranteed_by,omitempty"`
	MissingToOpen []string        `json:"missing_to_open,omitempty"`
	AgreementID   string          `json:"agreement_id,omitempty"`
	Party         string          `json:"party"`
	Origin        string          `json:"origin,omitempty"`
	TLP           string          `json:"tlp"`
	Audience      []string        `json:"audience,omitempty"`
}

// BreachExtension is the content of TermsExtensionID on the relationship
// of a breach.
type BreachExtension struct {
	ExtensionType string `json:"extension_type"`
	AgreementID   string `json:"agreement_id"`
	Version       int    `json:"version"`
	Obligation    string `json:"obligation"`
	Source        string `json:"source"`
	EventID       string `json:"event_id"`
	Party         string `json:"party,omitempty"`
	EventTime     string `json:"event_time"`
}

// Grouping is a STIX grouping SDO: truce writes one per agreement.
type Grouping struct {
	Common
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Context     string   `json:"context"`
	ObjectRefs  []string `json:"object_refs,omitempty"`
}

// AgreementContext is the grouping context of an agreement (the context
// vocabulary of STIX 2.1 is open).
const AgreementContext = "truce-agreement"

// AgreementID returns the STIX id of the grouping of agreement id: the
// same for every version (its modified time tells them apart).
func AgreementID(id string) string { return ID("grouping", id) }

// ObligationID returns the STIX id of the note of obligation key of
// agreement id.
func ObligationID(id, key string) string { return ID("note", id+":obligation:"+key) }

// PassageID returns the STIX id of the location of passage id.
func PassageID(id string) string { return ID("location", "passage:"+id) }

// startTerms writes the terms extension definition, once per bundle.
func (e *Exporter) startTerms() error { return e.w.Once(TermsExtensionID, TermsExtension()) }

// Agreement writes a (which the caller has already checked the reader may
// see, decorated as the agreements service reads it) as a grouping of its
// shown version (agreements.Shown) and a note per obligation, marked with
// its releasability, and each of breaches (the breaches of its current
// version the reader may see; those of live tracks are left out) as a
// relationship "breaches" from the incident to the obligation, marked with the narrower of the agreement's
// and the incident's releasability. incidentID names the STIX id of a
// breach's incident (IncidentID of the incident the reader may see).
func (e *Exporter) Agreement(a *agreements.Agreement, breaches []agreements.Breach, incidentID func(eventID string) string) error {
	v := agreements.Shown(a)
	if v == nil {
		return nil
	}
	if err := e.startTerms(); err != nil {
		return err
	}
	marks, err := e.markings(a.Release)
	if err != nil {
		return err
	}
	by, err := e.partyIdentity(a.Party)
	if err != nil {
		return err
	}
	created := TimestampOf(a.Created, fixedCreated)
	modified := TimestampOf(v.ProposedAt, created)
	if v.AgreedAt != "" {
		modified = TimestampOf(v.AgreedAt, modified)
	}
	if modified < created {
		modified = created
	}
	gid := AgreementID(a.ID)
	var refs []string
	for _, o := range v.Obligations {
		refs = append(refs, ObligationID(a.ID, o.Key))
	}
	for _, p := range v.Parties {
		id, err := e.partyIdentity(p)
		if err != nil {
			return err
		}
		refs = append(refs, id)
	}
	if len(refs) == 0 {
		refs = append(refs, by) // object_refs MUST NOT be empty
	}
	ext := AgreementExtension{ExtensionType: "property-extension", AgreementID: a.ID, Version: v.Version, Status: string(a.Status),
		Parties: v.Parties, EffectiveFrom: v.EffectiveFrom, EffectiveUntil: v.EffectiveUntil, AgreedBy: v.AgreedBy,
		Pending: v.Pending, Party: a.Party, Origin: a.Origin, TLP: string(a.Release.TLP), Audience: a.Release.Audience}
	if v.Document != nil {
		ext.DocumentSHA256 = v.Document.SHA256
	}
	c := Common{Type: "grouping", SpecVersion: SpecVersion, ID: gid, CreatedByRef: by, Created: created, Modified: modified,
		ObjectMarkingRefs: marks, Extensions: map[string]any{TermsExtensionID: ext}}
	if err := e.w.Write(Grouping{Common: c, Name: v.Title, Description: v.Text, Context: AgreementContext, ObjectRefs: refs}); err != nil {
		return err
	}
	for _, o := range v.Obligations {
		r := o.Rule
		c := Common{Type: "note", SpecVersion: SpecVersion, ID: ObligationID(a.ID, o.Key), CreatedByRef: by, Created: created,
			Modified: modified, ObjectMarkingRefs: marks, Extensions: map[string]any{TermsExtensionID: ObligationExtension{
				ExtensionType: "property-extension", AgreementID: a.ID, Obligation: o.Key, RuleKind: string(r.Kind), ZoneID: r.ZoneID,
				PartiesBound: r.Parties, From: r.From, Until: r.Until, Classes: r.Classes, MinAltitudeFt: r.MinAltitudeFt, RadiusKm: r.RadiusKm}}}
		if err := e.w.Write(Note{Common: c, Abstract: o.Title, Content: ruleText(o), ObjectRefs: []string{gid}}); err != nil {
			return err
		}
	}
	for _, b := range breaches {
		if b.Source != rules.SourceIncident {
			continue // a live track's breach has no STIX object to point from: tracks are not exported
		}
		if err := e.breach(a, &b, incidentID); err != nil {
			return err
		}
	}
	return nil
}

// breach writes b as a relationship from its incident to its obligation.
func (e *Exporter) breach(a *agreements.Agreement, b *agreements.Breach, incidentID func(string) string) error {
	marks, err := e.markings(b.Within(a.Release))
	if err != nil {
		return err
	}
	t := TimestampOf(b.EventTime, fixedCreated)
	c := Common{Type: "relationship", SpecVersion: SpecVersion,
		ID:           ID("relationship", a.ID+":"+b.Obligation+":breach:"+string(b.Source)+":"+b.EventID),
		CreatedByRef: SystemIdentityID, Created: t, Modified: t, ObjectMarkingRefs: marks,
		Extensions: map[string]any{TermsExtensionID: BreachExtension{ExtensionType: "property-extension", AgreementID: a.ID,
			Version: b.Version, Obligation: b.Obligation, Source: string(b.Source), EventID: b.EventID, Party: b.Party, EventTime: b.EventTime}}}
	return e.w.Write(Relationship{Common: c, RelationshipType: "breaches", SourceRef: incidentID(b.EventID),
		TargetRef: ObligationID(a.ID, b.Obligation)})
}

// Passage writes p (which the caller has already checked the reader may
// see, decorated as the agreements service reads it) as a location of its
// latest version: the centre of its route or area, with a precision that
// covers it, and the geometry itself in the extension.
func (e *Exporter) Passage(p *agreements.Passage) error {
	v := p.LatestVersion()
	if err := e.startTerms(); err != nil {
		return err
	}
	marks, err := e.markings(p.Release)
	if err != nil {
		return err
	}
	by, err := e.partyIdentity(p.Party)
	if err != nil {
		return err
	}
	var guaranteed []string
	for _, g := range p.Guarantees {
		if g.Version == v.Version {
			guaranteed = append(guaranteed, g.Party)
		}
	}
	created := TimestampOf(p.Created, fixedCreated)
	modified := TimestampOf(v.ProposedAt, created)
	if modified < created {
		modified = created
	}
	if len(v.Geometry) == 0 {
		return nil // a passage negotiated without a route yet has no location to write
	}
	g, err := geo.Decode(v.Geometry, geo.KindAny, geo.Limits{})
	if err != nil {
		return fmt.Errorf("stix: passage %s: %w", p.ID, err)
	}
	b := g.Bound()
	centre := b.Center()
	prec := math.Max(10, math.Ceil(geo.Distance(centre, b.Max)))
	loc := Location{Name: v.Name, Latitude: round7(centre[1]), Longitude: round7(centre[0]), Precision: &prec}
	loc.Common = Common{Type: "location", SpecVersion: SpecVersion, ID: PassageID(p.ID), CreatedByRef: by, Created: created,
		Modified: modified, ObjectMarkingRefs: marks, Extensions: map[string]any{TermsExtensionID: PassageExtension{
			ExtensionType: "property-extension", PassageID: p.ID, Version: v.Version, Kind: string(v.Kind), Status: string(p.Status),
			Geometry: v.Geometry, WindowFrom: v.WindowFrom, WindowUntil: v.WindowUntil, Traffic: v.Traffic, Vehicles: v.Vehicles,
			Parties: v.Parties, GuaranteedBy: guaranteed, MissingToOpen: p.Missing, AgreementID: v.AgreementID,
			Party: p.Party, Origin: p.Origin, TLP: string(p.Release.TLP), Audience: p.Release.Audience}}}
	return e.w.Write(loc)
}

// ruleText says an obligation's rule in words, for the note's content.
func ruleText(o agreements.ObligationSpec) string {
	r := o.Rule
	var b strings.Builder
	b.WriteString(strings.ReplaceAll(string(r.Kind), "_", " "))
	if len(r.Classes) > 0 {
		b.WriteString(" (" + strings.Join(r.Classes, ", ") + ")")
	}
	if r.ZoneID != "" {
		b.WriteString(", zone " + r.ZoneID)
	}
	if r.MinAltitudeFt > 0 {
		fmt.Fprintf(&b, ", below %g ft", r.MinAltitudeFt)
	}
	if r.RadiusKm > 0 {
		fmt.Fprintf(&b, ", within %g km of protected sites", r.RadiusKm)
	}
	b.WriteString(", from " + r.From)
	if r.Until != "" {
		b.WriteString(" until " + r.Until)
	}
	if len(r.Parties) > 0 {
		b.WriteString("; binds " + strings.Join(r.Parties, ", "))
	} else {
		b.WriteString("; binds every party")
	}
	return b.String() + "."
}
