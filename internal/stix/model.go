package stix

import (
	"encoding/json"
	"time"
	"unicode/utf8"
)

// SpecVersion is the STIX version of every object truce writes.
const SpecVersion = "2.1"

// Common holds the properties shared by the STIX domain and relationship
// objects truce writes (STIX 2.1 section 3.2).
type Common struct {
	Type              string         `json:"type"`
	SpecVersion       string         `json:"spec_version"`
	ID                string         `json:"id"`
	CreatedByRef      string         `json:"created_by_ref,omitempty"`
	Created           string         `json:"created"`
	Modified          string         `json:"modified"`
	ObjectMarkingRefs []string       `json:"object_marking_refs,omitempty"`
	Extensions        map[string]any `json:"extensions,omitempty"`
}

// Identity is a STIX identity SDO: truce writes one per party
// (identity_class organization) and one for itself (system).
type Identity struct {
	Common
	Name          string `json:"name"`
	Description   string `json:"description,omitempty"`
	IdentityClass string `json:"identity_class"`
}

// Incident is a STIX incident SDO. STIX 2.1 defines only name and
// description; truce's fields are in the IncidentExtension.
type Incident struct {
	Common
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// Location is a STIX location SDO given by a point; Precision is the radius
// in metres within which the point is known.
type Location struct {
	Common
	Name      string   `json:"name,omitempty"`
	Latitude  float64  `json:"latitude"`
	Longitude float64  `json:"longitude"`
	Precision *float64 `json:"precision,omitempty"`
}

// Relationship is a STIX relationship SRO.
type Relationship struct {
	Common
	RelationshipType string `json:"relationship_type"`
	SourceRef        string `json:"source_ref"`
	TargetRef        string `json:"target_ref"`
}

// Opinion is a STIX opinion SDO: truce writes one per joint assessment.
type Opinion struct {
	Common
	Explanation string   `json:"explanation,omitempty"`
	Authors     []string `json:"authors,omitempty"`
	Opinion     string   `json:"opinion"`
	ObjectRefs  []string `json:"object_refs"`
}

// Note is a STIX note SDO: truce writes one per source of a report.
type Note struct {
	Common
	Abstract   string   `json:"abstract,omitempty"`
	Content    string   `json:"content"`
	ObjectRefs []string `json:"object_refs"`
}

// ExtensionDefinition is a STIX extension-definition object (STIX 2.1
// section 7.3).
type ExtensionDefinition struct {
	Common
	Name           string   `json:"name"`
	Description    string   `json:"description,omitempty"`
	Schema         string   `json:"schema"`
	Version        string   `json:"version"`
	ExtensionTypes []string `json:"extension_types"`
}

// MarkingDefinition is a STIX marking-definition object: a TLP 2.0 marking
// (an extension, no definition) or a statement marking.
type MarkingDefinition struct {
	Type           string         `json:"type"`
	SpecVersion    string         `json:"spec_version"`
	ID             string         `json:"id"`
	CreatedByRef   string         `json:"created_by_ref,omitempty"`
	Created        string         `json:"created"`
	Name           string         `json:"name,omitempty"`
	DefinitionType string         `json:"definition_type,omitempty"`
	Definition     *Statement     `json:"definition,omitempty"`
	Extensions     map[string]any `json:"extensions,omitempty"`
}

// Statement is the definition of a statement marking.
type Statement struct {
	Statement string `json:"statement"`
}

// Timestamp formats t as a STIX timestamp with millisecond precision, as
// the created and modified properties require.
func Timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// TimestampOf reformats an RFC 3339 time as a STIX timestamp; it returns
// fallback if s does not parse.
func TimestampOf(s, fallback string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fallback
	}
	return Timestamp(t)
}

// rawObject is an object read from a bundle: its common properties and
// its JSON.
type rawObject struct {
	Type              string                     `json:"type"`
	ID                string                     `json:"id"`
	SpecVersion       string                     `json:"spec_version"`
	Created           string                     `json:"created"`
	Modified          string                     `json:"modified"`
	CreatedByRef      string                     `json:"created_by_ref"`
	ObjectMarkingRefs []string                   `json:"object_marking_refs"`
	Extensions        map[string]json.RawMessage `json:"extensions"`
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }
