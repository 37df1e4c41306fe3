package agreements

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"truce/internal/access"
	"truce/internal/ledger"
)

// PassageProposed is the payload of passage.proposed: a new version (a new
// passage when Version.Version is 1) with the passage's releasability.
type PassageProposed struct {
	Version PassageSpec          `json:"version"`
	Release access.Releasability `json:"releasability"`
}

// PassageGuaranteed is the payload of passage.guaranteed: Party's
// guarantee of one exact version.
type PassageGuaranteed struct {
	PassageID string `json:"passage_id"`
	Version   int    `json:"version"`
	Party     string `json:"party"`
}

// PassageStatusChanged is the payload of passage.status_changed.
type PassageStatusChanged struct {
	PassageID string        `json:"passage_id"`
	Status    PassageStatus `json:"status"`
	Version   int           `json:"version"`
	Reason    string        `json:"reason,omitempty"`
}

// HazardReported is the payload of passage.hazard_reported.
type HazardReported struct {
	PassageID string          `json:"passage_id"`
	Hazard    string          `json:"hazard"`
	Location  json.RawMessage `json:"location"`
	Note      string          `json:"note,omitempty"`
}

// Record kinds of the projection: which fold a record's entries take.
const (
	RecordAgreement = "agreement"
	RecordPassage   = "passage"
)

// Subject returns the log subject of agreement id.
func Subject(id string) string { return "agreement:" + id }

// PassageSubject returns the log subject of passage id.
func PassageSubject(id string) string { return "passage:" + id }

// RecordOf returns the record kind and id an entry of this domain
// changes, from its subject; an error for any other subject.
func RecordOf(e *ledger.Entry) (kind, id string, err error) {
	if id, ok := strings.CutPrefix(e.Subject, "agreement:"); ok {
		return RecordAgreement, id, nil
	}
	if id, ok := strings.CutPrefix(e.Subject, "passage:"); ok {
		return RecordPassage, id, nil
	}
	return "", "", fmt.Errorf("agreements: entry %d has subject %q", e.Seq, e.Subject)
}

// Fold returns the stored form of record kind after e, given its stored
// form before (nil for a new record). It depends on nothing but its
// arguments, so that replaying the log rebuilds identical records.
func Fold(kind string, prev []byte, e *ledger.Entry) ([]byte, error) {
	var out any
	var err error
	switch kind {
	case RecordAgreement:
		var a Agreement
		if err = unmarshalPrev(prev, &a); err == nil {
			err = foldAgreement(&a, e)
		}
		out = &a
	case RecordPassage:
		var p Passage
		if err = unmarshalPrev(prev, &p); err == nil {
			err = foldPassage(&p, e)
		}
		out = &p
	default:
		err = fmt.Errorf("unknown record kind %q", kind)
	}
	if err != nil {
		return nil, fmt.Errorf("agreements: fold %s #%d: %w", e.Kind, e.Seq, err)
	}
	return json.Marshal(out)
}

func unmarshalPrev(prev []byte, v any) error {
	if len(prev) == 0 {
		return nil
	}
	return json.Unmarshal(prev, v)
}

func decode[T any](e *ledger.Entry) (*T, error) {
	var v T
	if err := json.Unmarshal(e.Payload, &v); err != nil {
		return nil, fmt.Errorf("payload: %w", err)
	}
	return &v, nil
}

func foldAgreement(a *Agreement, e *ledger.Entry) error {
	a.Seq = e.Seq
	switch e.Kind {
	case KindProposed:
		p, err := decode[Proposed](e)
		if err != nil {
			return err
		}
		if a.ID == "" {
			a.ID, a.Party, a.Release, a.Created = p.Version.AgreementID, e.Party, p.Release, e.Time
			a.Links = []Link{}
		}
		a.Versions = append(a.Versions, Version{Spec: p.Version, Party: e.Party, Author: e.Author, ProposedAt: e.Time,
			AgreedBy: []string{}, Seq: e.Seq})
		a.Latest = p.Version.Version
	case KindAgreed:
		p, err := decode[Agreed](e)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(a.Versions, func(v Version) bool { return v.Version == p.Version })
		if i < 0 {
			return fmt.Errorf("no version %d", p.Version)
		}
		v := &a.Versions[i]
		v.AgreedBy = append(v.AgreedBy, p.Party)
		slices.Sort(v.AgreedBy)
		if p.Complete && v.AgreedAt == "" {
			v.AgreedAt = e.Time
		}
	case KindLinked:
		p, err := decode[Linked](e)
		if err != nil {
			return err
		}
		a.Links = append(a.Links, Link{Obligation: p.Obligation, Source: p.Source, EventID: p.EventID, Party: p.Party,
			Release: p.Release, Note: p.Note, By: e.Author, ByParty: e.Party, Time: e.Time, Seq: e.Seq})
	case KindBreachRecorded:
		p, err := decode[BreachRecorded](e)
		if err != nil {
			return err
		}
		a.Breaches = append(a.Breaches, Breach{BreachRecorded: *p, Seq: e.Seq})
	default:
		return fmt.Errorf("not an agreement entry")
	}
	return nil
}

func foldPassage(p *Passage, e *ledger.Entry) error {
	p.Seq = e.Seq
	switch e.Kind {
	case KindPassageProposed:
		d, err := decode[PassageProposed](e)
		if err != nil {
			return err
		}
		if p.ID == "" {
			p.ID, p.Party, p.Release, p.Created, p.Status = d.Version.ID, e.Party, d.Release, e.Time, PassagePlanned
			p.Guarantees, p.History, p.Hazards = []Guarantee{}, []StatusChange{}, []Hazard{}
		}
		p.Versions = append(p.Versions, PassageVersion{PassageSpec: d.Version, Party: e.Party, Author: e.Author,
			ProposedAt: e.Time, Seq: e.Seq})
		p.Latest = d.Version.Version
	case KindPassageGuaranteed:
		d, err := decode[PassageGuaranteed](e)
		if err != nil {
			return err
		}
		p.Guarantees = append(p.Guarantees, Guarantee{Party: d.Party, Version: d.Version, Author: e.Author, Time: e.Time, Seq: e.Seq})
	case KindPassageStatus:
		d, err := decode[PassageStatusChanged](e)
		if err != nil {
			return err
		}
		p.Status = d.Status
		p.History = append(p.History, StatusChange{Status: d.Status, Version: d.Version, Reason: d.Reason, By: e.Author,
			Party: e.Party, Time: e.Time, Seq: e.Seq})
	case KindPassageHazard:
		d, err := decode[HazardReported](e)
		if err != nil {
			return err
		}
		p.Hazards = append(p.Hazards, Hazard{Hazard: d.Hazard, Point: d.Location, Note: d.Note, By: e.Author,
			Party: e.Party, Time: e.Time, Seq: e.Seq})
	default:
		return fmt.Errorf("not a passage entry")
	}
	return nil
}
