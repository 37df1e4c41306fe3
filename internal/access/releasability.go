package access

import (
	"truce/internal/fault"

	"fmt"
	"slices"
	"strings"
)

// TLP is a Traffic Light Protocol 2.0 label.
type TLP string

// The TLP 2.0 labels, from most to least releasable.
const (
	TLPClear       TLP = "CLEAR"
	TLPGreen       TLP = "GREEN"
	TLPAmber       TLP = "AMBER"
	TLPAmberStrict TLP = "AMBER+STRICT"
	TLPRed         TLP = "RED"
)

// Labels lists every valid TLP label, most releasable first.
var Labels = []TLP{TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}

// Valid reports whether t is one of the five TLP 2.0 labels.
func (t TLP) Valid() bool { return slices.Contains(Labels, t) }

// Releasability says who may see a record: a TLP label and the parties in its
// audience.
//
// The rules, applied by [Releasability.VisibleTo]:
//   - CLEAR: everyone, including the public (no login).
//   - GREEN: every member party of the centre (any authenticated user).
//   - AMBER, AMBER+STRICT, RED: only users of the parties in Audience.
//
// The owning party is always part of the audience: [Releasability.Normalize]
// adds it. The node's operator gets no exception: an admin sees what the
// admin's party may see, nothing more.
type Releasability struct {
	TLP      TLP      `json:"tlp"`
	Audience []string `json:"audience,omitempty"`
}

// Normalize returns r with the owner added to the audience and the audience
// sorted and de-duplicated, so that equal releasabilities encode equally.
// CLEAR and GREEN keep an audience only if one was given: it then names who
// the record was addressed to, not who may see it.
func (r Releasability) Normalize(owner string) Releasability {
	aud := slices.Clone(r.Audience)
	if owner != "" && r.TLP != TLPClear && r.TLP != TLPGreen {
		aud = append(aud, owner)
	}
	slices.Sort(aud)
	aud = slices.Compact(aud)
	if len(aud) == 0 {
		aud = nil
	}
	return Releasability{TLP: r.TLP, Audience: aud}
}

// Validate checks the label and that every audience member is a known party.
// known may be nil to skip the party check. The error names the bad value.
func (r Releasability) Validate(known func(party string) bool) error {
	if !r.TLP.Valid() {
		return &fault.InvalidError{Field: "releasability.tlp", Reason: fmt.Sprintf("%q is not a TLP 2.0 label; use one of %s", r.TLP, labelList())}
	}
	for i, p := range r.Audience {
		if p == "" {
			return &fault.InvalidError{Field: fmt.Sprintf("releasability.audience[%d]", i), Reason: "empty party id"}
		}
		if known != nil && !known(p) {
			return &fault.InvalidError{Field: fmt.Sprintf("releasability.audience[%d]", i), Reason: fmt.Sprintf("unknown party %q", p)}
		}
	}
	return nil
}

// VisibleTo reports whether a user of party (empty for the public) may see a
// record with this releasability.
func (r Releasability) VisibleTo(party string) bool {
	switch r.TLP {
	case TLPClear:
		return true
	case TLPGreen:
		return party != ""
	case TLPAmber, TLPAmberStrict, TLPRed:
		return party != "" && slices.Contains(r.Audience, party)
	default:
		return false // an unknown label releases nothing
	}
}

// Sensitive reports whether reads of such a record must be audited
// (AMBER, AMBER+STRICT and RED).
func (r Releasability) Sensitive() bool {
	return r.TLP == TLPAmber || r.TLP == TLPAmberStrict || r.TLP == TLPRed
}

func labelList() string {
	s := make([]string, len(Labels))
	for i, l := range Labels {
		s[i] = string(l)
	}
	return strings.Join(s, ", ")
}

// ReleasableToParty reports whether a record with this releasability may be
// sent to another node that serves party (a federation peer), as opposed
// to shown to one user. A party node is never the public: party must be
// non-empty, and then the rules are those of [Releasability.VisibleTo] for
// a user of that party (CLEAR and GREEN to every member party; AMBER,
// AMBER+STRICT and RED only to the parties in Audience). The node of a
// party in the audience is where that party's users read the record, so
// AMBER+STRICT and RED reach it; they reach no other node. An unknown
// label releases nothing.
func (r Releasability) ReleasableToParty(party string) bool {
	if party == "" {
		return false
	}
	return r.VisibleTo(party)
}
