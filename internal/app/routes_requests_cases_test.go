package app

import (
	"context"
	"time"

	"truce/internal/cases"
	"truce/internal/testwait"
)

// caseRec is a case opened by an incident ru reports, alleging us, at a
// fresh site un notified to ru and us: its notifier is un, its requests go
// to ru and us. Made once per fixture; requests that change it still pass
// the permission check (a second close is a 409).
func (f *routeFixture) caseRec() string {
	return once(f, "case", func() string {
		site := f.site()
		body := incidentBody(f.uniq("case-"), 37.1602, 36.2002, "GREEN")
		body["time"] = map[string]any{"start": time.Now().UTC().Add(time.Second).Format(time.RFC3339Nano), "precision": "hour"}
		body["perpetrator"] = map[string]any{"kind": "party", "party": "us"}
		out, _ := f.post(201, "/api/v1/incidents", "ru-reporter", "", body)
		var id string
		testwait.For(f.t, 20*time.Second, "the case of the role table", func() bool {
			c, err := f.n.app.DB.Cases().CaseByKey(context.Background(), nil, cases.Key(cases.ConcernsSite, site, out["id"].(string)))
			if err == nil {
				id = c.ID
			}
			return err == nil
		})
		return id
	})
}

// caseTag is the case's current ETag.
func (f *routeFixture) caseTag(id string) string {
	_, tag := f.n.must(200, "GET", "/api/v1/cases/"+id, "un-liaison", "", nil)
	return tag
}

// knownSite is a known site un's analyst imported (AMBER to un and the
// co-chairs, the default).
func (f *routeFixture) knownSite() string {
	return once(f, "known site", func() string {
		f.post(201, "/api/v1/known-sites/import", "un-analyst", "", map[string]any{"source": "facility list",
			"csv": "name,kind,lat,lon\nWater station,water_facility,36.3,37.3\n"})
		_, body, _ := f.n.call("GET", "/api/v1/known-sites?limit=1", "un-analyst", "", nil)
		return body["items"].([]any)[0].(map[string]any)["id"].(string)
	})
}

// casesRouteRequests are the requests of the routes of cases and known
// sites: own is the notifier un, other ru, a party asked for information
// (for answers, own is ru and other un, which was asked nothing).
var casesRouteRequests = map[string]routeCase{
	"GET /api/v1/cases":        everyone(get("/api/v1/cases")),
	"GET /api/v1/cases/counts": everyone(get("/api/v1/cases/counts")),
	"GET /api/v1/cases/{id}": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/cases/" + f.caseRec()}
	}),
	"POST /api/v1/cases/{id}/requests": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/cases/"+f.caseRec()+"/requests", map[string]any{"party": "us"})
	}),
	"POST /api/v1/cases/{id}/answers": byOwner("ru", "un", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/cases/"+f.caseRec()+"/answers", map[string]any{"text": "not our units"})
	}),
	"POST /api/v1/cases/{id}/measures": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/cases/"+f.caseRec()+"/measures", map[string]any{"text": "list re-issued"})
	}),
	"POST /api/v1/cases/{id}/measures/{mid}": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id := f.caseRec()
		out, tag := f.post(201, "/api/v1/cases/"+id+"/measures", "un-liaison", "", map[string]any{"text": f.uniq("measure ")})
		ms := out["measures"].([]any)
		mid := ms[len(ms)-1].(map[string]any)["id"].(string)
		return ifMatched(jsonReq("POST", "/api/v1/cases/"+id+"/measures/"+mid, map[string]any{"state": "in_progress"}), tag)
	}),
	"POST /api/v1/cases/{id}/close": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		id := f.caseRec()
		return ifMatched(jsonReq("POST", "/api/v1/cases/"+id+"/close", map[string]any{"finding": "hit; units reminded"}), f.caseTag(id))
	}),
	"POST /api/v1/known-sites/import": byOwner("un", "us", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/known-sites/import", map[string]any{"csv": "name,kind,lat,lon\n" + f.uniq("School ") + ",school,36.4,37.4\n"})
	}),
	"GET /api/v1/known-sites": everyone(get("/api/v1/known-sites")),
	"GET /api/v1/known-sites/{id}": byOwner("un", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/known-sites/" + f.knownSite()}
	}),
}
