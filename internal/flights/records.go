package flights

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"truce/internal/deconflict"
)

// conflictID is deterministic: the same conflict found again (after a
// restart) has the same id. For plans the exact interval is part of it;
// for tracks only the kind and subjects, so one record per pair stays open
// while the prediction lasts (and Tick keys it with trackRecordID, since
// track ids can be guessed).
func conflictID(source, kind string, subjects []string, start, end time.Time) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s", source, kind, strings.Join(subjects, "\x00"))
	if source == "plan" {
		fmt.Fprintf(h, "\x00%d\x00%d", start.UnixMilli(), end.UnixMilli())
	}
	return "cfl_" + hex.EncodeToString(h.Sum(nil)[:10])
}

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func sortedParties(ps ...string) []string {
	out := slices.Clone(ps)
	slices.Sort(out)
	return slices.Compact(out)
}

func source(track bool) string {
	if track {
		return "track"
	}
	return "plan"
}

// fromConflict makes the record of an engine conflict.
func fromConflict(c *deconflict.Conflict, track bool, ttl *time.Duration) *Conflict {
	src := source(track)
	subj := []string{c.A, c.B}
	r := &Conflict{ID: conflictID(src, KindConflict, subj, c.Start, c.End), Kind: KindConflict, Source: src,
		Subjects: subj, Parties: sortedParties(c.PartyA, c.PartyB), Start: rfc(c.Start), End: rfc(c.End),
		MinHorizontalM: round(c.MinHorizontalM, 1), MinVerticalFt: round(c.MinVerticalFt, 1),
		Where:  &Point{Lat: round((c.PosA.Lat+c.PosB.Lat)/2, 6), Lon: round((c.PosA.Lon+c.PosB.Lon)/2, 6), AltFt: round((c.PosA.AltFt+c.PosB.AltFt)/2, 0)},
		Status: ConflictOpen}
	typ := SubjectPlan
	if track {
		typ = SubjectTrack
		s := ttl.Seconds()
		r.TimeToLossS = &s
	}
	r.About = []Subject{{Type: typ, ID: c.A, Party: c.PartyA}, {Type: typ, ID: c.B, Party: c.PartyB}}
	r.setDetail(fmt.Sprintf("{0} and {1} lose separation from %s to %s; closest %.0f m horizontally at %s, %.0f ft vertically at least",
		r.Start, r.End, c.MinHorizontalM, rfc(c.CPA), c.MinVerticalFt))
	return r
}

// fromIntrusion makes the record of a reservation intrusion.
func fromIntrusion(in *deconflict.Intrusion) *Conflict {
	src := source(in.Track)
	subj := []string{in.Subject, in.Reservation}
	r := &Conflict{ID: conflictID(src, KindIntrusion, subj, in.Start, in.End), Kind: KindIntrusion, Source: src,
		Subjects: subj, Parties: sortedParties(in.SubjectParty, in.ReservationParty), Start: rfc(in.Start), End: rfc(in.End),
		Status: ConflictOpen,
		About:  []Subject{{Type: src, ID: in.Subject, Party: in.SubjectParty}, {Type: SubjectReservation, ID: in.Reservation, Party: in.ReservationParty}}}
	r.setDetail(fmt.Sprintf("{0} is inside {1} from %s to %s", rfc(in.Start), rfc(in.End)))
	return r
}

// fromAdvisory makes the record of an advisory; notifier is the party that
// notified the site or movement.
func fromAdvisory(a *deconflict.Advisory, notifier string, opt deconflict.AdvisoryOptions) *Conflict {
	src := source(a.Track)
	subj := []string{a.Subject, a.Ref}
	r := &Conflict{ID: conflictID(src, KindAdvisory, subj, a.Start, a.End), Kind: KindAdvisory, Source: src,
		Subjects: subj, Parties: sortedParties(a.SubjectParty, notifier), Start: rfc(a.Start), End: rfc(a.End),
		MinHorizontalM: round(a.MinDistanceM, 1), Status: ConflictOpen}
	if a.Kind == "site" {
		r.About = []Subject{{Type: src, ID: a.Subject, Party: a.SubjectParty}, {Type: SubjectSite, ID: a.Ref, Party: notifier}}
		r.setDetail(fmt.Sprintf("{0} passes below %.0f ft within the buffer of {1} from %s to %s, %.0f m from it at closest",
			opt.SiteCeilingFt, r.Start, r.End, a.MinDistanceM))
	} else {
		r.About = []Subject{{Type: src, ID: a.Subject, Party: a.SubjectParty}, {Type: SubjectMovement, ID: a.Ref, Party: notifier}}
		r.setDetail(fmt.Sprintf("{0} passes within %.0f m of the route of {1} during its window, from %s to %s",
			opt.MovementDistanceM, r.Start, r.End))
	}
	return r
}

// setDetail sets the record's detail template and its detail, with every
// subject named in full (what the conflict.raised entry's audience may
// read).
func (r *Conflict) setDetail(tmpl string) {
	r.Template = tmpl
	names := make([]string, len(r.About))
	for i := range r.About {
		names[i] = r.About[i].shownName()
	}
	r.Detail = render(tmpl, names)
}

func round(v float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	if v >= 0 {
		return float64(int64(v*p+0.5)) / p
	}
	return -float64(int64(-v*p+0.5)) / p
}
