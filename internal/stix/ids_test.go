package stix

import (
	"testing"

	"truce/internal/access"
	"truce/internal/incidents"
)

func verdict(s string) incidents.Verdict { return incidents.Verdict(s) }

func TestUUID5MatchesRFC9562(t *testing.T) {
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	// The well-known UUIDv5 of "python.org" in the DNS namespace.
	if got := formatUUID(uuid5(dns, "python.org")); got != "886313e1-3b8a-5372-9b90-0c9aee199e5d" {
		t.Fatalf("uuid5 = %s", got)
	}
}

// TestFixedIDs pins the ids other systems may have stored: changing them
// would duplicate every record on re-import.
func TestFixedIDs(t *testing.T) {
	cases := map[string]string{
		ExtensionID:      "extension-definition--5ee21511-abf2-593f-bae1-219ae2bb6328",
		SystemIdentityID: "identity--54818691-e2f3-5103-87a5-41fb173b2450",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("id %s, want %s", got, want)
		}
	}
	if ID("incident", "inc_1") != ID("incident", "inc_1") || ID("incident", "inc_1") == ID("incident", "inc_2") {
		t.Error("ID is not a function of its input")
	}
	for _, id := range []string{ID("incident", "x"), ID("bundle", "y")} {
		if !ValidID(id, "") {
			t.Errorf("%s is not a valid STIX id", id)
		}
	}
}

func TestValidID(t *testing.T) {
	cases := []struct {
		id, typ string
		ok      bool
	}{
		{"incident--886313e1-3b8a-5372-9b90-0c9aee199e5d", "incident", true},
		{"incident--886313e1-3b8a-5372-9b90-0c9aee199e5d", "location", false},
		{"incident--886313e1-3b8a-5372-9b90-0c9aee199e5", "", false},
		{"Incident--886313e1-3b8a-5372-9b90-0c9aee199e5d", "", false},
		{"incident-886313e1-3b8a-5372-9b90-0c9aee199e5d", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		if ValidID(c.id, c.typ) != c.ok {
			t.Errorf("ValidID(%q, %q) = %v", c.id, c.typ, !c.ok)
		}
	}
}

func TestTLPMarkingsRoundTrip(t *testing.T) {
	for _, l := range access.Labels {
		m, ok := TLPMarking(l)
		if !ok {
			t.Fatalf("no marking for %s", l)
		}
		if got, ok := TLPOf(m.ID); !ok || got != l {
			t.Errorf("TLPOf(%s) = %s, %v; want %s", m.ID, got, ok, l)
		}
	}
	if got, ok := TLPOf("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"); !ok || got != access.TLPClear {
		t.Errorf("TLP 1.0 WHITE read as %s, %v; want CLEAR", got, ok)
	}
	if _, ok := TLPMarking("PURPLE"); ok {
		t.Error("a marking for an unknown label")
	}
}
