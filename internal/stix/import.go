package stix

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"truce/internal/incidents"
	"truce/internal/strictjson"
)

// Import is what a bundle asks truce to create: one incident report per
// incident object, in bundle order, and each report's object id.
type Import struct {
	Rows []incidents.Row
	// Objects[k] is the STIX id of Rows[k] (Rows[k].Row is k+1).
	Objects []string
}

// Object returns the STIX id of the incident on 1-based row n ("" if out
// of range).
func (im *Import) Object(n int) string {
	if n < 1 || n > len(im.Objects) {
		return ""
	}
	return im.Objects[n-1]
}

type incidentIn struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	XLocationRef string `json:"x_truce_location_ref"`
}

type locationIn struct {
	Name      string   `json:"name"`
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
	Precision *float64 `json:"precision"`
}

type relationshipIn struct {
	RelationshipType string `json:"relationship_type"`
	SourceRef        string `json:"source_ref"`
	TargetRef        string `json:"target_ref"`
}

type noteIn struct {
	Abstract   string   `json:"abstract"`
	Content    string   `json:"content"`
	ObjectRefs []string `json:"object_refs"`
}

type markingIn struct {
	Extensions map[string]struct {
		TLP string `json:"tlp_2_0"`
	} `json:"extensions"`
}

// Incidents turns the incident objects of b into incident reports:
//   - the external id is the incident's STIX id, so importing a bundle
//     twice creates nothing new;
//   - the location is the location object the incident is located-at (by
//     relationship, or by an x_truce_location_ref property), or the exact
//     area in truce's extension; its precision class comes from the
//     extension, else from the location's precision in metres;
//   - the sources are the notes that refer to it (the Admiralty rating
//     from truce's extension; a note without it is rated F6, "cannot be
//     judged");
//   - the releasability is the incident's TLP marking (TLP 2.0, or TLP 1.0
//     with WHITE read as CLEAR) with the audience of truce's extension. An
//     incident with no TLP marking, or with two different ones, is refused:
//     truce never guesses who may see a record;
//   - without truce's extension the category is "other" and the time is the
//     object's created time, precise to the day.
//
// Opinions and identities are not imported: assessments are recorded by
// the co-chairs' analysts, and the importing party is the reporting party.
// It returns a *BundleError naming every incident it cannot map; the
// reports are validated later, by the incidents service.
func Incidents(b *Bundle) (*Import, error) {
	be := &BundleError{}
	locOf := map[string]string{}
	notesOf := map[string][]*Object{}
	for _, o := range b.Objects {
		switch o.Type {
		case "relationship":
			var r relationshipIn
			if strictjson.UnmarshalOpen(o.JSON, &r) == nil && r.RelationshipType == "located-at" && strings.HasPrefix(r.SourceRef, "incident--") {
				if _, dup := locOf[r.SourceRef]; !dup {
					locOf[r.SourceRef] = r.TargetRef
				}
			}
		case "note":
			var n noteIn
			if strictjson.UnmarshalOpen(o.JSON, &n) == nil {
				for _, ref := range slices.Compact(slices.Sorted(slices.Values(n.ObjectRefs))) {
					notesOf[ref] = append(notesOf[ref], o)
				}
			}
		}
	}
	im := &Import{}
	for _, o := range b.Objects {
		if o.Type != "incident" {
			continue
		}
		n, ok := mapIncident(b, o, locOf, notesOf, be)
		if !ok {
			continue
		}
		im.Objects = append(im.Objects, o.ID)
		im.Rows = append(im.Rows, incidents.Row{Row: len(im.Objects), Incident: *n})
	}
	if len(be.Errors) > 0 {
		return nil, be
	}
	if len(im.Rows) == 0 {
		be.add("bundle", "objects", "holds no incident object; nothing to import")
		return nil, be
	}
	return im, nil
}

func mapIncident(b *Bundle, o *Object, locOf map[string]string, notesOf map[string][]*Object, be *BundleError) (*incidents.NewIncident, bool) {
	bad := func(field, format string, args ...any) (*incidents.NewIncident, bool) {
		be.add(o.ID, field, format, args...)
		return nil, false
	}
	var in incidentIn
	if err := strictjson.UnmarshalOpen(o.JSON, &in); err != nil {
		return bad("", "%s", jsonProblem(err))
	}
	var ext IncidentExtension
	hasExt := false
	if raw, ok := o.Extensions[ExtensionID]; ok {
		if err := strictjson.UnmarshalOpen(raw, &ext); err != nil {
			return bad("extensions."+ExtensionID, "%s", jsonProblem(err))
		}
		hasExt = true
	}
	n := &incidents.NewIncident{ExternalID: o.ID, Narrative: in.Description}
	if strings.TrimSpace(n.Narrative) == "" {
		n.Narrative = in.Name
	}
	if hasExt {
		n.Category = incidents.Category(ext.Category)
		n.Time = incidents.TimeSpan{Start: ext.TimeStart, End: ext.TimeEnd, Precision: ext.TimePrecision}
		n.LocationPrecision, n.PlaceName = ext.LocationPrecision, ext.PlaceName
		n.Casualties = ext.Casualties
		switch p := ext.Perpetrator; {
		case p == "" || p == "unknown":
			n.Perpetrator = incidents.Perpetrator{Kind: "unknown"}
		case strings.HasPrefix(p, "party:"):
			n.Perpetrator = incidents.Perpetrator{Kind: "party", Party: strings.TrimPrefix(p, "party:")}
		case strings.HasPrefix(p, "group:"):
			n.Perpetrator = incidents.Perpetrator{Kind: "group", Group: strings.TrimPrefix(p, "group:")}
		default:
			return bad("extensions."+ExtensionID+".perpetrator", "%q is not unknown, party:<id> or group:<name>", p)
		}
	} else {
		n.Category = incidents.CategoryOther
		t, err := time.Parse(time.RFC3339Nano, o.Created)
		if err != nil {
			return bad("created", "%q is not a STIX timestamp, and without truce's extension it is the incident's time", o.Created)
		}
		n.Time = incidents.TimeSpan{Start: t.UTC().Format(time.RFC3339), Precision: incidents.TimeDay}
		n.Perpetrator = incidents.Perpetrator{Kind: "unknown"}
	}
	if len(ext.Geometry) > 0 && string(ext.Geometry) != "null" {
		n.Location = ext.Geometry
	} else {
		locID := locOf[o.ID]
		if in.XLocationRef != "" {
			locID = in.XLocationRef
		}
		if locID == "" {
			return bad("location", "no location: relate a location object to the incident with a located-at relationship")
		}
		lo, ok := b.Get(locID)
		if !ok || lo.Type != "location" {
			return bad("location", "located-at %s, which is not a location object of the bundle", locID)
		}
		var l locationIn
		if err := strictjson.UnmarshalOpen(lo.JSON, &l); err != nil {
			return bad("location", "%s: %s", locID, jsonProblem(err))
		}
		if l.Latitude == nil || l.Longitude == nil {
			return bad("location", "%s has no latitude and longitude; truce needs a point", locID)
		}
		n.Location, _ = json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{*l.Longitude, *l.Latitude}})
		if n.LocationPrecision == "" && l.Precision != nil {
			n.LocationPrecision = precisionClass(*l.Precision)
		}
		if n.PlaceName == "" {
			n.PlaceName = l.Name
		}
	}
	rel, ok := releasability(b, o, ext.Audience, be)
	if !ok {
		return nil, false
	}
	n.Releasability = &rel
	for _, no := range notesOf[o.ID] {
		s, ok := source(no, be)
		if !ok {
			return nil, false
		}
		n.Sources = append(n.Sources, s)
	}
	return n, true
}
