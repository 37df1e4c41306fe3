package app

// sourcesRouteRequests are the requests of the routes of open sources,
// drafts and feeds: own is us, whose analyst submitted the source (AMBER
// to us), other the co-chair ru.
var sourcesRouteRequests = map[string]routeCase{
	"POST /api/v1/sources": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/sources", map[string]any{"text": corpus(f.t, "en01.txt"), "url": "https://wire.example/" + f.uniq("role-")})
	}),
	"GET /api/v1/sources/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/sources/" + f.source()[0]}
	}),
	"GET /api/v1/drafts": everyone(get("/api/v1/drafts")),
	"GET /api/v1/drafts/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/drafts/" + f.source()[1]}
	}),
	"POST /api/v1/drafts/{id}/accept": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return ifMatched(jsonReq("POST", "/api/v1/drafts/"+f.source()[1]+"/accept", map[string]any{"reliability": "C", "credibility": 3}), f.draftTag())
	}),
	"POST /api/v1/drafts/{id}/merge": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return ifMatched(jsonReq("POST", "/api/v1/drafts/"+f.source()[1]+"/merge", map[string]any{"incident_id": id, "reliability": "C", "credibility": 3}), f.draftTag())
	}),
	"POST /api/v1/drafts/{id}/discard": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return ifMatched(jsonReq("POST", "/api/v1/drafts/"+f.source()[1]+"/discard", map[string]any{"reason": "role table"}), f.draftTag())
	}),
	"POST /api/v1/drafts/{id}/duplicates": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return jsonReq("POST", "/api/v1/drafts/"+f.source()[1]+"/duplicates", map[string]any{"incident_id": id, "decision": "dismissed"})
	}),
	"GET /api/v1/feeds": everyone(get("/api/v1/feeds")),
	"POST /api/v1/feeds": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/feeds", map[string]any{"url": f.hooks.URL + "/" + f.uniq("feed-"), "interval_seconds": 3600})
	}),
	"GET /api/v1/feeds/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/feeds/" + f.feed()}
	}),
	"POST /api/v1/feeds/{id}/pause": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/feeds/"+f.feed()+"/pause", map[string]any{"reason": "role table"})
	}),
	"POST /api/v1/feeds/{id}/resume": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/feeds/"+f.feed()+"/resume", map[string]any{})
	}),
	"DELETE /api/v1/feeds/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "DELETE", path: "/api/v1/feeds/" + f.feed()}
	}),
}

// source is a source submitted by us's analyst (AMBER to us) and its first
// draft, made once.
func (f *routeFixture) source() [2]string {
	return once(f, "source", func() [2]string {
		out, _ := f.post(201, "/api/v1/sources", "us-analyst", "", map[string]any{"text": corpus(f.t, "en02.txt")})
		d := out["drafts"].([]any)[0].(map[string]any)
		return [2]string{out["id"].(string), d["id"].(string)}
	})
}

// draftTag is the current ETag of the source's draft, read by us's analyst.
func (f *routeFixture) draftTag() string {
	_, tag := f.n.must(200, "GET", "/api/v1/drafts/"+f.source()[1], "us-analyst", "", nil)
	return tag
}

// feed is a feed registered by us's analyst (AMBER to us), made once.
func (f *routeFixture) feed() string {
	return once(f, "feed", func() string {
		out, _ := f.post(201, "/api/v1/feeds", "us-analyst", "", map[string]any{"url": f.hooks.URL + "/feed", "interval_seconds": 3600})
		return out["id"].(string)
	})
}
