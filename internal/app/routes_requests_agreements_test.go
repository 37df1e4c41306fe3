package app

// agreementsRouteRequests are the requests of the routes of agreements
// (own is the co-chair us, who proposes; other the co-chair ru) and of
// safe passages (own is un, who proposes; other ru, a party concerned).
var agreementsRouteRequests = map[string]routeCase{
	"GET /api/v1/agreements": everyone(get("/api/v1/agreements")),
	"POST /api/v1/agreements": byOwner("us", "un", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/agreements", f.agreementBody())
	}),
	"GET /api/v1/agreements/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "agreement", f.agreement)
		return routeReq{method: "GET", path: "/api/v1/agreements/" + id}
	}),
	"POST /api/v1/agreements/{id}/versions": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.agreement()
		return routeReq{method: "POST", path: "/api/v1/agreements/" + id + "/versions", json: f.agreementBody(), ifMatch: tag}
	}),
	"POST /api/v1/agreements/{id}/versions/{version}/agreements": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := f.agreement()
		return routeReq{method: "POST", path: "/api/v1/agreements/" + id + "/versions/1/agreements"}
	}),
	"POST /api/v1/agreements/{id}/links": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := f.agreement()
		inc, _ := once2(f, "incident", f.incident)
		return jsonReq("POST", "/api/v1/agreements/"+id+"/links", map[string]any{"obligation": "no-artillery", "incident_id": inc})
	}),
	"GET /api/v1/agreements/{id}/compliance": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "agreement", f.agreement)
		return routeReq{method: "GET", path: "/api/v1/agreements/" + id + "/compliance"}
	}),
	"GET /api/v1/agreements/{id}/history": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "agreement", f.agreement)
		return routeReq{method: "GET", path: "/api/v1/agreements/" + id + "/history"}
	}),

	"GET /api/v1/passages": everyone(get("/api/v1/passages")),
	"POST /api/v1/passages": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/passages", passageBody(f.uniq("Corridor ")))
	}),
	"GET /api/v1/passages/{id}": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "passage", f.passage)
		return routeReq{method: "GET", path: "/api/v1/passages/" + id}
	}),
	"POST /api/v1/passages/{id}/versions": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.passage()
		return routeReq{method: "POST", path: "/api/v1/passages/" + id + "/versions", json: passageBody("Corridor v2"), ifMatch: tag}
	}),
	"POST /api/v1/passages/{id}/versions/{version}/guarantees": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := f.passage()
		return routeReq{method: "POST", path: "/api/v1/passages/" + id + "/versions/1/guarantees"}
	}),
	"POST /api/v1/passages/{id}/status": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.passage()
		return routeReq{method: "POST", path: "/api/v1/passages/" + id + "/status", json: map[string]any{"status": "closed"}, ifMatch: tag}
	}),
	"POST /api/v1/passages/{id}/hazards": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "passage", f.passage)
		return jsonReq("POST", "/api/v1/passages/"+id+"/hazards", map[string]any{"hazard": "obstacle",
			"location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.151}}})
	}),
	"GET /api/v1/passages/{id}/history": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "passage", f.passage)
		return routeReq{method: "GET", path: "/api/v1/passages/" + id + "/history"}
	}),
}

// agreementBody is a GREEN agreement binding us and ru with one obligation
// in the fixture's agreed zone.
func (f *routeFixture) agreementBody() map[string]any {
	zone := once(f, "agreed-zone", func() string {
		id, _ := f.zone()
		f.post(201, "/api/v1/zones/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
		return id
	})
	b := agreementBody(zone)
	delete(b, "releasability")
	return b
}

// agreement is a fresh GREEN agreement proposed by us, and its ETag.
func (f *routeFixture) agreement() (string, string) {
	out, tag := f.post(201, "/api/v1/agreements", "us-liaison", "", f.agreementBody())
	return out["id"].(string), tag
}

// passage is a fresh GREEN safe passage proposed by un concerning us and
// ru, and its ETag.
func (f *routeFixture) passage() (string, string) {
	out, tag := f.post(201, "/api/v1/passages", "un-liaison", "", passageBody(f.uniq("Corridor ")))
	return out["id"].(string), tag
}
