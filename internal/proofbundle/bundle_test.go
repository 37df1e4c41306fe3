package proofbundle

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/federation/fedtest"
	"truce/internal/findings"
	"truce/internal/ledger"
)

// fixture is a log holding an incident's finding: the monitors' fact and
// both co-chairs' acceptance, and an unrelated entry between them.
type fixture struct {
	log     *fedtest.Log
	witness string // its witness's verifier key
	entries []*ledger.Entry
	centre  findings.Centre
	bundle  *Bundle
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	l := fedtest.NewLog(t, "un", "bundle.truce.invalid/un")
	green := access.Releasability{TLP: access.TLPGreen}
	drafts := []ledger.Draft{
		{Party: "un", Author: "un-analyst", Kind: findings.KindFactEstablished, Subject: "incident:inc_1", Release: green,
			Payload: findings.FactEstablished{IncidentID: "inc_1", What: "shelling of the market", Where: "M10", When: "2026-05-01", Confidence: "high"}},
		{Party: "un", Author: "un-analyst", Kind: "test.other", Subject: "other:1", Release: green, Payload: map[string]any{"n": 1}},
		{Party: "us", Author: "us-analyst", Kind: findings.KindPositionStated, Subject: "incident:inc_1", Release: green,
			Payload: findings.PositionStated{IncidentID: "inc_1", OnFinding: findings.StanceAccepts, Statement: "agreed"}},
		{Party: "ru", Author: "ru-analyst", Kind: findings.KindPositionStated, Subject: "incident:inc_1", Release: green,
			Payload: findings.PositionStated{IncidentID: "inc_1", OnFinding: findings.StanceAccepts, Statement: "agreed"}},
	}
	f := &fixture{log: l, centre: findings.Centre{Monitors: map[string]bool{"un": true}, CoChairs: []string{"ru", "us"},
		Withdrawn: map[string]bool{}, Now: time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)}}
	for _, d := range drafts {
		es, err := l.Seq.Append(ctx, ledger.Change{Draft: d})
		if err != nil {
			t.Fatal(err)
		}
		if d.Subject == "incident:inc_1" {
			f.entries = append(f.entries, es[0])
		}
	}
	w := fedtest.Cosigners(t, "witness.truce.invalid/ru")[0]
	f.witness = w.VerifierKey()
	tree := l.Tree(t, l.Hashes.Size())
	signed := l.Sign(t, tree)
	cosig := bytes.TrimPrefix(l.Sign(t, tree, w), signed)
	sc := &ledger.SignedCheckpoint{Checkpoint: ledger.Checkpoint{Origin: l.Origin, Tree: tree}, Signed: signed, Cosignatures: [][]byte{cosig}}
	own := OwnLog{LogKey: l.VerifierKey, WitnessKeys: []string{f.witness}, Quorum: 1, Hashes: l.Hashes,
		Checkpoint: func(context.Context, int64) (*ledger.SignedCheckpoint, error) { return sc, nil },
		Entry:      l.DB.Entry}
	b, err := own.Incident(ctx, "inc_1", f.entries, f.centre)
	if err != nil {
		t.Fatal(err)
	}
	f.bundle = b
	return f
}

// roundTrip returns b as a verifier reads it from a file.
func roundTrip(t testing.TB, b *Bundle) *Bundle {
	t.Helper()
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestBundleVerifiesOffline checks that an exported incident bundle
// verifies from its bytes alone and proves that both co-chairs accepted the
// established fact.
func TestBundleVerifiesOffline(t *testing.T) {
	f := newFixture(t)
	v, err := Verify(roundTrip(t, f.bundle), Pins{LogKeys: []string{f.log.VerifierKey}, WitnessKeys: []string{f.witness}, Quorum: 1})
	if err != nil {
		t.Fatal(err)
	}
	var out findings.View
	if err := json.Unmarshal(v.Outcome, &out); err != nil {
		t.Fatal(err)
	}
	if out.Agreement == "" || out.Status.Fact != "established" || len(out.Positions) != 2 || len(v.Entries) != 3 ||
		len(v.Checkpoints) != 1 || len(v.Checkpoints[0].Cosignatures) != 1 {
		t.Fatalf("verified %+v, outcome %s", v.Checkpoints, v.Outcome)
	}
}

// TestTamperedBundleFails changes one thing at a time and requires a
// failure that says what is wrong.
func TestTamperedBundleFails(t *testing.T) {
	f := newFixture(t)
	pins := Pins{LogKeys: []string{f.log.VerifierKey}, WitnessKeys: []string{f.witness}, Quorum: 1}
	for _, tc := range []struct {
		name   string
		change func(b *Bundle)
		pins   *Pins
		want   string
	}{
		{"an entry byte", func(b *Bundle) {
			b.Statements[1].Entry = bytes.Replace(b.Statements[1].Entry, []byte("accepts"), []byte("rejects"), 1)
		}, nil, "do not lead to the checkpoint's root"},
		{"a proof hash", func(b *Bundle) { b.Statements[0].Proof[0][3] ^= 1 }, nil, "do not lead to the checkpoint's root"},
		{"another index", func(b *Bundle) { b.Statements[2].Index = 1 }, nil, "statement 2"},
		{"the checkpoint's signature", func(b *Bundle) {
			i := bytes.Index(b.Logs[0].Checkpoint, []byte("\n\n— ")) + 30
			b.Logs[0].Checkpoint[i] ^= 1
		}, nil, "checkpoint"},
		{"the checkpoint's root", func(b *Bundle) {
			b.Logs[0].Checkpoint = bytes.Replace(b.Logs[0].Checkpoint, []byte("\n4\n"), []byte("\n3\n"), 1)
		}, nil, "checkpoint"},
		{"the outcome", func(b *Bundle) {
			b.Outcome = bytes.Replace(b.Outcome, []byte(`"agreed by the co-chairs"`), []byte(`""`), 1)
		}, nil, "the outcome does not follow"},
		{"a co-chair's statement left out", func(b *Bundle) { b.Statements = b.Statements[:2] }, nil, "the outcome does not follow"},
		{"the rule's inputs", func(b *Bundle) {
			b.Inputs = json.RawMessage(`{"monitors":[],"co_chairs":["ru","us"],"withdrawn":[],"as_of":"2026-05-02T00:00:00Z"}`)
		}, nil, "the outcome does not follow"},
		{"statements out of order", func(b *Bundle) { b.Statements[1], b.Statements[2] = b.Statements[2], b.Statements[1] }, nil, "log order"},
		{"another log key", nil, &Pins{LogKeys: []string{"other+01234567+AQ=="}}, "not one of the keys given"},
		{"a quorum the witnesses do not meet", nil, &Pins{Quorum: 2}, "checkpoint"},
		{"an unknown rule", func(b *Bundle) { b.Rule = "agreements/v9" }, nil, "unknown rule"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := roundTrip(t, f.bundle)
			if tc.change != nil {
				tc.change(b)
			}
			p := pins
			if tc.pins != nil {
				p = *tc.pins
			}
			_, err := Verify(b, p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Verify = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

// TestParseRefuses checks the parser's own refusals.
func TestParseRefuses(t *testing.T) {
	for _, in := range []string{``, `{}`, `{"format":"x"}`, `{"format":"truce-proof-bundle/v1","rule":"r","outcome":{},"logs":[],"statements":[]}`,
		`{"format":"truce-proof-bundle/v1","unknown":1}`, `{"format":"truce-proof-bundle/v1"} {}`} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q) succeeded", in)
		}
	}
}
