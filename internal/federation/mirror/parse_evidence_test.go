package mirror

import (
	"encoding/json"
	"reflect"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// FuzzParseEvidence checks that any bytes are either refused by
// ParseEvidence or give a record of a known kind that encodes and parses
// back to itself, and that VerifyEvidence of it neither panics nor
// proves anything against a key that signed nothing in it. Seeds are in
// testdata/fuzz/FuzzParseEvidence (a drift record among them).
func FuzzParseEvidence(f *testing.F) {
	f.Add([]byte(`{"id":"ev_1","origin":"o","kind":"drift","checkpoints":["AA=="],"tolerance":300000000000}`))
	f.Add([]byte(`{"id":"ev_1","origin":"o","kind":"fork","checkpoints":[]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"id":"x","origin":"o","kind":"drift","checkpoints":["AA=="]} {}`))
	_, vkey, err := note.GenerateKey(nil, "fuzz.truce.example/log")
	if err != nil {
		f.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		f.Fatal(err)
	}
	peer := Peer{Party: "us", Origin: v.Name(), LogKey: v, Quorum: 1}
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := ParseEvidence(b)
		if err != nil {
			return
		}
		if ev.ID == "" || ev.Origin == "" || len(ev.Checkpoints) == 0 {
			t.Fatalf("accepted %+v", ev)
		}
		again, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		ev2, err := ParseEvidence(again)
		if err != nil || !reflect.DeepEqual(normal(ev), normal(ev2)) {
			t.Fatalf("does not parse back: %v\n%+v\n%+v", err, ev, ev2)
		}
		if proves, err := VerifyEvidence(ev, peer); err == nil {
			t.Fatalf("proved %q with a key that signed nothing", proves)
		}
	})
}

// normal returns ev with empty byte slices as nil, as JSON gives them back.
func normal(ev *Evidence) Evidence {
	out := *ev
	out.Time, out.Cleared = out.Time.UTC(), out.Cleared.UTC() // a zone's offset comes back as another *Location
	for _, p := range []*[]byte{&out.Leaves, &out.Commitment, &out.Proof, &out.Content, &out.Held} {
		if len(*p) == 0 {
			*p = nil
		}
	}
	if len(out.Hosted) == 0 {
		out.Hosted = nil
	}
	cps := make([][]byte, len(out.Checkpoints))
	for i, c := range out.Checkpoints {
		if len(c) > 0 {
			cps[i] = c
		}
	}
	out.Checkpoints = cps
	return out
}

// TestParseEvidence checks what ParseEvidence refuses and accepts.
func TestParseEvidence(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"drift", `{"id":"ev_1","origin":"o","kind":"drift","checkpoints":["AA=="],"tolerance":300000000000}`, true},
		{"not JSON", `drift`, false},
		{"unknown kind", `{"id":"ev_1","origin":"o","kind":"clock","checkpoints":["AA=="]}`, false},
		{"no id", `{"origin":"o","kind":"drift","checkpoints":["AA=="]}`, false},
		{"no origin", `{"id":"ev_1","kind":"drift","checkpoints":["AA=="]}`, false},
		{"no checkpoint", `{"id":"ev_1","origin":"o","kind":"drift","checkpoints":[]}`, false},
		{"negative tolerance", `{"id":"ev_1","origin":"o","kind":"drift","checkpoints":["AA=="],"tolerance":-1}`, false},
		{"a second record after it", `{"id":"ev_1","origin":"o","kind":"stale","checkpoints":["AA=="]} {}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ParseEvidence([]byte(tc.in)); (err == nil) != tc.ok {
				t.Fatalf("ParseEvidence: %v, want ok %v", err, tc.ok)
			}
		})
	}
}
