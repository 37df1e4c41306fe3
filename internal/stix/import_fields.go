package stix

import (
	"slices"
	"strings"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/strictjson"
)

// precisionClass returns the finest location precision whose radius
// covers metres.
func precisionClass(metres float64) string {
	for _, c := range incidents.LocationPrecisions {
		if metres <= precisionMetres[c] {
			return c
		}
	}
	return "governorate"
}

// releasability reads the TLP marking of o.
func releasability(b *Bundle, o *Object, audience []string, be *BundleError) (access.Releasability, bool) {
	var found []access.TLP
	for _, ref := range o.ObjectMarkingRefs {
		t, ok := TLPOf(ref)
		if !ok {
			if m, in := b.Get(ref); in && m.Type == "marking-definition" {
				var md markingIn
				if strictjson.UnmarshalOpen(m.JSON, &md) == nil {
					t, ok = tlpOfValue(md.Extensions[TLPExtensionID].TLP)
				}
			}
		}
		if ok && !slices.Contains(found, t) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		be.add(o.ID, "object_marking_refs", "has no TLP marking; truce imports only records whose releasability is marked "+
			"(add a TLP 2.0 marking definition id, e.g. %s for TLP:AMBER)", tlp2IDs[access.TLPAmber])
		return access.Releasability{}, false
	case 1:
	default:
		be.add(o.ID, "object_marking_refs", "has %d different TLP markings (%v); keep one", len(found), found)
		return access.Releasability{}, false
	}
	r := access.Releasability{TLP: found[0]}
	if r.Sensitive() {
		r.Audience = audience
	}
	return r, true
}

// source reads a note as a source.
func source(o *Object, be *BundleError) (incidents.Source, bool) {
	var n noteIn
	if err := strictjson.UnmarshalOpen(o.JSON, &n); err != nil {
		be.add(o.ID, "", "%s", jsonProblem(err))
		return incidents.Source{}, false
	}
	if raw, ok := o.Extensions[ExtensionID]; ok {
		var ext SourceExtension
		if err := strictjson.UnmarshalOpen(raw, &ext); err != nil {
			be.add(o.ID, "extensions."+ExtensionID, "%s", jsonProblem(err))
			return incidents.Source{}, false
		}
		return incidents.Source{Name: ext.SourceName, Reliability: ext.Reliability, Credibility: ext.Credibility,
			URL: ext.URL, Note: ext.Note}, true
	}
	name := strings.TrimSpace(n.Abstract)
	if name == "" {
		name = strings.TrimSpace(n.Content)
	}
	if len(name) > 200 {
		name = name[:200]
		for !utf8Valid(name) {
			name = name[:len(name)-1]
		}
	}
	return incidents.Source{Name: name, Reliability: "F", Credibility: 6, Note: truncate(n.Content, 2000)}, true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8Valid(s) {
		s = s[:len(s)-1]
	}
	return s
}

// ErrorField maps a field of an incident validation error to where it
// lives in the STIX object ("narrative" is the description, and so on).
func ErrorField(field string) string {
	ext := "extensions." + ExtensionID + "."
	switch {
	case field == "narrative":
		return "description"
	case field == "external_id":
		return "id"
	case strings.HasPrefix(field, "location"):
		return "location (located-at): " + field
	case strings.HasPrefix(field, "time."):
		return ext + "time_" + strings.TrimPrefix(field, "time.")
	case strings.HasPrefix(field, "releasability"):
		return "object_marking_refs / " + ext + "audience: " + field
	case strings.HasPrefix(field, "sources"):
		return "note (source): " + field
	case strings.HasPrefix(field, "perpetrator"):
		return ext + "perpetrator"
	}
	return ext + field
}
