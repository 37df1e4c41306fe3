package agreements

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"truce/internal/ledger"
)

var day = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func at(h int) string { return day.Add(time.Duration(h) * time.Hour).Format(time.RFC3339Nano) }

// complete is a passage whose one version has every required field,
// concerning us and ru, open from hour 0 to hour 100.
func complete() *Passage {
	return &Passage{ID: "p", Status: PassagePlanned, Latest: 1, Versions: []PassageVersion{{PassageSpec: PassageSpec{ID: "p", Version: 1,
		Kind: KindSafePassage, Name: "A", Geometry: json.RawMessage(`{"type":"LineString","coordinates":[[0,0],[1,1]]}`),
		WindowFrom: at(0), WindowUntil: day.Add(100 * time.Hour).Format(time.RFC3339), Traffic: []string{"aid"},
		Parties: []string{"ru", "us"}, Contacts: []Contact{{Party: "us", Name: "a", Channel: "b"}, {Party: "ru", Name: "c", Channel: "d"}}}}}}
}

func TestMissingToOpen(t *testing.T) {
	cases := []struct {
		name string
		edit func(p *Passage)
		now  int
		want []string
	}{
		{"no guarantee", func(*Passage) {}, 1, []string{"guarantee:ru", "guarantee:us"}},
		{"one guarantee", func(p *Passage) { p.Guarantees = []Guarantee{{Party: "us", Version: 1}} }, 1, []string{"guarantee:ru"}},
		{"every guarantee", func(p *Passage) { p.Guarantees = []Guarantee{{Party: "us", Version: 1}, {Party: "ru", Version: 1}} }, 1, nil},
		{"a guarantee of another version", func(p *Passage) {
			p.Guarantees = []Guarantee{{Party: "us", Version: 1}, {Party: "ru", Version: 1}}
			v := p.Versions[0]
			v.Version = 2
			p.Versions, p.Latest = append(p.Versions, v), 2
		}, 1, []string{"guarantee:ru", "guarantee:us"}},
		{"missing fields", func(p *Passage) {
			p.Guarantees = []Guarantee{{Party: "us", Version: 1}, {Party: "ru", Version: 1}}
			v := &p.Versions[0]
			v.Geometry, v.Traffic, v.Contacts = nil, nil, v.Contacts[:1]
		}, 1, []string{"field:contacts.ru", "field:geometry", "field:traffic"}},
		{"window ended", func(p *Passage) { p.Guarantees = []Guarantee{{Party: "us", Version: 1}, {Party: "ru", Version: 1}} }, 100, []string{"window_ended"}},
	}
	for _, c := range cases {
		p := complete()
		c.edit(p)
		if got := MissingToOpen(p, day.Add(time.Duration(c.now)*time.Hour)); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestOpenDuration(t *testing.T) {
	ch := func(s PassageStatus, h int) StatusChange { return StatusChange{Status: s, Version: 1, Time: at(h)} }
	cases := []struct {
		name    string
		history []StatusChange
		now     int
		want    time.Duration
		status  PassageStatus
	}{
		{"never opened", nil, 50, 0, PassagePlanned},
		{"open now", []StatusChange{ch(PassageOpen, 2)}, 5, 3 * time.Hour, PassageOpen},
		{"suspended and reopened", []StatusChange{ch(PassageOpen, 2), ch(PassageSuspended, 4), ch(PassageOpen, 10), ch(PassageClosed, 11)}, 50, 3 * time.Hour, PassageClosed},
		{"open past its window", []StatusChange{ch(PassageOpen, 90)}, 200, 10 * time.Hour, PassageClosed},
	}
	for _, c := range cases {
		p := complete()
		p.History = c.history
		if len(c.history) > 0 {
			p.Status = c.history[len(c.history)-1].Status
		}
		now := day.Add(time.Duration(c.now) * time.Hour)
		if got := OpenDuration(p, now); got != c.want {
			t.Errorf("%s: open %v, want %v", c.name, got, c.want)
		}
		if got := EffectiveStatus(p, now); got != c.status {
			t.Errorf("%s: status %s, want %s", c.name, got, c.status)
		}
	}
}

// TestFoldPassage folds a passage's entries as the store's projection
// does and checks the record they make.
func TestFoldPassage(t *testing.T) {
	entry := func(seq int64, kind string, payload any) *ledger.Entry {
		raw, _ := json.Marshal(payload)
		return &ledger.Entry{Seq: seq, Time: at(int(seq)), Party: "un", Author: "un-liaison", Kind: kind, Subject: PassageSubject("p"), Payload: raw}
	}
	v := complete().Versions[0].PassageSpec
	es := []*ledger.Entry{
		entry(1, KindPassageProposed, PassageProposed{Version: v}),
		entry(2, KindPassageGuaranteed, PassageGuaranteed{PassageID: "p", Version: 1, Party: "us"}),
		entry(3, KindPassageGuaranteed, PassageGuaranteed{PassageID: "p", Version: 1, Party: "ru"}),
		entry(4, KindPassageStatus, PassageStatusChanged{PassageID: "p", Status: PassageOpen, Version: 1}),
		entry(5, KindPassageHazard, HazardReported{PassageID: "p", Hazard: "mines", Location: json.RawMessage(`{"type":"Point","coordinates":[0.5,0.5]}`)}),
	}
	var doc []byte
	for _, e := range es {
		kind, id, err := RecordOf(e)
		if err != nil || kind != RecordPassage || id != "p" {
			t.Fatalf("RecordOf #%d: %s %s %v", e.Seq, kind, id, err)
		}
		if doc, err = Fold(kind, doc, e); err != nil {
			t.Fatal(err)
		}
	}
	var p Passage
	if err := json.Unmarshal(doc, &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != PassageOpen || p.Seq != 5 || len(p.Guarantees) != 2 || len(p.Hazards) != 1 || p.Party != "un" || len(MissingToOpen(&p, day)) != 0 {
		t.Fatalf("folded passage %+v", p)
	}
	if _, err := Fold(RecordPassage, doc, entry(6, KindProposed, Proposed{})); err == nil {
		t.Fatal("an agreement entry folded into a passage")
	}
}
