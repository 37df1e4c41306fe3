package flights

import (
	"context"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/alerts"
)

// AlertKey is the key of the alert raised for conflict id by entry seq to
// the parties concerned that may know every subject.
func AlertKey(id string, seq int64) string { return fmt.Sprintf("air_conflict:%s:%d", id, seq) }

// PartyAlertKey is the key of the alert raised to party alone, for a
// record one of whose subjects party may not know; key is the record's
// AlertKey.
func PartyAlertKey(key, party string) string { return key + "/" + party }

// alertKeyFor is the key of the alert raised for conflict id by entry
// seq to party alone (PartyAlertKey), or, with party "", to the parties
// that may know every subject (AlertKey).
func alertKeyFor(id string, seq int64, party string) string {
	if party == "" {
		return AlertKey(id, seq)
	}
	return PartyAlertKey(AlertKey(id, seq), party)
}

// disclosure returns the Disclosure in force: the node's reference key
// and the co-chairs (as cached by coChairs). The caller holds s.mu.
func (s *Service) disclosure(ctx context.Context) (Disclosure, error) {
	chairs, err := s.coChairs(ctx)
	if err != nil {
		return Disclosure{}, err
	}
	return newDisclosure(s.refKey, chairs), nil
}

// readDisclosure is disclosure for read paths, which do not hold s.mu:
// it reads the co-chairs as they are now.
func (s *Service) readDisclosure(ctx context.Context) (Disclosure, error) {
	ps, err := s.deps.Parties.Parties(ctx)
	if err != nil {
		return Disclosure{}, fmt.Errorf("flights: parties: %w", err)
	}
	var chairs []string
	for _, p := range ps {
		if p.CoChair {
			chairs = append(chairs, p.ID)
		}
	}
	return newDisclosure(s.refKey, chairs), nil
}

// describe fills in the releasability of each subject of rec as the
// service holds it: a plan's or reservation's own, a track's (its party;
// the co-chairs know every aircraft), a notified site's or movement's. A
// subject the service does not hold is taken as known to its party alone.
// The caller holds s.mu.
func (s *Service) describe(rec *Conflict) {
	for i := range rec.About {
		a := &rec.About[i]
		a.Release = access.Releasability{TLP: access.TLPAmber, Audience: []string{a.Party}}
		switch a.Type {
		case SubjectPlan:
			if p, ok := s.heldPlans[a.ID]; ok {
				a.Release = p.release
			}
		case SubjectReservation:
			if r, ok := s.heldRes[a.ID]; ok {
				a.Release = r
			}
		case SubjectSite, SubjectMovement:
			if r, ok := s.noticeRel[a.ID]; ok {
				a.Release = r
			}
		}
	}
}

// alertSpecs returns the alerts of rec (raised by entry rec.Seq) and,
// for each, the party it is raised to alone ("" for the first): one under
// AlertKey to the parties concerned that may know every subject, naming
// them in full; and one under PartyAlertKey to each other party concerned,
// alone, written as Disclosure lets it see the record (its own subjects by
// id, the others by its opaque reference, with no party). Each alert.raised
// entry is released to its own alert's parties only, so no entry names a
// subject to a party that may not know it.
func (s *Service) alertSpecs(d Disclosure, rec *Conflict) (specs []alerts.Spec, parties []string) {
	base := alerts.Spec{Kind: alerts.KindAirConflict, Severity: alerts.SeveritySevere,
		Links: []alerts.Link{{Type: "conflict", ID: rec.ID, Seq: rec.Seq}}, Causes: []access.Releasability{rec.Release}}
	title := "Air conflict: {0} and {1}"
	switch {
	case rec.Kind == KindIntrusion:
		title, base.Severity = "Reservation intrusion: {0} in {1}", alerts.SeverityModerate
	case rec.Kind == KindAdvisory:
		title, base.Kind, base.Severity = "Air advisory: {0} near {1}", alerts.KindAirAdvisory, alerts.SeverityModerate
	case rec.TimeToLossS != nil && *rec.TimeToLossS < 60:
		base.Severity = alerts.SeverityExtreme
	}
	if rec.Where != nil {
		base.Area = &alerts.Area{Description: "where separation is least", Lat: rec.Where.Lat, Lon: rec.Where.Lon, RadiusM: s.cfg.Engine.LateralMinimum}
	}
	spec := func(party string, concerned []string) {
		sp := base
		sp.Links = slices.Clone(base.Links)
		sp.Key, sp.Concerned = alertKeyFor(rec.ID, rec.Seq, party), concerned
		names := d.names(rec, concerned[0])
		sp.Title, sp.Description = render(title, names), render(rec.Template, names)
		sp.About = s.alertAbout(d, rec, concerned)
		if rec.Template == "" {
			sp.Description = ""
		}
		specs, parties = append(specs, sp), append(parties, party)
	}
	full := d.knowers(rec, rec.Parties)
	if len(full) > 0 {
		spec("", full)
	}
	for _, p := range rec.Parties {
		if !slices.Contains(full, p) {
			spec(p, []string{p})
		}
	}
	return specs, parties
}

// alertAbout returns what an alert about rec to the parties concerned is
// about, as structured fields a client words in its user's language: each
// side of rec as every party of concerned may know it (Disclosure), a
// side one of them may not know hidden (its type only), and a flight
// plan's callsign only where the plan is released to every one of them (a
// co-chair may know an aircraft's id and party without its callsign). It
// returns nil for a record logged before its subjects were described.
// The caller holds s.mu.
func (s *Service) alertAbout(d Disclosure, rec *Conflict, concerned []string) *alerts.About {
	if len(rec.About) != len(rec.Subjects) {
		return nil
	}
	every := func(ok func(party string) bool) bool {
		for _, p := range concerned {
			if !ok(p) {
				return false
			}
		}
		return len(concerned) > 0
	}
	about := &alerts.About{Subjects: make([]alerts.AboutSubject, len(rec.Subjects))}
	for i := range rec.Subjects {
		a := &rec.About[i]
		sub := alerts.AboutSubject{Type: a.Type}
		switch {
		case !every(func(p string) bool { return a.knownBy(p, d.chairs) }):
			sub.Hidden = true
		default:
			sub.ID, sub.Party = rec.Subjects[i], a.Party
			if held, ok := s.heldPlans[sub.ID]; ok && a.Type == SubjectPlan && every(a.Release.VisibleTo) {
				sub.Callsign = held.callsign
			}
		}
		about.Subjects[i] = sub
	}
	return about
}
