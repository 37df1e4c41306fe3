package cap

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"truce/internal/notify"
)

// Mapping of a notification (a protected site or a movement) to one CAP
// alert, as a party's feed serves it (EncodeFeed):
//
//   - identifier: <sender>/notify/<id>/<version>-<seq>, seq being the
//     newest entry that changed what the alert says (a receipt or a
//     reported position included), so that a changed alert never reuses
//     an identifier. The first notification, before anything changed it,
//     is msgType Alert; every later state is an Update, and a withdrawal a
//     Cancel, each referencing that first Alert (sender, identifier and
//     the time it was notified).
//   - area: a site's buffer as a circle; a movement's corridor as one
//     polygon per route segment and one circle per vertex (their union is
//     the corridor), and its latest reported position as a second area.
//   - responseType Avoid (spare the area); a Cancel's is None: withdrawing
//     a notification does not make a site or movement a target.

// originalID returns the identifier of n's first alert.
func originalID(sender string, n *notify.Notice) string {
	return clean(fmt.Sprintf("%s/notify/%s/1-%d", sender, n.ID, n.FirstSeq))
}

// noticeAlert returns the CAP alert of n as party's feed serves it; pos is
// the movement's latest reported position, or nil.
func noticeAlert(n *notify.Notice, pos *notify.Position, withdrawn bool, opts Options, sender string) (*document, error) {
	notified, err := capTime(n.Notified)
	if err != nil {
		return nil, fmt.Errorf("cap: notice %s: notified: %w", n.ID, err)
	}
	sent, err := capTime(n.Updated)
	if err != nil {
		return nil, fmt.Errorf("cap: notice %s: updated: %w", n.ID, err)
	}
	seq := n.Seq
	if pos != nil && pos.Seq > seq {
		seq = pos.Seq
		if at, err := capTime(pos.Time); err == nil && at > sent {
			sent = at
		}
	}
	d := &document{
		Identifier: clean(fmt.Sprintf("%s/notify/%s/%d-%d", sender, n.ID, n.Version, seq)),
		Sender:     sender, Sent: sent, Status: "Actual", MsgType: "Update", Scope: "Restricted",
		Restriction: fmt.Sprintf("TLP:%s; audience: %s", n.Release.TLP, strings.Join(n.Release.Audience, ", ")),
		Code:        []string{"TLP:" + string(n.Release.TLP)},
		Note: fmt.Sprintf("truce %s %s, version %d, notified by %s. Notification is not permission: "+
			"nothing a party records approves, refuses or clears it.", n.Type, n.ID, n.Version, n.Party),
	}
	if withdrawn {
		d.MsgType = "Cancel"
		if d.Sent, err = capTime(n.Cancelled); err != nil {
			return nil, fmt.Errorf("cap: notice %s: cancelled: %w", n.ID, err)
		}
	}
	if d.Identifier == originalID(sender, n) {
		d.MsgType = "Alert"
	} else {
		d.References = fmt.Sprintf("%s,%s,%s", sender, originalID(sender, n), notified)
	}
	in, err := noticeInfo(n, pos, withdrawn)
	if err != nil {
		return nil, err
	}
	if opts.Web != "" {
		in.Web = fmt.Sprintf("%s/api/v1/%ss/%s", strings.TrimRight(opts.Web, "/"), n.Type, n.ID)
	}
	d.Info = *in
	return d, nil
}

// noticeInfo returns the info block of n's alert.
func noticeInfo(n *notify.Notice, pos *notify.Position, withdrawn bool) (*info, error) {
	in := &info{Language: "en", Category: "Safety", Response: "Avoid", Urgency: "Immediate", Severity: "Severe",
		Certainty: "Observed", SenderName: "truce joint monitoring and deconfliction centre, notified by " + n.Party}
	p := func(name, value string) {
		in.Parameters = append(in.Parameters, parameter{Name: "truce:" + name, Value: value})
	}
	p("id", n.ID)
	p("type", string(n.Type))
	p("version", strconv.Itoa(n.Version))
	p("seq", strconv.FormatInt(n.Seq, 10))
	p("notifier", n.Party)
	if n.ValidUntil != "" && !withdrawn {
		exp, err := capTime(n.ValidUntil)
		if err != nil {
			return nil, fmt.Errorf("cap: notice %s: valid until: %w", n.ID, err)
		}
		in.Expires = exp
	}
	switch {
	case n.Site != nil:
		if err := siteInfo(in, n.Site, p); err != nil {
			return nil, fmt.Errorf("cap: site %s: %w", n.ID, err)
		}
	case n.Movement != nil:
		if err := movementInfo(in, n.Movement, pos, p); err != nil {
			return nil, fmt.Errorf("cap: movement %s: %w", n.ID, err)
		}
	default:
		return nil, fmt.Errorf("cap: notice %s holds neither a site nor a movement", n.ID)
	}
	if withdrawn {
		in.Response, in.Onset, in.Expires = "None", "", ""
		in.Headline = truncate("Notification withdrawn: "+in.Headline, 160)
		in.Instruction = "Its notifier withdrew this notification (" + n.CancelReason + "). A withdrawal does not make " +
			"the site or movement a target: civilian persons and objects are protected whether notified or not. " +
			"Acknowledge receipt of the withdrawal in truce."
		p("withdrawn", n.Cancelled)
	}
	return in, nil
}

func siteInfo(in *info, s *notify.Site, p func(name, value string)) error {
	var pt struct{ Coordinates [2]float64 }
	if err := json.Unmarshal(s.Location, &pt); err != nil {
		return fmt.Errorf("location: %w", err)
	}
	name := siteName(s)
	in.Event = "Notified protected site (" + string(s.Kind) + ")"
	in.Headline = truncate("Protected site: "+name, 160)
	in.Instruction = fmt.Sprintf("Spare the site and everything within %.0f m of it. Acknowledge receipt in truce; "+
		"notification is not a request for permission.", s.BufferM)
	p("kind", string(s.Kind))
	for _, lang := range slices.Sorted(maps.Keys(s.Names)) {
		p("name:"+lang, s.Names[lang])
	}
	p("buffer_m", strconv.FormatFloat(s.BufferM, 'f', -1, 64))
	in.Areas = []area{{Desc: truncate(name, 160), Circles: []string{circle(pt.Coordinates[1], pt.Coordinates[0], s.BufferM)}}}
	return nil
}

// siteName is the site's English name, else the first by language code.
func siteName(s *notify.Site) string {
	if v := s.Names["en"]; v != "" {
		return v
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Names)) {
		return s.Names[lang]
	}
	return string(s.Kind)
}

func movementInfo(in *info, m *notify.Movement, pos *notify.Position, p func(name, value string)) error {
	var ls struct{ Coordinates [][2]float64 }
	if err := json.Unmarshal(m.Route, &ls); err != nil {
		return fmt.Errorf("route: %w", err)
	}
	onset, err := capTime(m.Window.Start)
	if err != nil {
		return fmt.Errorf("window start: %w", err)
	}
	route := strings.Trim(m.Origin+" – "+m.Destination, " –")
	if route == "" {
		route = "its route"
	}
	in.Event = "Notified humanitarian movement"
	in.Onset = onset
	in.Headline = truncate(fmt.Sprintf("Humanitarian movement: %d vehicles, %s", m.Vehicles, route), 160)
	in.Instruction = fmt.Sprintf("Spare the movement (%d vehicles, %s) on its route and within %.0f m of it from %s to %s. "+
		"Acknowledge receipt in truce; notification is not a request for permission.", m.Vehicles, m.Cargo, m.CorridorM, m.Window.Start, m.Window.End)
	p("window_start", m.Window.Start)
	p("window_end", m.Window.End)
	p("corridor_m", strconv.FormatFloat(m.CorridorM, 'f', -1, 64))
	p("vehicles", strconv.Itoa(m.Vehicles))
	p("cargo", m.Cargo)
	in.Areas = []area{corridor(ls.Coordinates, m.CorridorM)}
	if pos != nil {
		p("position", fmt.Sprintf("%.6f,%.6f", pos.Lat, pos.Lon))
		p("position_time", pos.Time)
		in.Areas = append(in.Areas, area{Desc: "latest reported position of the movement, at " + pos.Time,
			Circles: []string{circle(pos.Lat, pos.Lon, m.CorridorM)}})
	}
	return nil
}
