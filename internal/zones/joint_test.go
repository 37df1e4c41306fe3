package zones

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"truce/internal/ledger"
)

func TestJointVersionsRules(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	at := func(h int) string { return day.Add(time.Duration(h) * time.Hour).Format(time.RFC3339Nano) }
	e := func(party, kind string, h int, payload any) *ledger.Entry {
		raw, _ := json.Marshal(payload)
		return &ledger.Entry{Seq: int64(h), Time: at(h), Party: party, Kind: kind, Subject: Subject("z"), Payload: raw}
	}
	propose := func(party string, h, version int) *ledger.Entry {
		return e(party, KindProposed, h, Proposed{Version: Spec{ZoneID: "z", Version: version, Action: ActionDefine, EffectiveFrom: at(10)}})
	}
	agree := func(by, forParty string, h, version int) *ledger.Entry {
		return e(by, KindAgreed, h, Agreed{ZoneID: "z", Version: version, Party: forParty, Complete: true})
	}
	cases := []struct {
		name   string
		es     []*ledger.Entry
		chairs []string
		gone   []Departure
		want   string // versions: number, agreed by, agreed at hour
	}{
		{"both co-chairs agreed", []*ledger.Entry{propose("us", 1, 1), agree("us", "us", 1, 1), agree("ru", "ru", 3, 1)}, []string{"ru", "us"}, nil, "[1 [ru us] 3]"},
		{"one co-chair agreed", []*ledger.Entry{propose("us", 1, 1), agree("us", "us", 1, 1)}, []string{"ru", "us"}, nil, "[1 [us] -]"},
		{"in another party's name", []*ledger.Entry{propose("us", 1, 1), agree("us", "us", 1, 1), agree("us", "ru", 2, 1)}, []string{"ru", "us"}, nil, "[1 [us] -]"},
		{"a version number proposed twice", []*ledger.Entry{propose("us", 1, 1), propose("ru", 2, 1), propose("ru", 3, 2)}, []string{"ru", "us"}, nil, "[1 [] -][2 [] -]"},
		{"an agreement to a version not proposed", []*ledger.Entry{agree("ru", "ru", 1, 1), propose("us", 2, 1)}, []string{"ru", "us"}, nil, "[1 [] -]"},
		{"a co-chair left while awaited", []*ledger.Entry{propose("us", 1, 1), agree("us", "us", 1, 1)}, []string{"us"},
			[]Departure{{Party: "ru", At: day.Add(6 * time.Hour)}}, "[1 [us] 6]"},
		{"no co-chair at all", []*ledger.Entry{propose("us", 1, 1), agree("us", "us", 1, 1)}, nil, nil, "[1 [us] -]"},
	}
	for _, c := range cases {
		var got string
		for _, v := range JointVersions("z", c.es, c.chairs, c.gone) {
			h := "-"
			if v.AgreedAt != "" {
				ts, _ := time.Parse(time.RFC3339Nano, v.AgreedAt)
				h = fmt.Sprint(int(ts.Sub(day).Hours()))
				if v.InForceFrom != at(10) {
					t.Errorf("%s: in force from %s, want %s", c.name, v.InForceFrom, at(10))
				}
			}
			got += fmt.Sprintf("[%d %v %s]", v.Version, v.AgreedBy, h)
		}
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
