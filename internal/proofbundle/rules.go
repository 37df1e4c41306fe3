package proofbundle

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// RuleFindings is the rule of an incident's finding: findings.Fold over
// the incident's entries with FindingsInputs.
const RuleFindings = "findings.fold/v1"

// FindingsInputs are the inputs of RuleFindings besides the entries: the
// parties' standing in the centre and the time replies are judged at.
type FindingsInputs struct {
	Monitors  []string  `json:"monitors"`
	CoChairs  []string  `json:"co_chairs"`
	Withdrawn []string  `json:"withdrawn"`
	AsOf      time.Time `json:"as_of"`
}

// FindingsInputsOf returns the inputs that state c.
func FindingsInputsOf(c findings.Centre) FindingsInputs {
	return FindingsInputs{Monitors: slices.Sorted(maps.Keys(c.Monitors)), CoChairs: slices.Sorted(slices.Values(c.CoChairs)),
		Withdrawn: slices.Sorted(maps.Keys(c.Withdrawn)), AsOf: c.Now.UTC()}
}

func (in FindingsInputs) centre() findings.Centre {
	set := func(ids []string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	return findings.Centre{Monitors: set(in.Monitors), CoChairs: slices.Clone(in.CoChairs), Withdrawn: set(in.Withdrawn), Now: in.AsOf}
}

// Rule computes an outcome from a subject, its entries in order and the
// rule's inputs, as a pure function.
type Rule func(subject string, entries []*ledger.Entry, inputs json.RawMessage) (any, error)

// Rules are the rules a bundle may name, by name.
var Rules = map[string]Rule{
	RuleFindings: func(subject string, entries []*ledger.Entry, inputs json.RawMessage) (any, error) {
		id, ok := incidents.ParseSubject(subject)
		if !ok || id == "" {
			return nil, fmt.Errorf("rule %s: subject %q is not an incident", RuleFindings, subject)
		}
		var in FindingsInputs
		if err := json.Unmarshal(inputs, &in); err != nil {
			return nil, fmt.Errorf("rule %s: inputs: %w", RuleFindings, err)
		}
		for _, e := range entries {
			if e.Subject != subject {
				return nil, fmt.Errorf("rule %s: entry %d is about %q, not %q", RuleFindings, e.Seq, e.Subject, subject)
			}
		}
		return findings.Fold(id, entries, in.centre()), nil
	},
}
