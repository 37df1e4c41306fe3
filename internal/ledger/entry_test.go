package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
)

// TestSealDecodeRoundTrip checks that a sealed entry's canonical bytes
// decode back to the same entry and re-encode to the same bytes.
func TestSealDecodeRoundTrip(t *testing.T) {
	d := testDraft(7)
	d.Release = access.Releasability{TLP: access.TLPRed, Audience: []string{"un", "ru", "un"}}
	d.Payload = map[string]any{"z": 1.0, "a": []any{"é", "\u2028", 1e21}, "m": map[string]any{"y": nil, "x": true}}
	now := time.Date(2025, 3, 1, 12, 0, 0, 123456789, time.FixedZone("x", 3*3600))
	e, canon := sealDraft(t, &d, 42, now)
	if e.Version != EntryVersion || e.Seq != 42 || e.Time != "2025-03-01T09:00:00.123456789Z" || len(e.Salt) != 32 {
		t.Fatalf("sealed entry envelope: %+v", e)
	}
	if got, want := e.Release.Audience, []string{"ru", "un", "us"}; !equalStrings(got, want) {
		t.Fatalf("audience %v, want the normalised %v", got, want)
	}
	if string(e.Payload) != `{"a":["é","`+"\u2028"+`",1e+21],"m":{"x":true,"y":null},"z":1}` {
		t.Fatalf("payload not canonical: %s", e.Payload)
	}
	again, err := Canonicalize(canon)
	if err != nil || !bytes.Equal(again, canon) {
		t.Fatalf("sealed bytes are not canonical: %s", canon)
	}
	got, err := DecodeEntry(canon)
	if err != nil {
		t.Fatal(err)
	}
	recanon, err := got.Canonical()
	if err != nil || !bytes.Equal(recanon, canon) {
		t.Fatalf("decode/encode changed the bytes:\n%s\n%s", canon, recanon)
	}
	if !got.TimeValue().Equal(now) {
		t.Fatalf("TimeValue %v, want %v", got.TimeValue(), now)
	}
	if Commitment(canon) != Commitment(recanon) {
		t.Fatal("commitment changed")
	}
	// Two seals of the same draft differ by their salt.
	_, canon2 := sealDraft(t, &d, 42, now)
	if Commitment(canon) == Commitment(canon2) {
		t.Fatal("two seals of one draft have the same commitment: salt not random")
	}
}

func equalStrings(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00") && len(a) == len(b)
}

// TestDecodeEntryRejects checks that DecodeEntry refuses bytes that are not
// exactly the canonical form of an entry.
func TestDecodeEntryRejects(t *testing.T) {
	d := testDraft(1)
	_, canon := sealDraft(t, &d, 5, testTime)
	c := string(canon)
	var generic map[string]json.RawMessage
	if err := json.Unmarshal(canon, &generic); err != nil {
		t.Fatal(err)
	}
	indented, _ := json.MarshalIndent(generic, "", " ")
	tests := []struct {
		name string
		in   string
	}{
		{"indented", string(indented)},
		{"trailing newline", c + "\n"},
		{"leading space", " " + c},
		{"trailing garbage", c + "x"},
		{"second value", c + "{}"},
		{"unknown field", strings.Replace(c, `{"author"`, `{"aardvark":1,"author"`, 1)},
		{"unknown nested field", strings.Replace(c, `"release":{`, `"release":{"extra":1,`, 1)},
		{"members out of order", strings.Replace(c, `"v":1`, `"v":1,"a":0`, 1)},
		{"upper-case key", strings.Replace(c, `"seq":5`, `"SEQ":5`, 1)},
		{"duplicate key", strings.Replace(c, `"seq":5`, `"seq":5,"seq":5`, 1)},
		{"number not canonical", strings.Replace(c, `"seq":5`, `"seq":5.0`, 1)},
		{"number with exponent", strings.Replace(c, `"seq":5`, `"seq":5e0`, 1)},
		{"escaped letter", strings.Replace(c, `"party":"us"`, `"party":"\u0075s"`, 1)},
		{"payload not canonical", strings.Replace(c, `"payload":{"lat"`, `"payload":{ "lat"`, 1)},
		{"payload members reordered", strings.Replace(c, `"payload":{"lat":35.5,"lon":36.25`, `"payload":{"lon":36.25,"lat":35.5`, 1)},
		{"salt not canonical base64", strings.Replace(c, `"salt":"`, `"salt":"\r`, 1)},
		{"empty", ""},
		{"not an object", `[]`},
		{"null", `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.in == c {
				t.Fatal("test case did not change the canonical bytes")
			}
			if e, err := DecodeEntry([]byte(tt.in)); err == nil {
				t.Fatalf("DecodeEntry(%s) = %+v, want an error", tt.in, e)
			}
		})
	}
}

// TestDraftValidate checks the envelope rules of a draft.
func TestDraftValidate(t *testing.T) {
	ok := testDraft(0)
	tests := []struct {
		name    string
		edit    func(d *Draft)
		wantErr string
	}{
		{"valid", func(d *Draft) {}, ""},
		{"three-part kind", func(d *Draft) { d.Kind = "zone.version.agreed" }, ""},
		{"digits and underscores", func(d *Draft) { d.Kind = "air_2.conflict_detected" }, ""},
		{"clear without audience", func(d *Draft) { d.Release = access.Releasability{TLP: access.TLPClear} }, ""},
		{"no author is allowed", func(d *Draft) { d.Author = "" }, ""},
		{"kind without dot", func(d *Draft) { d.Kind = "incident" }, "not of the form"},
		{"empty kind", func(d *Draft) { d.Kind = "" }, "not of the form"},
		{"upper-case kind", func(d *Draft) { d.Kind = "Incident.reported" }, "not of the form"},
		{"kind with trailing dot", func(d *Draft) { d.Kind = "incident." }, "not of the form"},
		{"kind with leading digit", func(d *Draft) { d.Kind = "1incident.reported" }, "not of the form"},
		{"kind segment leading digit", func(d *Draft) { d.Kind = "incident.2nd" }, "not of the form"},
		{"kind with hyphen", func(d *Draft) { d.Kind = "incident.re-ported" }, "not of the form"},
		{"kind with space", func(d *Draft) { d.Kind = "incident.reported " }, "not of the form"},
		{"kind with newline", func(d *Draft) { d.Kind = "incident.reported\n" }, "not of the form"},
		{"no party", func(d *Draft) { d.Party = "" }, "no party"},
		{"no TLP", func(d *Draft) { d.Release = access.Releasability{} }, "releasability.tlp"},
		{"bad TLP", func(d *Draft) { d.Release.TLP = "AMBER-STRICT" }, "releasability.tlp"},
		{"lower-case TLP", func(d *Draft) { d.Release.TLP = "amber" }, "releasability.tlp"},
		{"empty audience member", func(d *Draft) { d.Release.Audience = []string{"ru", ""} }, "audience[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			d.Release.Audience = append([]string(nil), ok.Release.Audience...)
			tt.edit(&d)
			err := d.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate: %v, want an error mentioning %q", err, tt.wantErr)
			}
		})
	}
	var inv *fault.InvalidError
	d := ok
	d.Release.TLP = "PURPLE"
	if err := d.Validate(); !errors.As(err, &inv) {
		t.Fatalf("bad TLP: %T %v, want *fault.InvalidError", err, err)
	}
}

// TestPrepareRejectsBadPayload checks that a payload that cannot be encoded
// canonically is refused with the kind in the error.
func TestPrepareRejectsBadPayload(t *testing.T) {
	for _, p := range []any{func() {}, make(chan int), map[string]any{"x": json.RawMessage(`{"a":1,"a":2}`)}} {
		d := testDraft(0)
		d.Payload = p
		if _, err := d.prepare(); err == nil || !strings.Contains(err.Error(), d.Kind) {
			t.Errorf("prepare with payload %T: %v, want an error naming %s", p, err, d.Kind)
		}
	}
}
