package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/app"
	"truce/internal/incidents"
	"truce/internal/notify"
)

// DemoAckWindow is how long the demo gives the parties to acknowledge its
// short-notice convoy: short, so that one party's acknowledgement becomes
// overdue (and its alert is raised) within a minute of the demo starting.
const DemoAckWindow = time.Minute

func point(lon, lat float64) json.RawMessage {
	b, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{lon, lat}})
	return b
}

// SeedNotifications adds the humanitarian notification scenario: the
// agency notifies two hospitals and a school in eastern Aleppo to both
// co-chairs (who acknowledge them), and a short-notice convoy to eastern
// Aleppo that ru acknowledges and us does not, so that its acknowledgement
// falls overdue a minute later and the alert ticker raises an alert. Then
// the UN reports an illustrative incident attributed to ru inside one
// hospital's buffer, after the hospital was notified to ru: the alert
// monitor raises a "notified site affected" alert. Everything is labelled
// illustrative. It is idempotent: a second run adds nothing.
func SeedNotifications(ctx context.Context, a *app.App) error {
	return seedNotifyScenario(ctx, Hosted(a))
}

// seedNotifyScenario is SeedNotifications on a centre: each step on the
// node of the party whose user takes it. On a federated centre the
// parties' acknowledgements of the agency's notifications are left out
// (they act on another party's record), and the incident at the hospital
// is on the UN's node, which does not hold the agency's notification, so
// no "notified site affected" alert is raised.
func seedNotifyScenario(ctx context.Context, c *Centre) error {
	users, err := actors(ctx, c, "ngo-reporter", "ngo-liaison", "ru-liaison", "us-liaison", "un-reporter")
	if err != nil {
		return err
	}
	ngo := users["ngo-reporter"]
	existing, err := ngo.a.Notify.List(ctx, ngo.p, notify.Filter{Party: "ngo"})
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		return nil
	}
	sites := []notify.Site{
		{Kind: "hospital", Names: map[string]string{"en": IllustrativeLabel + "Eastern Aleppo field hospital", "ar": "مستشفى ميداني في شرق حلب (توضيحي)"},
			Location: point(37.1730, 36.2050), BufferM: 300},
		{Kind: "hospital", Names: map[string]string{"en": IllustrativeLabel + "Old City surgical hospital", "ar": "مستشفى جراحي في المدينة القديمة (توضيحي)"},
			Location: point(37.1620, 36.1990), BufferM: 250},
		{Kind: "school", Names: map[string]string{"en": IllustrativeLabel + "Eastern Aleppo primary school", "ar": "مدرسة ابتدائية في شرق حلب (توضيحي)"},
			Location: point(37.1810, 36.2120), BufferM: 200},
	}
	var notices []*notify.Notice
	for _, s := range sites {
		s.Parties = []string{"ru", "us"}
		s.Note = IllustrativeLabel + "notified for the demo"
		n, err := ngo.a.Notify.NotifySite(ctx, ngo.p, notify.SiteInput{Site: s,
			Releasability: &access.Releasability{TLP: access.TLPGreen}})
		if err != nil {
			return fmt.Errorf("demo: notify site: %w", err)
		}
		notices = append(notices, n)
		for _, liaison := range []string{"ru-liaison", "us-liaison"} {
			ack := acknowledge(liaison, notify.TypeSite, n)
			if c.across(liaison, "acknowledging another party's notification", n.ID, ack, ngo.party()) {
				continue
			}
			if err := ack(ctx, c); err != nil {
				return err
			}
		}
	}
	// The convoy, notified at short notice with the demo's short window.
	ngoLiaison := users["ngo-liaison"]
	na := ngoLiaison.a
	short := notify.NewService(notify.Deps{Store: na.DB.Notify(), Log: na.Sequencer, Parties: na.DB.Access(), Config: notify.Config{MinNotice: DemoAckWindow}, Logger: na.Log})
	start := time.Now().UTC().Add(10 * time.Minute).Truncate(time.Minute)
	route, _ := json.Marshal(map[string]any{"type": "LineString", "coordinates": [][]float64{
		{37.0850, 36.1850}, {37.1250, 36.1950}, {37.1500, 36.2000}, {37.1700, 36.2080}, {37.1850, 36.2150}}})
	mov, err := short.NotifyMovement(ctx, ngoLiaison.p, notify.MovementInput{Movement: notify.Movement{
		Route: route, CorridorM: 500, Window: notify.Window{Start: start.Format(time.RFC3339), End: start.Add(8 * time.Hour).Format(time.RFC3339)},
		Vehicles: 31, Cargo: "food", Origin: "Western Aleppo warehouse (illustrative)", Destination: "Eastern Aleppo (illustrative)",
		Parties: []string{"ru", "us"}, Note: IllustrativeLabel + "short-notice convoy; us does not acknowledge, so its acknowledgement falls overdue"},
		Releasability: &access.Releasability{TLP: access.TLPGreen}})
	if err != nil {
		return fmt.Errorf("demo: notify convoy: %w", err)
	}
	if ack := acknowledge("ru-liaison", notify.TypeMovement, mov); !c.across("ru-liaison", "acknowledging another party's notification", mov.ID, ack, ngoLiaison.party()) {
		if err := ack(ctx, c); err != nil {
			return err
		}
	}
	// An incident attributed to ru inside the first hospital's buffer,
	// after ru acknowledged it: the monitor raises "notified site affected".
	// Incident times are kept to the second: use the first whole second
	// after the notification, waiting for it if need be (under a second).
	notified, _ := time.Parse(time.RFC3339Nano, notices[0].Notified)
	at := notified.Truncate(time.Second).Add(time.Second)
	if wait := time.Until(at); wait > 0 {
		time.Sleep(wait)
	}
	un := users["un-reporter"]
	_, _, err = un.a.Incidents.Report(ctx, un.p, &incidents.NewIncident{ExternalID: "demo-notify-1",
		Category: incidents.CategoryAttackOnProtectedSite,
		Time:     incidents.TimeSpan{Start: at.UTC().Format(time.RFC3339), Precision: incidents.TimeExact},
		Location: point(37.1738, 36.2054), LocationPrecision: "exact", PlaceName: "Aleppo",
		Perpetrator:   incidents.Perpetrator{Kind: "party", Party: "ru"},
		Narrative:     IllustrativeLabel + "shelling reported next to a notified field hospital in eastern Aleppo. This record is invented for the demo.",
		Sources:       []incidents.Source{{Name: "Illustrative hospital staff", Reliability: "C", Credibility: 3}},
		Releasability: &access.Releasability{TLP: access.TLPGreen}})
	if err != nil {
		return fmt.Errorf("demo: incident at a notified site: %w", err)
	}
	return nil
}

// acknowledge returns the step in which liaison acknowledges receipt of
// version n.Version of notification n (of type typ) on its party's node.
func acknowledge(liaison string, typ notify.Type, n *notify.Notice) func(ctx context.Context, c *Centre) error {
	return func(ctx context.Context, c *Centre) error {
		a, err := c.actor(ctx, liaison)
		if err == nil {
			_, err = a.a.Notify.Acknowledge(ctx, a.p, typ, n.ID, n.Version)
		}
		if err != nil {
			return fmt.Errorf("demo: %s acknowledges %s %s: %w", liaison, typ, n.ID, err)
		}
		return nil
	}
}
