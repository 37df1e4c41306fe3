package alerts

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/notify"
)

// FeedStaleSpec is the alert for st: a movement under way whose notified
// party's systems last pulled its feed before it was notified of the
// movement's current version (or never did). Severe, concerning that
// party and the notifier only; raised once per movement version and party.
func FeedStaleSpec(st notify.StaleFeed) Spec {
	m := &st.Movement
	last := "has never pulled its notification feed"
	if st.Pull != nil {
		last = fmt.Sprintf("last pulled its notification feed at %s (version %d)", st.Pull.At.UTC().Format(time.RFC3339), st.Pull.Version)
	}
	var area *Area
	if route, err := notify.MovementGeometry(m.Movement); err == nil {
		c, r := circleAround(orb.LineString(route).Bound(), m.Movement.CorridorM)
		area = &Area{Description: "route of movement " + m.ID, Lon: c[0], Lat: c[1], RadiusM: r}
	}
	about := &About{Movement: m.ID, WindowStart: m.Movement.Window.Start, WindowEnd: m.Movement.Window.End, Party: st.Party,
		Notifier: m.Party, Version: m.Version, NotifiedAt: st.Notified.UTC().Format(time.RFC3339)}
	if st.Pull != nil {
		about.PulledAt, about.PulledVersion = st.Pull.At.UTC().Format(time.RFC3339), int(st.Pull.Version)
	}
	return Spec{
		Key:      fmt.Sprintf("feed_stale:%s:v%d:%s", m.ID, m.Version, st.Party),
		Kind:     KindFeedStale,
		Severity: SeveritySevere,
		Title:    fmt.Sprintf("Movement %s under way: %s's systems may not have it", m.ID, st.Party),
		Description: fmt.Sprintf("Movement %s (window %s to %s) is under way; %s was notified of its version %d at %s and %s.",
			m.ID, m.Movement.Window.Start, m.Movement.Window.End, st.Party, m.Version, st.Notified.UTC().Format(time.RFC3339), last),
		Concerned: concerned([]string{m.Party, st.Party}),
		Links:     []Link{{Type: string(m.Type), ID: m.ID, Seq: m.Seq}},
		Causes:    []access.Releasability{m.Release},
		Area:      area,
		About:     about,
	}
}
