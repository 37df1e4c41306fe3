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
	"POST /api/v1/reports/sitrep/issued/{date}/{sha256}/corrections": byOwner("us", "un", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/reports/sitrep/issued/2016-07-12/"+f.sitrepToCorrect()+"/corrections",
			map[string]any{"reason": "a figure was wrong"})
	}),
	"GET /api/v1/reports/sitrep/agreed": everyone(func(f *routeFixture, c caller) routeReq {
		f.agreedSitrep()
		return routeReq{method: "GET", path: "/api/v1/reports/sitrep/agreed"}
	}),
	"GET /api/v1/reports/sitrep/agreed/{date}": everyone(func(f *routeFixture, c caller) routeReq {
		f.agreedSitrep()
		return routeReq{method: "GET", path: "/api/v1/reports/sitrep/agreed/2016-07-13?format=json"}
	}),
}

// sitrep is the hash of the report of 2016-07-12 issued by us.
func (f *routeFixture) sitrep() string {
	return once(f, "sitrep", func() string {
		out, _ := f.post(201, "/api/v1/reports/sitrep", "us-liaison", "", map[string]any{"date": "2016-07-12", "lang": "en"})
		return out["sha256"].(string)
	})
}

// sitrepToCorrect is the hash of the Russian report of 2016-07-12 issued
// by us, which the correction route corrects (the first correction; the
// others are refused as superseded already).
func (f *routeFixture) sitrepToCorrect() string {
	return once(f, "sitrep-ru", func() string {
		out, _ := f.post(201, "/api/v1/reports/sitrep", "us-liaison", "", map[string]any{"date": "2016-07-12", "lang": "ru"})
		return out["sha256"].(string)
	})
}

// agreedSitrep issues the report of 2016-07-13 and has both co-chairs
// sign it off, so that it is published; it returns its hash.
func (f *routeFixture) agreedSitrep() string {
	return once(f, "sitrep-agreed", func() string {
		out, _ := f.post(201, "/api/v1/reports/sitrep", "us-liaison", "", map[string]any{"date": "2016-07-13", "lang": "en"})
		sha := out["sha256"].(string)
		for _, u := range []string{"us-liaison", "ru-liaison"} {
			f.post(200, "/api/v1/reports/sitrep/issued/2016-07-13/"+sha+"/agreements", u, "", nil)
		}
		return sha
	})
}
