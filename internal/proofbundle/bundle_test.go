package proofbundle

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/federation/cite"
	"truce/internal/federation/fedtest"
	"truce/internal/federation/joint"
	"truce/internal/findings"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// fixture is an incident's finding stated in three logs: the monitors'
// fact in un's log (with an unrelated entry after it), and each co-chair's
// acceptance in its own log (us's and ru's), citing the fact. un's is the
// exporting node's own log; us's and ru's are its mirrors.
type fixture struct {
	logs     map[string]*fedtest.Log // by party
	witness  string                  // the verifier key of the witness cosigning every log
	keys     []string                // the three logs' verifier keys
	centre   findings.Centre
	bundle   *Bundle
	statedBy map[string]int // statements of the bundle per origin
}

// signed returns l's checkpoint of its whole tree cosigned by w.
func signed(t testing.TB, l *fedtest.Log, w *witness.Cosigner) *ledger.SignedCheckpoint {
	t.Helper()
	tree := l.Tree(t, l.Hashes.Size())
	note := l.Sign(t, tree)
	cosig := bytes.TrimPrefix(l.Sign(t, tree, w), note)
	return &ledger.SignedCheckpoint{Checkpoint: ledger.Checkpoint{Origin: l.Origin, Tree: tree}, Signed: note, Cosignatures: [][]byte{cosig}}
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	green := access.Releasability{TLP: access.TLPGreen}
	f := &fixture{logs: map[string]*fedtest.Log{}, centre: findings.Centre{Monitors: map[string]bool{"un": true}, CoChairs: []string{"ru", "us"},
		Withdrawn: map[string]bool{}, Now: time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)}}
	var statements []joint.Entry
	appendTo := func(party string, d ledger.Draft) *ledger.Entry {
		l := f.logs[party]
		es, err := l.Seq.Append(ctx, ledger.Change{Draft: d})
		if err != nil {
			t.Fatal(err)
		}
		if d.Subject == "incident:inc_1" {
			se, err := l.DB.Entry(ctx, es[0].Seq)
			if err != nil {
				t.Fatal(err)
			}
			statements = append(statements, statementOf(Statement{Origin: l.Origin, Index: es[0].Seq, Entry: se.Canonical}, se.Entry))
		}
		return es[0]
	}
	for _, p := range []string{"un", "us", "ru"} {
		f.logs[p] = fedtest.NewLog(t, p, "bundle.truce.invalid/"+p)
		f.keys = append(f.keys, f.logs[p].VerifierKey)
	}
	fact := appendTo("un", ledger.Draft{Party: "un", Author: "un-analyst", Kind: findings.KindFactEstablished, Subject: "incident:inc_1", Release: green,
		Payload: findings.FactEstablished{IncidentID: "inc_1", What: "shelling of the market", Where: "M10", When: "2026-05-01", Confidence: "high"}})
	appendTo("un", ledger.Draft{Party: "un", Author: "un-analyst", Kind: "test.other", Subject: "other:1", Release: green, Payload: map[string]any{"n": 1}})
	se, err := f.logs["un"].DB.Entry(ctx, fact.Seq)
	if err != nil {
		t.Fatal(err)
	}
	cites := []cite.Citation{cite.Of(f.logs["un"].Origin, fact.Seq, se.Commitment)}
	for _, p := range []string{"us", "ru"} {
		// Its mirror of un holds the fact, as a node must to cite it.
		if _, err := f.logs[p].DB.SQL.ExecContext(ctx, `INSERT INTO local_mirror_entries (origin, seq, commitment, content) VALUES ($1, $2, $3, $4)`,
			f.logs["un"].Origin, fact.Seq, se.Commitment[:], se.Canonical); err != nil {
			t.Fatal(err)
		}
		f.logs[p].Append(t, 1) // so that the statement is not the log's first entry
		appendTo(p, ledger.Draft{Party: p, Author: p + "-analyst", Kind: findings.KindPositionStated, Subject: "incident:inc_1", Release: green,
			Payload: map[string]any{"incident_id": "inc_1", "on_finding": findings.StanceAccepts, "statement": "agreed", cite.Field: cites}})
	}
	w := fedtest.Cosigners(t, "witness.truce.invalid/w")[0]
	f.witness = w.VerifierKey()
	own := f.logs["un"]
	sc := signed(t, own, w)
	o := OwnLog{LogKey: own.VerifierKey, WitnessKeys: []string{f.witness}, Quorum: 1, Hashes: own.Hashes,
		Checkpoint: func(context.Context, int64) (*ledger.SignedCheckpoint, error) { return sc, nil },
		Entry:      own.DB.Entry,
		Mirrors: func(ctx context.Context, origin string, seqs []int64) (Log, []Statement, error) {
			for _, l := range f.logs {
				if l.Origin != origin {
					continue
				}
				msc := signed(t, l, w)
				hr, _ := l.Hashes.Snapshot()
				var ss []Statement
				for _, seq := range seqs {
					se, err := l.DB.Entry(ctx, seq)
					if err != nil {
						return Log{}, nil, err
					}
					rp, err := tlog.ProveRecord(msc.N, seq, hr)
					if err != nil {
						return Log{}, nil, err
					}
					ss = append(ss, Statement{Origin: origin, Index: seq, Entry: se.Canonical, Proof: rp})
				}
				return Log{Origin: origin, LogKey: l.VerifierKey, WitnessKeys: []string{f.witness}, Quorum: 1, Checkpoint: msc.Note()}, ss, nil
			}
			return Log{}, nil, fmt.Errorf("no log %s", origin)
		}}
	// The node's own statements name its origin or none, in the joint
	// order (the fact before the acceptances citing it).
	statements[0].Origin = ""
	b, err := o.Incident(ctx, "inc_1", joint.Order(statements), f.centre)
	if err != nil {
		t.Fatal(err)
	}
	f.bundle = b
	f.statedBy = map[string]int{}
	for _, s := range b.Statements {
		f.statedBy[s.Origin]++
	}
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
	v, err := Verify(roundTrip(t, f.bundle), Pins{LogKeys: f.keys, WitnessKeys: []string{f.witness}, Quorum: 1})
	if err != nil {
		t.Fatal(err)
	}
	var out findings.View
	if err := json.Unmarshal(v.Outcome, &out); err != nil {
		t.Fatal(err)
	}
	if out.Agreement == "" || out.Status.Fact != "established" || len(out.Positions) != 2 || len(v.Entries) != 3 ||
		len(v.Checkpoints) != 3 || len(v.Checkpoints[0].Cosignatures) != 1 || len(f.statedBy) != 3 {
		t.Fatalf("verified %+v, outcome %s", v.Checkpoints, v.Outcome)
	}
}

// TestTamperedBundleFails changes one thing at a time and requires a
// failure that says what is wrong.
func TestTamperedBundleFails(t *testing.T) {
	f := newFixture(t)
	pins := Pins{LogKeys: f.keys, WitnessKeys: []string{f.witness}, Quorum: 1}
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
		{"another index", func(b *Bundle) { b.Statements[2].Index = 0 }, nil, "statement 2"},
		{"a statement moved to another log", func(b *Bundle) { b.Statements[1].Origin = b.Statements[2].Origin }, nil, "statement 1"},
		{"a mirrored log's checkpoint left out", func(b *Bundle) { b.Logs = b.Logs[:2] }, nil, "no checkpoint of its origin"},
		{"the checkpoint's signature", func(b *Bundle) {
			i := bytes.Index(b.Logs[0].Checkpoint, []byte("\n\n— ")) + 30
			b.Logs[0].Checkpoint[i] ^= 1
		}, nil, "checkpoint"},
		{"the checkpoint's root", func(b *Bundle) {
			b.Logs[0].Checkpoint = bytes.Replace(b.Logs[0].Checkpoint, []byte("\n2\n"), []byte("\n1\n"), 1)
		}, nil, "checkpoint"},
		{"the outcome", func(b *Bundle) {
			b.Outcome = bytes.Replace(b.Outcome, []byte(`"agreed by the co-chairs"`), []byte(`""`), 1)
		}, nil, "the outcome does not follow"},
		{"a co-chair's statement left out", func(b *Bundle) { b.Statements = b.Statements[:2] }, nil, "the outcome does not follow"},
		{"the monitors' fact left out", func(b *Bundle) { b.Statements = b.Statements[1:] }, nil, "the outcome does not follow"},
		{"the rule's inputs", func(b *Bundle) {
			b.Inputs = json.RawMessage(`{"monitors":[],"co_chairs":["ru","us"],"withdrawn":[],"as_of":"2026-05-02T00:00:00Z"}`)
		}, nil, "the outcome does not follow"},
		{"a statement repeated", func(b *Bundle) { b.Statements = append(b.Statements[:1:1], b.Statements...) }, nil, "log order"},
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

var update = flag.Bool("update", false, "rewrite the golden bundles in testdata from a fresh fixture")

// goldenPath is the bundle of three logs kept in testdata: the format a
// verifier of this version must keep reading.
const goldenPath = "testdata/incident-joint.proof.json"

// TestGoldenBundle reads the kept bundle (with -update, writes a fresh
// one first) and verifies it with the keys it states, pinned: both
// co-chairs' acceptance, from us's and ru's logs, of the monitors' fact in
// un's log.
func TestGoldenBundle(t *testing.T) {
	if *update {
		raw, err := json.MarshalIndent(newFixture(t).bundle, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPath, append(raw, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	var pins Pins
	for _, l := range b.Logs {
		pins.LogKeys = append(pins.LogKeys, l.LogKey)
	}
	v, err := Verify(b, pins)
	if err != nil {
		t.Fatal(err)
	}
	var out findings.View
	if err := json.Unmarshal(v.Outcome, &out); err != nil || out.Agreement == "" || len(out.Positions) != 2 || len(v.Checkpoints) != 3 || b.Rule != RuleJointFindings {
		t.Fatalf("the golden bundle proves %s from %d logs by %s (%v)", v.Outcome, len(v.Checkpoints), b.Rule, err)
	}
}
