package app

import (
	"fmt"
	"maps"
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

// ifMatched is r sent with If-Match: tag, as a client that read the
// record sends every change to it.
func ifMatched(r routeReq, tag string) routeReq {
	r.ifMatch = tag
	return r
}

// counterpart is the party a caller of party sends hotline messages to.
func counterpart(party string) string {
	if party == "us" {
		return "ru"
	}
	return "us"
}

// routeRequests returns the request of every route of routeTable.
func routeRequests() map[string]routeCase {
	out := map[string]routeCase{}
	maps.Copy(out, accessRouteRequests)
	maps.Copy(out, domainRouteRequests)
	maps.Copy(out, sourcesRouteRequests)
	maps.Copy(out, federationRouteRequests)
	maps.Copy(out, agreementsRouteRequests)
	maps.Copy(out, casesRouteRequests)
	maps.Copy(out, sitrepRouteRequests)
	return out
}

// accessRouteRequests are the requests of the routes of the node, the log,
// accounts, membership, notifications, alerts and the hotline.
var accessRouteRequests = map[string]routeCase{
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
	"DELETE /api/v1/session":        everyone(func(*routeFixture, caller) routeReq { return routeReq{method: "DELETE", path: "/api/v1/session"} }),
	"GET /api/v1/me":                everyone(get("/api/v1/me")),
	"GET /api/v1/federation":        everyone(get("/api/v1/federation")),
	"GET /api/v1/federation/roster": everyone(get("/api/v1/federation/roster")),
	"POST /api/v1/federation/roster/proposals": everyone(func(*routeFixture, caller) routeReq {
		return jsonReq("POST", "/api/v1/federation/roster/proposals", map[string]any{"roster": map[string]any{"federation": "x", "version": 2}})
	}),
	"POST /api/v1/federation/roster/agreements": everyone(func(*routeFixture, caller) routeReq {
		return jsonReq("POST", "/api/v1/federation/roster/agreements", map[string]any{"proposal": "fed.example/us#0"})
	}),
	"GET /api/v1/parties": everyone(get("/api/v1/parties")),
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
	"GET /api/v1/notify/feed":     everyone(get("/api/v1/notify/feed")),
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
		id, tag := f.taggedSite()
		return ifMatched(jsonReq("PUT", "/api/v1/sites/"+id, map[string]any{"kind": "hospital", "names": map[string]string{"en": "renamed"},
			"location": map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.2}}, "buffer_m": 400, "parties": []string{"ru", "us"}}), tag)
	}),
	"POST /api/v1/sites/{id}/acknowledge": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/sites/"+f.site()+"/acknowledge", map[string]any{"version": 1})
	}),
	"POST /api/v1/sites/{id}/passed-on": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/sites/"+f.site()+"/passed-on", map[string]any{"version": 1, "level": "brigade", "at": time.Now().UTC().Format(time.RFC3339)})
	}),
	"POST /api/v1/sites/{id}/queries": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/sites/"+f.site()+"/queries", map[string]any{"version": 1, "text": "wrong place?"})
	}),
	"POST /api/v1/sites/check": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/sites/check", map[string]any{"kind": "school", "names": map[string]string{"en": "a school"}, "location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.2}}, "buffer_m": 100, "parties": []string{"ru", "us"}})
	}),
	"GET /api/v1/sites/{id}/reads": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/sites/" + once(f, "sites-reads", func() string { return f.site() }) + "/reads"}
	}),
	"POST /api/v1/sites/{id}/queries/{seq}/answer": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, seq := f.siteQuery()
		return jsonReq("POST", "/api/v1/sites/"+id+"/queries/"+seq+"/answer", map[string]any{"text": "on land"})
	}),
	"POST /api/v1/sites/{id}/reconfirm": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.taggedSite()
		return ifMatched(jsonReq("POST", "/api/v1/sites/"+id+"/reconfirm", map[string]any{}), tag)
	}),
	"POST /api/v1/sites/{id}/cancel": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.taggedSite()
		return ifMatched(jsonReq("POST", "/api/v1/sites/"+id+"/cancel", map[string]any{}), tag)
	}),
	"GET /api/v1/movements": everyone(get("/api/v1/movements")),
	"POST /api/v1/movements": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/movements", movementBody(f.t0.Add(96*time.Hour), f.uniq("convoy ")))
	}),
	"GET /api/v1/movements/{id}": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/movements/" + once(f, "movement", f.movement)}
	}),
	"PUT /api/v1/movements/{id}": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.taggedMovement()
		return ifMatched(jsonReq("PUT", "/api/v1/movements/"+id, movementBody(f.t0.Add(100*time.Hour), "later")), tag)
	}),
	"POST /api/v1/movements/{id}/acknowledge": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/movements/"+f.movement()+"/acknowledge", map[string]any{"version": 1})
	}),
	"POST /api/v1/movements/{id}/passed-on": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/movements/"+f.movement()+"/passed-on", map[string]any{"version": 1, "level": "brigade", "at": time.Now().UTC().Format(time.RFC3339)})
	}),
	"POST /api/v1/movements/{id}/queries": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/movements/"+f.movement()+"/queries", map[string]any{"version": 1, "text": "wrong place?"})
	}),
	"POST /api/v1/movements/check": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/movements/check", movementBody(f.t0.Add(96*time.Hour), "checked"))
	}),
	"GET /api/v1/movements/{id}/reads": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/movements/" + once(f, "movements-reads", func() string { return f.movement() }) + "/reads"}
	}),
	"POST /api/v1/movements/{id}/queries/{seq}/answer": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id := f.movement()
		out, _ := f.post(200, "/api/v1/movements/"+id+"/queries", "ru-liaison", "", map[string]any{"version": 1, "text": "route unsafe?"})
		seq := int64(out["queries"].([]any)[0].(map[string]any)["seq"].(float64))
		return jsonReq("POST", fmt.Sprintf("/api/v1/movements/%s/queries/%d/answer", id, seq), map[string]any{"text": "it is safe"})
	}),
	"POST /api/v1/movements/{id}/repeat": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/movements/"+f.movement()+"/repeat", map[string]any{"start": f.t0.Add(200 * time.Hour).Format(time.RFC3339)})
	}),
	"POST /api/v1/movements/{id}/positions": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		// Timed before the window: a 422 once the permission check passed.
		return jsonReq("POST", "/api/v1/movements/"+f.movement()+"/positions", map[string]any{"positions": []map[string]any{
			{"time": f.t0.Format(time.RFC3339), "lat": 36.2, "lon": 37.1}}})
	}),
	"GET /api/v1/movements/{id}/positions": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/movements/" + once(f, "movements-positions", func() string { return f.movement() }) + "/positions"}
	}),
	"GET /api/v1/positions": everyone(get("/api/v1/positions")),
	"POST /api/v1/movements/{id}/cancel": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.taggedMovement()
		return ifMatched(jsonReq("POST", "/api/v1/movements/"+id+"/cancel", map[string]any{}), tag)
	}),

	"GET /api/v1/alerts":          everyone(get("/api/v1/alerts")),
	"GET /api/v1/alerts/counts":   everyone(get("/api/v1/alerts/counts")),
	"GET /api/v1/alerts/cap.atom": everyone(get("/api/v1/alerts/cap.atom")),
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
}

// once2 is once for makers of two strings.
func once2(f *routeFixture, key string, mk func() (string, string)) (string, string) {
	v := once(f, key, func() [2]string { a, b := mk(); return [2]string{a, b} })
	return v[0], v[1]
}
