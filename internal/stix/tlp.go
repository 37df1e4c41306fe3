package stix

import (
	"strings"

	"truce/internal/access"
)

// TLPExtensionID is the OASIS-published STIX extension that defines the
// TLP 2.0 marking definitions.
const TLPExtensionID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

// tlpCreator is the identity that published the TLP 2.0 marking
// definitions (as in the OASIS common objects).
const tlpCreator = "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01"

// tlpCreated is the created time of the published TLP 2.0 markings.
const tlpCreated = "2022-10-01T00:00:00.000Z"

// tlp2IDs are the fixed ids OASIS published for the TLP 2.0 markings.
var tlp2IDs = map[access.TLP]string{
	access.TLPClear:       "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
	access.TLPGreen:       "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
	access.TLPAmber:       "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
	access.TLPAmberStrict: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
	access.TLPRed:         "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

// tlp1IDs are the STIX 2.1 TLP 1.0 markings, accepted on import only
// (WHITE is read as CLEAR).
var tlp1IDs = map[string]access.TLP{
	"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": access.TLPClear,
	"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": access.TLPGreen,
	"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": access.TLPAmber,
	"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": access.TLPRed,
}

// TLPMarking returns the OASIS-published TLP 2.0 marking definition of
// label t, exactly as published (id, creator, created time, extension), and
// false for an unknown label.
func TLPMarking(t access.TLP) (MarkingDefinition, bool) {
	id, ok := tlp2IDs[t]
	if !ok {
		return MarkingDefinition{}, false
	}
	return MarkingDefinition{Type: "marking-definition", SpecVersion: SpecVersion, ID: id, CreatedByRef: tlpCreator,
		Created: tlpCreated, Name: "TLP:" + string(t),
		Extensions: map[string]any{TLPExtensionID: map[string]string{
			"extension_type": "property-extension", "tlp_2_0": strings.ToLower(string(t))}}}, true
}

// TLPOf returns the label of a TLP marking definition id (TLP 2.0, or TLP
// 1.0 with WHITE read as CLEAR), and false for any other id.
func TLPOf(markingID string) (access.TLP, bool) {
	for t, id := range tlp2IDs {
		if id == markingID {
			return t, true
		}
	}
	t, ok := tlp1IDs[markingID]
	return t, ok
}

// tlpOfValue maps a tlp_2_0 extension value ("clear", "amber+strict", …)
// to its label.
func tlpOfValue(v string) (access.TLP, bool) {
	t := access.TLP(strings.ToUpper(v))
	return t, t.Valid()
}

// AudienceMarking returns the statement marking that names the audience
// of an AMBER, AMBER+STRICT or RED record: "Releasable only to the
// following parties of the truce centre: a, b." Its id is derived from
// the audience and its content is fixed, so equal audiences share one
// marking and re-exports repeat it exactly.
func AudienceMarking(audience []string) MarkingDefinition {
	list := strings.Join(audience, ", ")
	return MarkingDefinition{Type: "marking-definition", SpecVersion: SpecVersion, ID: ID("marking-definition", "audience:"+list),
		CreatedByRef: SystemIdentityID, Created: fixedCreated, Name: "truce audience: " + list, DefinitionType: "statement",
		Definition: &Statement{Statement: "Releasable only to the following parties of the truce centre: " + list + "."}}
}

// Markings returns the marking definitions that apply to a record with
// releasability r: its TLP 2.0 marking and, for a restricted label with an
// audience, the audience statement.
func Markings(r access.Releasability) []MarkingDefinition {
	var out []MarkingDefinition
	if m, ok := TLPMarking(r.TLP); ok {
		out = append(out, m)
	}
	if r.Sensitive() && len(r.Audience) > 0 {
		out = append(out, AudienceMarking(r.Audience))
	}
	return out
}
