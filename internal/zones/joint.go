package zones

import (
	"encoding/json"
	"slices"
	"time"

	"truce/internal/cochair"
	"truce/internal/ledger"
)

// JointVersions returns the versions of zone id computed from its entries
// es in the joint order (package federation/joint), read from every log a
// node holds: the version in force follows from who agreed to which
// version, whichever node logged each agreement. It is a pure function of
// its arguments, so that two nodes holding the same entries, the same
// co-chairs and the same departures compute the same versions.
//
// The rules:
//   - A zone.proposed counts only for the next version number (the zone's
//     latest + 1, version 1 first); a second proposal of a number already
//     proposed is ignored, the first in the joint order holding it.
//   - A zone.agreed counts only as its own party's statement (the payload's
//     party is the entry's party), once per party and version, for a
//     version already proposed. Its Complete flag, the writing node's view,
//     is not read.
//   - A version is agreed at the time of the agreement, in the joint order,
//     that leaves no co-chair missing (cochair.Missing): of coChairs, and of
//     the co-chairs that left the centre (gone) after it was proposed. One
//     that then awaits only such departed co-chairs is agreed when the last
//     of them left (or at its last agreement, if later), as the projection
//     of a departure agrees it.
//   - InForceFrom is InForceFrom(effective time, agreed time).
//
// Entries of other kinds or subjects, and entries whose payload does not
// decode, are skipped. Pending and Withdrawn are left to the reader
// (AgreementState).
func JointVersions(id string, es []*ledger.Entry, coChairs []string, gone []Departure) []Version {
	out := []Version{}
	last := []string{} // per version, the time of its last counted agreement
	for _, e := range es {
		if e.Subject != Subject(id) {
			continue
		}
		switch e.Kind {
		case KindProposed:
			var p Proposed
			if json.Unmarshal(e.Payload, &p) != nil || p.Version.ZoneID != id || p.Version.Version != len(out)+1 {
				continue
			}
			out = append(out, Version{Spec: p.Version, Party: e.Party, Author: e.Author, ProposedAt: e.Time,
				AgreedBy: []string{}, Seq: e.Seq})
			last = append(last, "")
		case KindAgreed:
			var a Agreed
			if json.Unmarshal(e.Payload, &a) != nil || a.ZoneID != id || a.Party != e.Party || a.Version < 1 || a.Version > len(out) {
				continue
			}
			v := &out[a.Version-1]
			if slices.Contains(v.AgreedBy, a.Party) {
				continue
			}
			v.AgreedBy = append(v.AgreedBy, a.Party)
			slices.Sort(v.AgreedBy)
			last[a.Version-1] = e.Time
			if v.AgreedAt == "" && len(cochair.Missing(required(v, coChairs, gone), v.AgreedBy)) == 0 {
				agree(v, e.Time)
			}
		}
	}
	for i := range out {
		if v := &out[i]; v.AgreedAt == "" {
			if at, ok := agreedByDepartures(v, coChairs, gone); ok {
				if a, b := parseTime(last[i]), parseTime(at); a.After(b) {
					at = last[i]
				}
				agree(v, at)
			}
		}
	}
	return out
}

// required returns the co-chairs whose agreement v needs: coChairs and
// the co-chairs that left the centre after v was proposed.
func required(v *Version, coChairs []string, gone []Departure) []string {
	out := slices.Clone(coChairs)
	proposed, err := time.Parse(time.RFC3339Nano, v.ProposedAt)
	for _, d := range gone {
		if err == nil && !d.At.Before(proposed) && !slices.Contains(out, d.Party) {
			out = append(out, d.Party)
		}
	}
	return out
}

// agree marks v agreed at at (RFC 3339) and sets when it is in force.
func agree(v *Version, at string) {
	v.AgreedAt = at
	eff, err := time.Parse(time.RFC3339Nano, v.EffectiveFrom)
	if err != nil {
		return
	}
	agreed, _ := time.Parse(time.RFC3339Nano, at)
	v.InForceFrom = InForceFrom(eff, agreed).UTC().Format(time.RFC3339Nano)
}

// agreedByDepartures reports whether pending version v awaits only
// co-chairs that left the centre after it was proposed (and every co-chair
// still in the centre agreed), and when the last of them left (RFC 3339).
func agreedByDepartures(v *Version, coChairs []string, gone []Departure) (string, bool) {
	proposed, err := time.Parse(time.RFC3339Nano, v.ProposedAt)
	if err != nil || len(cochair.Missing(coChairs, v.AgreedBy)) > 0 {
		return "", false
	}
	var last time.Time
	for _, d := range gone {
		if slices.Contains(v.AgreedBy, d.Party) || d.At.Before(proposed) || slices.Contains(coChairs, d.Party) {
			continue
		}
		if d.At.After(last) {
			last = d.At
		}
	}
	if last.IsZero() {
		return "", false
	}
	return last.UTC().Format(time.RFC3339Nano), true
}

// parseTime reads an RFC 3339 time, the zero time if it does not parse.
func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
