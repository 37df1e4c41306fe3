package app

// sitrepRouteRequests are the requests of the situation report's routes:
// reports are issued and signed off by co-chairs' liaisons (own us, other
// un, which is no co-chair).
var sitrepRouteRequests = map[string]routeCase{
	"GET /api/v1/reports/sitrep": everyone(get("/api/v1/reports/sitrep?date=2016-07-11&format=json")),
	"POST /api/v1/reports/sitrep": byOwner("us", "un", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/reports/sitrep", map[string]any{"date": "2016-07-11", "lang": "en"})
	}),
	"GET /api/v1/reports/sitrep/issued/{date}": everyone(get("/api/v1/reports/sitrep/issued/2016-07-12")),
	"GET /api/v1/reports/sitrep/issued/{date}/{sha256}": everyone(func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/reports/sitrep/issued/2016-07-12/" + f.sitrep()}
	}),
	"POST /api/v1/reports/sitrep/issued/{date}/{sha256}/agreements": byOwner("us", "un", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "POST", path: "/api/v1/reports/sitrep/issued/2016-07-12/" + f.sitrep() + "/agreements"}
	}),
}

// sitrep is the hash of the report of 2016-07-12 issued by us.
func (f *routeFixture) sitrep() string {
	return once(f, "sitrep", func() string {
		out, _ := f.post(201, "/api/v1/reports/sitrep", "us-liaison", "", map[string]any{"date": "2016-07-12", "lang": "en"})
		return out["sha256"].(string)
	})
}
