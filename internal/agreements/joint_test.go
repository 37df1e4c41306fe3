package agreements

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"truce/internal/cochair"
	"truce/internal/ledger"
)

// entry is a joint-ordered entry of party about passage or agreement id at
// hour h of day.
func entry(party, kind, subject string, h int, payload any) *ledger.Entry {
	raw, _ := json.Marshal(payload)
	return &ledger.Entry{Seq: int64(h), Time: at(h), Party: party, Author: party + "-liaison", Kind: kind, Subject: subject, Payload: raw}
}

func TestJointPassageRules(t *testing.T) {
	sub := PassageSubject("p")
	spec := complete().Versions[0].PassageSpec
	propose := func(party string, h, version int) *ledger.Entry {
		s := spec
		s.Version = version
		return entry(party, KindPassageProposed, sub, h, PassageProposed{Version: s})
	}
	guarantee := func(by, forParty string, h, version int) *ledger.Entry {
		return entry(by, KindPassageGuaranteed, sub, h, PassageGuaranteed{PassageID: "p", Version: version, Party: forParty})
	}
	status := func(party string, h int, s PassageStatus, version int) *ledger.Entry {
		return entry(party, KindPassageStatus, sub, h, PassageStatusChanged{PassageID: "p", Status: s, Version: version})
	}
	cases := []struct {
		name       string
		es         []*ledger.Entry
		want       PassageStatus
		guarantees int
	}{
		{"every party guaranteed, then open", []*ledger.Entry{propose("un", 1, 1), guarantee("us", "us", 2, 1), guarantee("ru", "ru", 3, 1), status("us", 4, PassageOpen, 1)}, PassageOpen, 2},
		{"open asked before the last guarantee opens at it", []*ledger.Entry{propose("un", 1, 1), guarantee("us", "us", 2, 1), status("us", 3, PassageOpen, 1), guarantee("ru", "ru", 4, 1)}, PassageOpen, 2},
		{"a party that never guarantees: never open", []*ledger.Entry{propose("un", 1, 1), guarantee("us", "us", 2, 1), status("us", 3, PassageOpen, 1)}, PassagePlanned, 1},
		{"a guarantee in another party's name does not count", []*ledger.Entry{propose("un", 1, 1), guarantee("us", "us", 2, 1), guarantee("us", "ru", 3, 1), status("us", 4, PassageOpen, 1)}, PassagePlanned, 1},
		{"a party not concerned cannot guarantee", []*ledger.Entry{propose("un", 1, 1), guarantee("fr", "fr", 2, 1)}, PassagePlanned, 0},
		{"a guarantee of a superseded version does not open the new one", []*ledger.Entry{propose("un", 1, 1), guarantee("us", "us", 2, 1), guarantee("ru", "ru", 3, 1), propose("un", 4, 2), status("us", 5, PassageOpen, 2)}, PassagePlanned, 2},
		{"a second proposal of one version number is ignored", []*ledger.Entry{propose("un", 1, 1), propose("us", 2, 1), guarantee("us", "us", 3, 1), guarantee("ru", "ru", 4, 1), status("ru", 5, PassageOpen, 1)}, PassageOpen, 2},
		{"a held request is dropped by a suspension", []*ledger.Entry{propose("un", 1, 1), guarantee("us", "us", 2, 1), status("us", 3, PassageOpen, 1), status("ru", 4, PassageSuspended, 1), guarantee("ru", "ru", 5, 1)}, PassagePlanned, 2},
		{"a party not concerned cannot open", []*ledger.Entry{propose("un", 1, 1), guarantee("us", "us", 2, 1), guarantee("ru", "ru", 3, 1), status("fr", 4, PassageOpen, 1)}, PassagePlanned, 2},
		{"closing is final", []*ledger.Entry{propose("un", 1, 1), guarantee("us", "us", 2, 1), guarantee("ru", "ru", 3, 1), status("us", 4, PassageClosed, 1), status("us", 5, PassageOpen, 1)}, PassageClosed, 2},
	}
	for _, c := range cases {
		p := JointPassage("p", c.es)
		if p == nil || p.Status != c.want || len(p.Guarantees) != c.guarantees {
			t.Errorf("%s: %+v, want %s with %d guarantees", c.name, p, c.want, c.guarantees)
		}
	}
	if p := JointPassage("p", []*ledger.Entry{guarantee("us", "us", 1, 1)}); p != nil {
		t.Errorf("no proposal: %+v, want nil", p)
	}
}

func TestJointAgreementRules(t *testing.T) {
	sub := Subject("a")
	propose := func(party string, h, version int) *ledger.Entry {
		return entry(party, KindProposed, sub, h, Proposed{Version: Spec{AgreementID: "a", Version: version, Title: "T", Parties: []string{"ru", "us"}, EffectiveFrom: at(0)}})
	}
	agree := func(by, forParty string, h, version int, complete bool) *ledger.Entry {
		return entry(by, KindAgreed, sub, h, Agreed{AgreementID: "a", Version: version, Party: forParty, Complete: complete})
	}
	chairs := []string{"ru", "us"}
	cases := []struct {
		name   string
		es     []*ledger.Entry
		gone   []cochair.Departure
		want   string // agreed_at of version 1, "" if pending
		agreed string
	}{
		{"both co-chairs agreed", []*ledger.Entry{propose("us", 1, 1), agree("us", "us", 1, 1, false), agree("ru", "ru", 2, 1, false)}, nil, at(2), "[ru us]"},
		{"the writer's Complete flag is not read", []*ledger.Entry{propose("us", 1, 1), agree("us", "us", 1, 1, true)}, nil, "", "[us]"},
		{"an agreement in another party's name does not count", []*ledger.Entry{propose("us", 1, 1), agree("us", "us", 1, 1, false), agree("us", "ru", 2, 1, true)}, nil, "", "[us]"},
		{"an agreement twice counts once", []*ledger.Entry{propose("us", 1, 1), agree("us", "us", 1, 1, false), agree("us", "us", 2, 1, false)}, nil, "", "[us]"},
		{"a co-chair that left after the proposal is awaited no more, from when it left", []*ledger.Entry{propose("us", 1, 1), agree("us", "us", 1, 1, false)},
			[]cochair.Departure{{Party: "ru", At: day.Add(5 * time.Hour)}}, at(5), "[us]"},
	}
	for _, c := range cases {
		cs := chairs
		if len(c.gone) > 0 {
			cs = []string{"us"}
		}
		a := JointAgreement("a", c.es, cs, c.gone)
		if a == nil || len(a.Versions) != 1 {
			t.Fatalf("%s: %+v, want one version", c.name, a)
		}
		v := a.Versions[0]
		if got := parseRFC3339(v.AgreedAt); v.AgreedAt != c.want && !got.Equal(parseRFC3339(c.want)) || fmt.Sprint(v.AgreedBy) != c.agreed {
			t.Errorf("%s: agreed at %q by %v, want %q by %s", c.name, v.AgreedAt, v.AgreedBy, c.want, c.agreed)
		}
	}
}
