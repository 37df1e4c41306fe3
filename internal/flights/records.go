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
// while the prediction lasts.
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
	what := "flight plans"
	if track {
		what = "tracks"
		s := ttl.Seconds()
		r.TimeToLossS = &s
	}
	r.Detail = fmt.Sprintf("%s %s (%s) and %s (%s) lose separation from %s to %s; closest %.0f m horizontally at %s, %.0f ft vertically at least",
		what, c.A, c.PartyA, c.B, c.PartyB, r.Start, r.End, c.MinHorizontalM, rfc(c.CPA), c.MinVerticalFt)
	return r
}

// fromIntrusion makes the record of a reservation intrusion.
func fromIntrusion(in *deconflict.Intrusion) *Conflict {
	src := source(in.Track)
	subj := []string{in.Subject, in.Reservation}
	return &Conflict{ID: conflictID(src, KindIntrusion, subj, in.Start, in.End), Kind: KindIntrusion, Source: src,
		Subjects: subj, Parties: sortedParties(in.SubjectParty, in.ReservationParty), Start: rfc(in.Start), End: rfc(in.End),
		Status: ConflictOpen,
		Detail: fmt.Sprintf("%s %s (%s) is inside reservation %s of %s from %s to %s", src, in.Subject, in.SubjectParty,
			in.Reservation, in.ReservationParty, rfc(in.Start), rfc(in.End))}
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
		r.Detail = fmt.Sprintf("%s %s (%s) passes below %.0f ft within the buffer of notified site %s from %s to %s, %.0f m from it at closest",
			src, a.Subject, a.SubjectParty, opt.SiteCeilingFt, a.Ref, r.Start, r.End, a.MinDistanceM)
	} else {
		r.Detail = fmt.Sprintf("%s %s (%s) passes within %.0f m of humanitarian movement %s's route during its window, from %s to %s",
			src, a.Subject, a.SubjectParty, opt.MovementDistanceM, a.Ref, r.Start, r.End)
	}
	return r
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
