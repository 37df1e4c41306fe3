package app

import (
	"fmt"
	"time"
)

// caller is who sends a request of the role-table test: user of party
// ("" for the public); own says whether party owns the record.
type caller struct {
	user, party string
	own         bool
}

// routeCase builds the request of one route: own and other are the
// parties whose users call it (see routeTable).
type routeCase struct {
	own, other string
	build      func(f *routeFixture, c caller) routeReq
}

func get(path string) func(*routeFixture, caller) routeReq {
	return func(*routeFixture, caller) routeReq { return routeReq{method: "GET", path: path} }
}

// byOwner is a case whose request does not depend on the caller.
func byOwner(own, other string, build func(f *routeFixture, c caller) routeReq) routeCase {
	return routeCase{own: own, other: other, build: build}
}

// everyone is a case for routes without an owner.
func everyone(build func(f *routeFixture, c caller) routeReq) routeCase {
	return routeCase{own: "us", other: "un", build: build}
}

func jsonReq(method, path string, body any) routeReq {
	return routeReq{method: method, path: path, json: body}
}

// counterpart is the party a caller of party sends hotline messages to.
func counterpart(party string) string {
	if party == "us" {
		return "ru"
	}
	return "us"
}

// routeRequests holds the request of every route of routeTable.
var routeRequests = map[string]routeCase{
	"GET /healthz":             everyone(get("/healthz")),
	"GET /readyz":              everyone(get("/readyz")),
	"GET /metrics":             everyone(get("/metrics")),
	"GET /log/checkpoint":      everyone(get("/log/checkpoint")),
	"GET /log/key":             everyone(get("/log/key")),
	"GET /log/tile/{path...}":  everyone(get("/log/tile/0/000.p/1")),
	"GET /api/v1/openapi.json": everyone(get("/api/v1/openapi.json")),
	"POST /api/v1/session": everyone(func(f *routeFixture, c caller) routeReq {
		user := c.user
		if user == "" {
			user = "us-observer"
		}
		password := "password-" + user
		if user == "un-admin" {
			password = "correct horse battery" // newTestNode's first admin
		}
		return jsonReq("POST", "/api/v1/session", map[string]any{"username": user, "password": password})
	}),
	"DELETE /api/v1/session": everyone(func(*routeFixture, caller) routeReq { return routeReq{method: "DELETE", path: "/api/v1/session"} }),
	"GET /api/v1/me":         everyone(get("/api/v1/me")),
	"GET /api/v1/parties":    everyone(get("/api/v1/parties")),
	"POST /api/v1/users": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/users", map[string]any{"username": f.uniq("new-user-"), "party": "us", "role": "observer", "password": "a long password"})
	}),
	"GET /api/v1/users":  everyone(get("/api/v1/users")),
	"GET /api/v1/tokens": everyone(get("/api/v1/tokens")),
	"POST /api/v1/tokens": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		if c.own {
			return jsonReq("POST", "/api/v1/tokens", map[string]any{"name": "own"})
		}
		return jsonReq("POST", "/api/v1/tokens", map[string]any{"name": "someone else's", "user_id": f.userID("us-observer")})
	}),
	"DELETE /api/v1/tokens/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		owner := c.user
		if !c.own || owner == "" {
			owner = "us-observer"
		}
		return routeReq{method: "DELETE", path: "/api/v1/tokens/" + f.token(owner)}
	}),
	"GET /api/v1/log/entries/{seq}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: fmt.Sprintf("/api/v1/log/entries/%d", f.amberEntry())}
	}),
	"GET /api/v1/log/entries/{seq}/proof": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: fmt.Sprintf("/api/v1/log/entries/%d/proof", f.amberEntry())}
	}),
	"POST /api/v1/log/checkpoint": everyone(func(*routeFixture, caller) routeReq { return routeReq{method: "POST", path: "/api/v1/log/checkpoint"} }),
	"GET /api/v1/audit/reads":     everyone(get("/api/v1/audit/reads")),
	"GET /api/v1/log/entries":     everyone(get("/api/v1/log/entries")),

	"POST /api/v1/parties": byOwner("us", "un", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/parties", map[string]any{"id": f.uniq("cand-"), "name": "Candidate", "kind": "other"})
	}),
	"GET /api/v1/membership/proposals": everyone(get("/api/v1/membership/proposals")),
	"POST /api/v1/membership/proposals": byOwner("us", "un", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/membership/proposals", map[string]any{"kind": "add_party",
			"new_party": map[string]any{"id": f.uniq("cand-"), "name": "Candidate", "kind": "other"}})
	}),
	"GET /api/v1/membership/proposals/{id}": everyone(func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/membership/proposals/" + once(f, "proposal", f.proposal)}
	}),
	"POST /api/v1/membership/proposals/{id}/agreements": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "POST", path: "/api/v1/membership/proposals/" + f.proposal() + "/agreements"}
	}),

	"POST /api/v1/membership/proposals/{id}/withdrawal": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "POST", path: "/api/v1/membership/proposals/" + f.proposal() + "/withdrawal"}
	}),

	"GET /api/v1/sites": everyone(get("/api/v1/sites")),
	"POST /api/v1/sites": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/sites", map[string]any{"kind": "school", "names": map[string]string{"en": f.uniq("school ")},
			"location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.2}}, "buffer_m": 100, "parties": []string{"ru", "us"}})
	}),
	"GET /api/v1/sites/{id}": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/sites/" + once(f, "site", f.site)}
	}),
	"PUT /api/v1/sites/{id}": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("PUT", "/api/v1/sites/"+f.site(), map[string]any{"kind": "hospital", "names": map[string]string{"en": "renamed"},
			"location": map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.2}}, "buffer_m": 400, "parties": []string{"ru", "us"}})
	}),
	"POST /api/v1/sites/{id}/acknowledge": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/sites/"+f.site()+"/acknowledge", map[string]any{"version": 1})
	}),
	"POST /api/v1/sites/{id}/refuse": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/sites/"+f.site()+"/refuse", map[string]any{"version": 1, "reason": "wrong place"})
	}),
	"POST /api/v1/sites/{id}/cancel": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/sites/"+f.site()+"/cancel", map[string]any{})
	}),
	"GET /api/v1/movements": everyone(get("/api/v1/movements")),
	"POST /api/v1/movements": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/movements", movementBody(f.t0.Add(96*time.Hour), f.uniq("convoy ")))
	}),
	"GET /api/v1/movements/{id}": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/movements/" + once(f, "movement", f.movement)}
	}),
	"PUT /api/v1/movements/{id}": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("PUT", "/api/v1/movements/"+f.movement(), movementBody(f.t0.Add(100*time.Hour), "later"))
	}),
	"POST /api/v1/movements/{id}/acknowledge": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/movements/"+f.movement()+"/acknowledge", map[string]any{"version": 1})
	}),
	"POST /api/v1/movements/{id}/refuse": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/movements/"+f.movement()+"/refuse", map[string]any{"version": 1, "reason": "route unsafe"})
	}),
	"POST /api/v1/movements/{id}/cancel": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/movements/"+f.movement()+"/cancel", map[string]any{})
	}),

	"GET /api/v1/alerts":        everyone(get("/api/v1/alerts")),
	"GET /api/v1/alerts/counts": everyone(get("/api/v1/alerts/counts")),
	"GET /api/v1/alerts/{id}": byOwner("us", "un", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/alerts/" + once(f, "alert", f.alert)}
	}),
	"POST /api/v1/alerts/{id}/acknowledge": byOwner("us", "un", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/alerts/"+f.alert()+"/acknowledge", map[string]any{"note": "seen"})
	}),

	"GET /api/v1/messages": everyone(get("/api/v1/messages")),
	"POST /api/v1/messages": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/messages", map[string]any{"to": counterpart(c.party), "priority": "routine", "subject": "Role table", "body": "check"})
	}),
	"POST /api/v1/messages/attachments": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "POST", path: "/api/v1/messages/attachments?name=x.txt", raw: []byte("an attachment"), contentType: "text/plain"}
	}),
	"GET /api/v1/messages/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/messages/" + f.message()}
	}),
	"POST /api/v1/messages/{id}/read": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "POST", path: "/api/v1/messages/" + f.message() + "/read"}
	}),
	"POST /api/v1/messages/{id}/acknowledge": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "POST", path: "/api/v1/messages/" + f.message() + "/acknowledge"}
	}),
	"GET /api/v1/messages/{id}/attachments/{sha}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/messages/" + f.message() + "/attachments/" + f.attachment()["sha256"].(string)}
	}),
	"GET /api/v1/stream": everyone(func(*routeFixture, caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/stream", stream: true}
	}),
	"GET /api/v1/webhooks": everyone(get("/api/v1/webhooks")),
	"POST /api/v1/webhooks": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/webhooks", map[string]any{"url": f.hooks.URL + "/" + f.uniq("h")})
	}),
	"DELETE /api/v1/webhooks/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "DELETE", path: "/api/v1/webhooks/" + f.webhook()}
	}),
	"GET /api/v1/webhooks/{id}/deliveries": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/webhooks/" + once(f, "webhook", f.webhook) + "/deliveries"}
	}),

	"GET /api/v1/zones": everyone(get("/api/v1/zones")),
	"POST /api/v1/zones": byOwner("us", "un", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/zones", zoneBody("2016-07-01T00:00:00Z"))
	}),
	"GET /api/v1/zones/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "zone", f.zone)
		return routeReq{method: "GET", path: "/api/v1/zones/" + id}
	}),
	"POST /api/v1/zones/{id}/versions": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.zone()
		return routeReq{method: "POST", path: "/api/v1/zones/" + id + "/versions", json: zoneBody("2016-08-01T00:00:00Z"), ifMatch: tag}
	}),
	"POST /api/v1/zones/{id}/versions/{version}/agreements": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := f.zone()
		return routeReq{method: "POST", path: "/api/v1/zones/" + id + "/versions/1/agreements"}
	}),
	"GET /api/v1/zones/{id}/history": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "zone", f.zone)
		return routeReq{method: "GET", path: "/api/v1/zones/" + id + "/history"}
	}),
	"POST /api/v1/zones:import": byOwner("us", "un", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "POST", path: "/api/v1/zones:import?kind=ceasefire_area&effective_from=2016-07-01T00:00:00Z&dry_run=true",
			raw: []byte(`{"type":"Feature","properties":{"name":"Imported"},"geometry":` + square + `}`), contentType: "application/geo+json"}
	}),

	"GET /api/v1/incidents": everyone(get("/api/v1/incidents")),
	"POST /api/v1/incidents": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/incidents", incidentBody(f.uniq("new-"), 37.1, 36.1, "GREEN"))
	}),
	"POST /api/v1/incidents:import": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		csv := "external_id,category,time_start,time_precision,lon,lat,location_precision,narrative,killed_min,killed_max,casualty_source,source_name,source_reliability,source_credibility,tlp\n" +
			f.uniq("imp-") + ",shelling_missile,2016-07-10T08:00:00Z,hour,37.1,36.1,1km,Shelling,1,2,hospital,Council,C,3,GREEN\n"
		return routeReq{method: "POST", path: "/api/v1/incidents:import?format=csv&dry_run=true", raw: []byte(csv), contentType: "text/csv"}
	}),
	"GET /api/v1/exports/stix": everyone(get("/api/v1/exports/stix")),
	"POST /api/v1/stix/bundles": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "POST", path: "/api/v1/stix/bundles?dry_run=true", contentType: "application/stix+json",
			raw: []byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[]}`)}
	}),
	"GET /api/v1/incidents/counts":     everyone(get("/api/v1/incidents/counts")),
	"GET /api/v1/incidents/aggregates": everyone(get("/api/v1/incidents/aggregates")),
	"GET /api/v1/incidents/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return routeReq{method: "GET", path: "/api/v1/incidents/" + id}
	}),
	"GET /api/v1/incidents/{id}/history": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return routeReq{method: "GET", path: "/api/v1/incidents/" + id + "/history"}
	}),
	"POST /api/v1/incidents/{id}/assessments": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.incident()
		return routeReq{method: "POST", path: "/api/v1/incidents/" + id + "/assessments", ifMatch: tag,
			json: map[string]any{"verdict": "confirmed", "reasoning": "matches our records"}}
	}),
	"POST /api/v1/incidents/{id}/reopen": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.incident()
		return routeReq{method: "POST", path: "/api/v1/incidents/" + id + "/reopen", ifMatch: tag, json: map[string]any{"reason": "new evidence"}}
	}),
	"POST /api/v1/incidents/{id}/duplicate": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.incident()
		orig, _ := once2(f, "incident", f.incident)
		return routeReq{method: "POST", path: "/api/v1/incidents/" + id + "/duplicate", ifMatch: tag, json: map[string]any{"duplicate_of": orig}}
	}),
	"GET /api/v1/incidents/{id}/comments": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return routeReq{method: "GET", path: "/api/v1/incidents/" + id + "/comments"}
	}),
	"POST /api/v1/incidents/{id}/comments": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return jsonReq("POST", "/api/v1/incidents/"+id+"/comments", map[string]any{"text": "a remark"})
	}),
	"GET /api/v1/incidents/{id}/evidence/{sha256}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return routeReq{method: "GET", path: "/api/v1/incidents/" + id + "/evidence/" + f.evidence()["sha256"].(string)}
	}),
	"POST /api/v1/evidence": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "POST", path: "/api/v1/evidence", raw: []byte("another statement " + f.uniq("")), contentType: "text/plain"}
	}),

	"GET /api/v1/ui/config":            everyone(get("/api/v1/ui/config")),
	"GET /api/v1/basemap/countries":    everyone(get("/api/v1/basemap/countries")),
	"GET /api/v1/basemap/admin1":       everyone(get("/api/v1/basemap/admin1")),
	"GET /api/v1/places":               everyone(get("/api/v1/places?q=Aleppo")),
	"GET /api/v1/exports/{collection}": everyone(get("/api/v1/exports/incidents?format=geojson")),
	"GET /api/v1/flightplans":          everyone(get("/api/v1/flightplans")),
	"GET /api/v1/reservations":         everyone(get("/api/v1/reservations")),
	"GET /api/v1/conflicts":            everyone(get("/api/v1/conflicts")),
	"GET /api/v1/tracks":               everyone(get("/api/v1/tracks")),
	"GET /api/v1/tracks/stream": everyone(func(*routeFixture, caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/tracks/stream", stream: true}
	}),
	"POST /api/v1/flightplans": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		lat := 20 + float64(f.next%80)*0.05
		f.next++
		return jsonReq("POST", "/api/v1/flightplans", line(lat, 20.0, lat, 20.5, 30000, f.t0, 20*time.Minute, nil))
	}),
	"GET /api/v1/flightplans/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "plan", f.plan)
		return routeReq{method: "GET", path: "/api/v1/flightplans/" + id}
	}),
	"PUT /api/v1/flightplans/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.plan()
		return routeReq{method: "PUT", path: "/api/v1/flightplans/" + id, ifMatch: tag, json: line(10, 10, 10, 10.5, 31000, f.t0, 20*time.Minute, nil)}
	}),
	"POST /api/v1/flightplans/{id}/cancel": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := f.plan()
		return jsonReq("POST", "/api/v1/flightplans/"+id+"/cancel", map[string]any{})
	}),
	"POST /api/v1/reservations": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/reservations", reservation(f.t0, 1000, 5000))
	}),
	"GET /api/v1/reservations/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/reservations/" + once(f, "reservation", f.reservation)}
	}),
	"POST /api/v1/reservations/{id}/cancel": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/reservations/"+f.reservation()+"/cancel", map[string]any{})
	}),
	"POST /api/v1/tracks": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/tracks", report("US-TRACK", 34.0, 36.0, 15000, time.Now().UTC(), 200, 90))
	}),
	"POST /api/v1/tracks/stream": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "POST", path: "/api/v1/tracks/stream", raw: trackLine(c.party+"-STREAM", time.Now().UTC()), contentType: "application/x-ndjson"}
	}),
	"GET /api/v1/conflicts/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/conflicts/" + f.conflict()}
	}),

	"GET /ogc":                             everyone(get("/ogc")),
	"GET /ogc/{$}":                         everyone(get("/ogc/")),
	"GET /ogc/conformance":                 everyone(get("/ogc/conformance")),
	"GET /ogc/api":                         everyone(get("/ogc/api")),
	"GET /ogc/collections":                 everyone(get("/ogc/collections")),
	"GET /ogc/collections/{id}":            everyone(get("/ogc/collections/incidents")),
	"GET /ogc/collections/{id}/queryables": everyone(get("/ogc/collections/incidents/queryables")),
	"GET /ogc/collections/{id}/items":      everyone(get("/ogc/collections/incidents/items")),
	"GET /ogc/collections/{id}/items/{fid}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return routeReq{method: "GET", path: "/ogc/collections/incidents/items/" + id}
	}),
}

// once2 is once for makers of two strings.
func once2(f *routeFixture, key string, mk func() (string, string)) (string, string) {
	v := once(f, key, func() [2]string { a, b := mk(); return [2]string{a, b} })
	return v[0], v[1]
}
