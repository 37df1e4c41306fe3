package app

import (
	"encoding/json"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/zones"
)

// TestOriginLabelOnEveryRecordPath checks that records of every kind a
// peer's node created carry that node's origin in the API's record and list
// JSON and in the OGC API's features, once mirrored; and that a party
// outside their audience is shown neither the records nor their label.
func TestOriginLabelOnEveryRecordPath(t *testing.T) {
	n := newTestNode(t)
	peer := newPeerLog(t)
	rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}
	put := func(kind, subject string, payload any) {
		peer.append(t, ledger.Draft{Party: "us", Author: "us-liaison", Kind: kind, Subject: subject, Release: rel, Payload: payload})
	}
	put(notify.KindSiteNotified, notify.Subject(notify.TypeSite, "sit_peer"), notify.Notified{ID: "sit_peer", Version: 1, Deadline: "2030-01-01T00:00:00Z",
		Site: &notify.Site{Kind: notify.SiteKinds[0], Names: map[string]string{"en": "Clinic"}, Location: []byte(`{"type":"Point","coordinates":[36.2,37.1]}`),
			BufferM: 500, Parties: []string{"ru"}}})
	put(zones.KindProposed, zones.Subject("zon_peer"), zones.Proposed{Release: rel, Version: zones.Spec{ZoneID: "zon_peer", Version: 1,
		Action: zones.ActionDefine, Kind: zones.KindCeasefireArea, Name: "Z", EffectiveFrom: "2016-09-12T00:00:00Z",
		Geometry: []byte(`{"type":"MultiPolygon","coordinates":[[[[36,37],[36.1,37],[36.1,37.1],[36,37]]]]}`)}})
	put(flights.EntryPlanFiled, flights.PlanSubject("fpl_peer"), flights.PlanPayload{ID: "fpl_peer", Version: 1, Callsign: "PEER1", Category: "fixed_wing",
		Waypoints: []flights.Waypoint{{Lat: 36, Lon: 37, AltFt: 9000, Time: "2030-01-01T10:00:00Z"}, {Lat: 36.1, Lon: 37, AltFt: 9000, Time: "2030-01-01T10:30:00Z"}}})
	put(hotline.KindSent, hotline.Subject("msg_peer"), hotline.Sent{ID: "msg_peer", To: "ru", Recipients: []string{"ru"}, Priority: hotline.Priorities[0],
		Subject: "s", Body: "b", Attachments: []hotline.Attachment{}, Deadline: "2030-01-01T10:00:00Z"})
	put(alerts.EntryRaised, alerts.Subject("alr_peer"), alerts.Raised{ID: "alr_peer", Key: "k_peer", Kind: alerts.KindOther, Severity: alerts.SeverityMinor,
		Title: "t", Concerned: []string{"ru"}, Links: []alerts.Link{}, Deadline: "2030-01-01T10:00:00Z"})
	put(agreements.KindProposed, agreements.Subject("agr_peer"), agreements.Proposed{Release: rel, Version: agreements.Spec{AgreementID: "agr_peer",
		Version: 1, Title: "Cessation", Parties: []string{"ru", "us"}, EffectiveFrom: "2016-02-27T00:00:00Z", Obligations: []agreements.ObligationSpec{}}})
	put(agreements.KindPassageProposed, agreements.PassageSubject("psg_peer"), agreements.PassageProposed{Release: rel,
		Version: agreements.PassageSpec{ID: "psg_peer", Version: 1, Kind: agreements.KindSafePassage, Name: "A", Parties: []string{"ru", "us"}}})
	peer.mirrorInto(t, n, peerOrigin)

	label := `"origin":"` + peerOrigin + `"`
	for _, tc := range []struct{ record, list, id string }{
		{"/api/v1/sites/sit_peer", "/api/v1/sites", "sit_peer"},
		{"/api/v1/zones/zon_peer", "/api/v1/zones", "zon_peer"},
		{"/api/v1/flightplans/fpl_peer", "/api/v1/flightplans", "fpl_peer"},
		{"/api/v1/messages/msg_peer", "/api/v1/messages", "msg_peer"},
		{"/api/v1/alerts/alr_peer", "/api/v1/alerts", "alr_peer"},
		{"/api/v1/agreements/agr_peer", "/api/v1/agreements", "agr_peer"},
		{"/api/v1/passages/psg_peer", "/api/v1/passages", "psg_peer"},
	} {
		code, body, _ := n.do("GET", tc.record, "ru-liaison", nil)
		var rec struct{ Origin string }
		if code != 200 || json.Unmarshal(body, &rec) != nil || rec.Origin != peerOrigin {
			t.Errorf("ru GET %s: %d origin %q, want %s (%.300s)", tc.record, code, rec.Origin, peerOrigin, body)
		}
		code, body, _ = n.do("GET", tc.list, "ru-liaison", nil)
		if code != 200 || !strings.Contains(string(body), tc.id) || !strings.Contains(string(body), label) {
			t.Errorf("ru GET %s: %d, want %s labelled %s (%.300s)", tc.list, code, tc.id, peerOrigin, body)
		}
		if code, body, _ := n.do("GET", tc.list, "un-liaison", nil); strings.Contains(string(body), tc.id) || strings.Contains(string(body), peerOrigin) {
			t.Errorf("un GET %s: %d shows the peer's record or its label (%.300s)", tc.list, code, body)
		}
	}
	for _, path := range []string{"/ogc/collections/sites/items", "/ogc/collections/zones/items", "/ogc/collections/flights/items", "/ogc/collections/alerts/items"} {
		code, body, _ := n.do("GET", path, "ru-liaison", nil)
		if code != 200 || !strings.Contains(string(body), `"log_origin":"`+peerOrigin+`"`) {
			t.Errorf("ru GET %s: %d, want a feature with log_origin %s (%.300s)", path, code, peerOrigin, body)
		}
	}
	// Own records carry this node's own origin.
	code, body, _ := n.do("GET", "/api/v1/zones", "ru-liaison", nil)
	if own := `"origin":"` + n.app.Keys.Origin() + `"`; code != 200 || (strings.Count(string(body), `"origin":"`) > 1 && !strings.Contains(string(body), own)) {
		t.Errorf("own zones not labelled %s: %.300s", own, body)
	}
}
