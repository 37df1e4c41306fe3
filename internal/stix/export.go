package stix

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/findings"
	"truce/internal/geo"
	"truce/internal/incidents"
)

// Exporter writes incidents as STIX objects into a streaming bundle.
type Exporter struct {
	w *Writer
	// marks caches the marking ids of each releasability seen, and
	// parties the identity id of each party: both are bounded by the
	// centre's parties, not by the number of incidents.
	marks   map[string][]string
	parties map[string]string
}

// NewExporter starts a bundle on w with truce's identity and extension
// definition.
func NewExporter(w io.Writer, bundleID string) (*Exporter, error) {
	bw, err := NewWriter(w, bundleID)
	if err != nil {
		return nil, err
	}
	e := &Exporter{w: bw, marks: map[string][]string{}, parties: map[string]string{}}
	if err := bw.Once(SystemIdentityID, SystemIdentity()); err != nil {
		return nil, err
	}
	if err := bw.Once(ExtensionID, Extension()); err != nil {
		return nil, err
	}
	return e, nil
}

// IncidentID returns the STIX id of incident in: its external id when that
// is a STIX incident id (it came from a STIX import), else the UUIDv5 of
// its truce id.
func IncidentID(in *incidents.Incident) string {
	if ValidID(in.ExternalID, "incident") {
		return strings.ToLower(in.ExternalID)
	}
	return ID("incident", in.ID)
}

// Incident writes in (which the caller has already checked the reader may
// see) as an incident, its location and located-at relationship, its
// reporting party's identity, its assessments as opinions and its sources
// as notes, all marked with its releasability.
func (e *Exporter) Incident(in *incidents.Incident) error { return e.incident(in, nil) }

// incident writes in; with f (its finding as the reader may see it) the
// opinions are the parties' positions and the extension names the layer.
func (e *Exporter) incident(in *incidents.Incident, f *findings.View) error {
	incID := IncidentID(in)
	created := TimestampOf(in.ReportedAt, fixedCreated)
	modified := created
	for _, a := range in.Assessments {
		if t := TimestampOf(a.Time, created); t > modified {
			modified = t
		}
	}
	marks, err := e.markings(in.Release)
	if err != nil {
		return err
	}
	reporter, err := e.partyIdentity(in.Party)
	if err != nil {
		return err
	}
	common := func(typ, id, by, created, modified string) Common {
		return Common{Type: typ, SpecVersion: SpecVersion, ID: id, CreatedByRef: by, Created: created, Modified: modified,
			ObjectMarkingRefs: marks}
	}
	loc, locPrec, geometry, err := location(in)
	if err != nil {
		return fmt.Errorf("stix: incident %s: %w", in.ID, err)
	}
	ext := IncidentExtension{ExtensionType: "property-extension", TruceID: in.ID, ExternalID: in.ExternalID,
		Category: string(in.Category), Status: string(in.Status), TimeStart: in.Time.Start, TimeEnd: in.Time.End,
		TimePrecision: in.Time.Precision, LocationPrecision: in.LocationPrecision, PlaceName: in.PlaceName,
		Geometry: geometry, Perpetrator: in.Perpetrator.Key(), Casualties: in.Casualties, Killed: in.Killed,
		Injured: in.Injured, ReportingParty: in.Party, ReportedAt: in.ReportedAt, Origin: in.Origin, TLP: string(in.Release.TLP),
		Audience: in.Release.Audience}
	if f != nil {
		ext.Finding, ext.FactStatus, ext.Attribution = f.Status.Label, f.Status.Fact, f.Status.Attribution
	}
	c := common("incident", incID, reporter, created, modified)
	c.Extensions = map[string]any{ExtensionID: ext}
	if err := e.w.Write(Incident{Common: c, Name: incidentName(in, loc), Description: in.Narrative}); err != nil {
		return err
	}
	locID := ID("location", incID)
	prec := locPrec
	if err := e.w.Write(Location{Common: common("location", locID, reporter, created, created), Name: in.PlaceName,
		Latitude: round7(loc[1]), Longitude: round7(loc[0]), Precision: &prec}); err != nil {
		return err
	}
	if err := e.w.Write(Relationship{Common: common("relationship", ID("relationship", incID+":located-at"), reporter, created, created),
		RelationshipType: "located-at", SourceRef: incID, TargetRef: locID}); err != nil {
		return err
	}
	if f != nil {
		if err := e.positions(incID, in.Round, created, f, common); err != nil {
			return err
		}
	}
	for _, a := range in.Assessments {
		if f != nil {
			break // read as positions above
		}
		t := TimestampOf(a.Time, created)
		by, err := e.partyIdentity(a.Party)
		if err != nil {
			return err
		}
		op := Opinion{Common: common("opinion", ID("opinion", incID+":"+strconv.Itoa(in.Round)+":"+a.Party), by, t, t),
			Explanation: a.Reasoning, Opinion: OpinionOf(a.Verdict), ObjectRefs: []string{incID}}
		if a.Author != "" {
			op.Authors = []string{a.Author}
		}
		if err := e.w.Write(op); err != nil {
			return err
		}
	}
	for k, s := range in.Sources {
		c := common("note", ID("note", incID+":source:"+strconv.Itoa(k)), reporter, created, created)
		c.Extensions = map[string]any{ExtensionID: SourceExtension{ExtensionType: "property-extension", SourceName: s.Name,
			Reliability: s.Reliability, Credibility: s.Credibility, URL: s.URL, Note: s.Note}}
		if err := e.w.Write(Note{Common: c, Abstract: s.Name, Content: sourceContent(s), ObjectRefs: []string{incID}}); err != nil {
			return err
		}
	}
	return nil
}

// markings writes the marking definitions of r (once per bundle) and
// returns their ids.
func (e *Exporter) markings(r access.Releasability) ([]string, error) {
	key := string(r.TLP) + "|" + strings.Join(r.Audience, ",")
	if ids, ok := e.marks[key]; ok {
		return ids, nil
	}
	var ids []string
	for _, m := range Markings(r) {
		if err := e.w.Once(m.ID, m); err != nil {
			return nil, err
		}
		ids = append(ids, m.ID)
	}
	e.marks[key] = ids
	return ids, nil
}

// partyIdentity writes the identity of party (once per bundle) and
// returns its id.
func (e *Exporter) partyIdentity(party string) (string, error) {
	if id, ok := e.parties[party]; ok {
		return id, nil
	}
	id := PartyIdentityID(party)
	e.parties[party] = id
	return id, e.w.Once(id, Identity{Common: Common{Type: "identity", SpecVersion: SpecVersion, ID: id, CreatedByRef: SystemIdentityID,
		Created: fixedCreated, Modified: fixedCreated}, Name: party, IdentityClass: "organization",
		Description: "Party " + party + " of the truce centre"})
}

// Flush sends the buffered part of the bundle to the underlying writer.
func (e *Exporter) Flush() error { return e.w.Flush() }

// Close ends the bundle.
func (e *Exporter) Close() error { return e.w.Close() }

// OpinionOf maps a verdict to a STIX opinion: confirmed → agree, rejected
// → disagree, needs_information → neutral.
func OpinionOf(v incidents.Verdict) string {
	switch v {
	case incidents.VerdictConfirmed:
		return "agree"
	case incidents.VerdictRejected:
		return "disagree"
	}
	return "neutral"
}

// admiralty names the grades of the Admiralty scale.
var (
	reliabilityNames = map[string]string{"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
		"D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
	credibilityNames = map[int]string{1: "confirmed by other sources", 2: "probably true", 3: "possibly true",
		4: "doubtful", 5: "improbable", 6: "truth cannot be judged"}
)

func sourceContent(s incidents.Source) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Source: %s. Admiralty rating %s%d: reliability %s (%s), credibility %d (%s).", s.Name, s.Reliability,
		s.Credibility, s.Reliability, reliabilityNames[s.Reliability], s.Credibility, credibilityNames[s.Credibility])
	if s.URL != "" {
		b.WriteString(" " + s.URL)
	}
	if s.Note != "" {
		b.WriteString(" " + s.Note)
	}
	return b.String()
}

// location returns the point that stands for an incident's location, its
// precision in metres and, for an area, its GeoJSON.
func location(in *incidents.Incident) (orb.Point, float64, json.RawMessage, error) {
	g, err := incidents.DecodeLocation(in.Location)
	if err != nil {
		return orb.Point{}, 0, nil, err
	}
	prec, ok := precisionMetres[in.LocationPrecision]
	if !ok {
		prec = precisionMetres["exact"]
	}
	switch t := g.(type) {
	case orb.Point:
		return t, prec, nil, nil
	case orb.Polygon:
		b := t.Bound()
		c := b.Center()
		return c, math.Max(prec, math.Ceil(geo.Distance(c, b.Max))), in.Location, nil
	}
	return orb.Point{}, 0, nil, fmt.Errorf("location of type %T", g)
}

func round7(x float64) float64 { return math.Round(x*1e7) / 1e7 }

func incidentName(in *incidents.Incident, p orb.Point) string {
	where := in.PlaceName
	if where == "" {
		where = fmt.Sprintf("%.4f, %.4f", p[1], p[0])
	}
	day, _, _ := strings.Cut(in.Time.Start, "T")
	return fmt.Sprintf("%s near %s on %s", strings.ReplaceAll(string(in.Category), "_", " "), where, day)
}
