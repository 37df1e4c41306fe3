package stix

import (
	"encoding/json"

	"truce/internal/incidents"
)

// fixedCreated is the created (and modified) time of the objects that do
// not come from a record: truce's identity, its extension definition and
// audience markings. It MUST NOT change: their ids are fixed.
const fixedCreated = "2026-01-01T00:00:00.000Z"

// SystemIdentityID is the identity of truce itself, the creator of its
// extension definition and audience markings.
var SystemIdentityID = ID("identity", "truce")

// ExtensionID is the id of truce's property extension, which carries
// truce's incident fields on incident SDOs and a source's rating on note
// SDOs: extension-definition--5ee21511-abf2-593f-bae1-219ae2bb6328, as
// documented in the README ("STIX 2.1 and zone import"). A test pins it.
var ExtensionID = ID("extension-definition", "truce-incident-v1")

// SystemIdentity returns truce's own identity object.
func SystemIdentity() Identity {
	return Identity{Common: Common{Type: "identity", SpecVersion: SpecVersion, ID: SystemIdentityID, Created: fixedCreated,
		Modified: fixedCreated}, Name: "truce", IdentityClass: "system",
		Description: "truce, the shared record of a joint ceasefire-monitoring and deconfliction centre"}
}

// Extension returns the extension-definition object of ExtensionID; a
// bundle that uses the extension includes it (STIX 2.1 section 7.3).
func Extension() ExtensionDefinition {
	return ExtensionDefinition{Common: Common{Type: "extension-definition", SpecVersion: SpecVersion, ID: ExtensionID,
		CreatedByRef: SystemIdentityID, Created: fixedCreated, Modified: fixedCreated},
		Name:        "truce incident fields",
		Description: "Fields of a truce incident report that STIX 2.1 incident and note objects do not carry.",
		Schema: "Plain text. On incident: truce_id, external_id, category, status, time_start, time_end, time_precision " +
			"(exact, hour, day, week), location_precision (exact, 1km, 5km, town, district, governorate), place_name, " +
			"geometry (GeoJSON Polygon when the location is an area), perpetrator (unknown, party:<id> or group:<name>), " +
			"casualties (list of {outcome, group, min, max, source}), killed, injured (conservative totals), " +
			"reporting_party, reported_at, origin (the party node's log that holds the report), tlp and audience (the releasability), finding (the layer the finding has reached, in words), " +
			"fact_status (none, alleged, under_investigation, established), attribution (attributed, disputed, undetermined). On note: source_name, reliability " +
			"(Admiralty A-F), credibility (Admiralty 1-6), url, note.",
		Version: "1.0.0", ExtensionTypes: []string{"property-extension"}}
}

// PartyIdentityID returns the id of the identity object of a party.
func PartyIdentityID(party string) string { return ID("identity", "party:"+party) }

// IncidentExtension is the content of ExtensionID on an incident SDO.
type IncidentExtension struct {
	ExtensionType     string               `json:"extension_type"`
	TruceID           string               `json:"truce_id,omitempty"`
	ExternalID        string               `json:"external_id,omitempty"`
	Category          string               `json:"category"`
	Status            string               `json:"status,omitempty"`
	TimeStart         string               `json:"time_start"`
	TimeEnd           string               `json:"time_end,omitempty"`
	TimePrecision     string               `json:"time_precision"`
	LocationPrecision string               `json:"location_precision,omitempty"`
	PlaceName         string               `json:"place_name,omitempty"`
	Geometry          json.RawMessage      `json:"geometry,omitempty"`
	Perpetrator       string               `json:"perpetrator,omitempty"`
	Casualties        []incidents.Casualty `json:"casualties,omitempty"`
	Killed            int                  `json:"killed"`
	Injured           int                  `json:"injured"`
	ReportingParty    string               `json:"reporting_party,omitempty"`
	ReportedAt        string               `json:"reported_at,omitempty"`
	// Origin is the origin (party node's log) that holds the report.
	Origin   string   `json:"origin,omitempty"`
	TLP      string   `json:"tlp,omitempty"`
	Audience []string `json:"audience,omitempty"`
	// Finding is the layer the finding has reached, in words ("fact
	// established by the monitors; attribution disputed; us: accepts, ru:
	// rejects"); FactStatus and Attribution are its fields (package findings).
	Finding     string `json:"finding,omitempty"`
	FactStatus  string `json:"fact_status,omitempty"`
	Attribution string `json:"attribution,omitempty"`
}

// SourceExtension is the content of ExtensionID on a note SDO.
type SourceExtension struct {
	ExtensionType string `json:"extension_type"`
	SourceName    string `json:"source_name"`
	Reliability   string `json:"reliability"`
	Credibility   int    `json:"credibility"`
	URL           string `json:"url,omitempty"`
	Note          string `json:"note,omitempty"`
}

// precisionMetres is the radius in metres of each location precision.
var precisionMetres = map[string]float64{"exact": 10, "1km": 1000, "5km": 5000, "town": 10_000, "district": 30_000,
	"governorate": 100_000}
