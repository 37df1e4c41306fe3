package cite

import (
	"encoding/json"
	"fmt"
	"slices"

	"truce/internal/ledger"
)

// Field is the top-level payload field that holds an entry's citations, a
// JSON array of Citation objects.
const Field = "cites"

// kindFields are the kinds that cite through a field of their own, fixed
// before Field existed, each holding one Citation object. A kind added
// here keeps its field; new kinds use Field.
var kindFields = map[string]string{
	"roster.agreed": "proposal",
}

// Extract returns the citations of an entry of kind with payload: those
// of Field and of its kind's own field, in that order. A payload that is
// not a JSON object cites nothing. A citation field that does not decode
// is an error: the entry's author wrote something that is not a citation
// where one belongs.
func Extract(kind string, payload json.RawMessage) ([]Citation, error) {
	var top map[string]json.RawMessage
	if json.Unmarshal(payload, &top) != nil {
		return nil, nil
	}
	var out []Citation
	if raw, ok := top[Field]; ok {
		if err := json.Unmarshal(raw, &out); err != nil {
			return nil, fmt.Errorf("cite: %s: field %s: %w", kind, Field, err)
		}
	}
	if f, ok := kindFields[kind]; ok {
		if raw, ok := top[f]; ok {
			var c Citation
			if err := json.Unmarshal(raw, &c); err != nil {
				return nil, fmt.Errorf("cite: %s: field %s: %w", kind, f, err)
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// Merge returns the canonical payload (a JSON object) with add joined to
// its Field citations: each once, ordered by [Less]. It returns payload
// unchanged when add holds nothing new, and an error if payload is not a
// JSON object.
func Merge(payload []byte, add []Citation) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(payload, &top); err != nil || top == nil {
		return nil, fmt.Errorf("cite: a payload that cites must be a JSON object")
	}
	var have []Citation
	if raw, ok := top[Field]; ok {
		if err := json.Unmarshal(raw, &have); err != nil {
			return nil, fmt.Errorf("cite: field %s: %w", Field, err)
		}
	}
	all := slices.Clone(have)
	for _, c := range add {
		if !slices.Contains(all, c) {
			all = append(all, c)
		}
	}
	if len(all) == len(have) {
		return payload, nil
	}
	slices.SortFunc(all, func(a, b Citation) int {
		switch {
		case Less(a, b):
			return -1
		case Less(b, a):
			return 1
		}
		return 0
	})
	raw, err := json.Marshal(all)
	if err != nil {
		return nil, fmt.Errorf("cite: encode citations: %w", err)
	}
	top[Field] = raw
	out, err := json.Marshal(top)
	if err != nil {
		return nil, fmt.Errorf("cite: encode payload: %w", err)
	}
	return ledger.Canonicalize(out)
}
