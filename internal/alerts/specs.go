package alerts

import (
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/notify"
)

func concerned(parties ...[]string) []string {
	var out []string
	for _, ps := range parties {
		for _, p := range ps {
			if p != "" {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// SiteAffectedSpec is the alert for inc affecting a notified site: extreme,
// concerning the notifier, the alleged perpetrator and the co-chairs.
func SiteAffectedSpec(s *SiteFact, inc *Incident, chairs []string) Spec {
	notified := s.NotifiedAt[inc.Perpetrator]
	return Spec{
		Key:      "site_affected:" + inc.ID + ":" + s.ID,
		Kind:     KindSiteAffected,
		Severity: SeverityExtreme,
		Title:    fmt.Sprintf("Notified site affected: %s", s.Name),
		Description: fmt.Sprintf("Incident %s (%s) lies within the %.0f m buffer of protected site %s (%q), which was notified to %s on %s, before the incident.",
			inc.ID, inc.Start.UTC().Format(time.RFC3339), s.BufferM, s.ID, s.Name, inc.Perpetrator, notified.UTC().Format(time.RFC3339)),
		Concerned: concerned([]string{s.Notifier, inc.Perpetrator}, chairs),
		Links:     []Link{{Type: "incident", ID: inc.ID, Seq: inc.Seq}, {Type: "site", ID: s.ID, Seq: s.Seq}},
		Causes:    []access.Releasability{s.Release, inc.Release},
		Area:      &Area{Description: s.Name, Lon: s.Location[0], Lat: s.Location[1], RadiusM: s.BufferM},
		About: &About{Incident: inc.ID, IncidentAt: inc.Start.UTC().Format(time.RFC3339), Site: s.ID, SiteNames: s.Names,
			DistanceM: s.BufferM, Party: inc.Perpetrator, NotifiedAt: notified.UTC().Format(time.RFC3339)},
	}
}

// MovementAffectedSpec is the alert for inc on a movement's route during
// its window: severe, concerning the notifier, the notified parties, the
// alleged perpetrator and the co-chairs.
func MovementAffectedSpec(mv *MovementFact, inc *Incident, chairs []string) Spec {
	c, r := circleAround(mv.Route.Bound(), mv.CorridorM)
	return Spec{
		Key:      "movement_affected:" + inc.ID + ":" + mv.ID,
		Kind:     KindMovementAffected,
		Severity: SeveritySevere,
		Title:    fmt.Sprintf("Incident on the route of movement %s during its window", mv.ID),
		Description: fmt.Sprintf("Incident %s (%s) lies within %.0f m of the route of movement %s, planned %s to %s.",
			inc.ID, inc.Start.UTC().Format(time.RFC3339), mv.CorridorM, mv.ID, mv.Start.Format(time.RFC3339), mv.End.Format(time.RFC3339)),
		Concerned: concerned([]string{mv.Notifier, inc.Perpetrator}, mv.Parties, chairs),
		Links:     []Link{{Type: "incident", ID: inc.ID, Seq: inc.Seq}, {Type: "movement", ID: mv.ID, Seq: mv.Seq}},
		Causes:    []access.Releasability{mv.Release, inc.Release},
		Area:      &Area{Description: "route of movement " + mv.ID, Lon: c[0], Lat: c[1], RadiusM: r},
		About: &About{Incident: inc.ID, IncidentAt: inc.Start.UTC().Format(time.RFC3339), Movement: mv.ID, DistanceM: mv.CorridorM,
			WindowStart: mv.Start.UTC().Format(time.RFC3339), WindowEnd: mv.End.UTC().Format(time.RFC3339)},
	}
}

// OverdueSpec is the alert for party o.Party not having acknowledged
// version o.Version of notice n by its deadline: moderate for a site,
// severe for a movement, concerning the notifier, the overdue party and the
// co-chairs.
func OverdueSpec(n *notify.Notice, o notify.OverdueAck, chairs []string) Spec {
	sev, what, area := SeverityModerate, "", (*Area)(nil)
	about := &About{Party: o.Party, Notifier: o.Notifier, Version: o.Version, Deadline: o.Deadline}
	if n.Site != nil {
		about.Site, about.SiteNames = n.ID, n.Site.Names
		name := siteName(n.Site)
		what = fmt.Sprintf("protected site %q", name)
		if pt, err := notify.SiteGeometry(n.Site); err == nil {
			area = &Area{Description: name, Lon: pt[0], Lat: pt[1], RadiusM: n.Site.BufferM}
		}
	} else if n.Movement != nil {
		sev = SeveritySevere
		about.Movement, about.WindowStart = n.ID, n.Movement.Window.Start
		what = fmt.Sprintf("movement %s (window from %s)", n.ID, n.Movement.Window.Start)
		if route, err := notify.MovementGeometry(n.Movement); err == nil {
			c, r := circleAround(orb.LineString(route).Bound(), n.Movement.CorridorM)
			area = &Area{Description: "route of movement " + n.ID, Lon: c[0], Lat: c[1], RadiusM: r}
		}
	}
	return Spec{
		Key:         fmt.Sprintf("ack_overdue:%s:%s:v%d", o.NoticeID, o.Party, o.Version),
		Kind:        KindAckOverdue,
		Severity:    sev,
		Title:       fmt.Sprintf("Acknowledgement overdue: %s has not acknowledged %s", o.Party, what),
		Description: fmt.Sprintf("%s was notified by %s of version %d of %s and had to acknowledge it by %s; it has not.", o.Party, o.Notifier, o.Version, what, o.Deadline),
		Concerned:   concerned([]string{o.Notifier, o.Party}, chairs),
		Links:       []Link{{Type: string(o.Type), ID: o.NoticeID, Seq: o.Seq}},
		Causes:      []access.Releasability{n.Release},
		Area:        area,
		About:       about,
	}
}
