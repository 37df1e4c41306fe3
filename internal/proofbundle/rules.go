package proofbundle

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"truce/internal/federation/joint"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// RuleFindings is the rule of an incident's finding from one log:
// findings.Fold over the incident's entries in the bundle's order with
// FindingsInputs. Bundles of one node's log named it before statements
// could come from several logs; it is still verified.
const RuleFindings = "findings.fold/v1"

// RuleJointFindings is the rule of an incident's finding from every log
// it was computed from: the statements put in the joint order
// (joint.Order: each after the statements it cites, otherwise by time,
// origin and index), then findings.Fold with FindingsInputs, as every
// node computes the finding.
const RuleJointFindings = "findings.joint/v1"

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

// Rule computes an outcome from a subject, its statements in the bundle's
// order (each with its origin, leaf hash and citations) and the rule's
// inputs, as a pure function.
type Rule func(subject string, statements []joint.Entry, inputs json.RawMessage) (any, error)

// Rules are the rules a bundle may name, by name.
var Rules = map[string]Rule{
	RuleFindings: func(subject string, statements []joint.Entry, inputs json.RawMessage) (any, error) {
		id, in, err := findingsArgs(RuleFindings, subject, statements, inputs)
		if err != nil {
			return nil, err
		}
		return findings.Fold(id, entriesOf(statements), in.centre()), nil
	},
	RuleJointFindings: func(subject string, statements []joint.Entry, inputs json.RawMessage) (any, error) {
		id, in, err := findingsArgs(RuleJointFindings, subject, statements, inputs)
		if err != nil {
			return nil, err
		}
		return findings.Fold(id, entriesOf(joint.Order(statements)), in.centre()), nil
	},
}

// findingsArgs returns the incident id of subject and the decoded inputs
// of a findings rule, and an error if subject is not an incident, the
// inputs do not decode, or a statement is about another subject.
func findingsArgs(rule, subject string, statements []joint.Entry, inputs json.RawMessage) (string, FindingsInputs, error) {
	var in FindingsInputs
	id, ok := incidents.ParseSubject(subject)
	if !ok || id == "" {
		return "", in, fmt.Errorf("rule %s: subject %q is not an incident", rule, subject)
	}
	if err := json.Unmarshal(inputs, &in); err != nil {
		return "", in, fmt.Errorf("rule %s: inputs: %w", rule, err)
	}
	for _, s := range statements {
		if s.Entry.Subject != subject {
			return "", in, fmt.Errorf("rule %s: entry %s#%d is about %q, not %q", rule, s.Origin, s.Entry.Seq, s.Entry.Subject, subject)
		}
	}
	return id, in, nil
}

func entriesOf(statements []joint.Entry) []*ledger.Entry {
	out := make([]*ledger.Entry, len(statements))
	for i, s := range statements {
		out[i] = s.Entry
	}
	return out
}
