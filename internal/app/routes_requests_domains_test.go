package app

import (
	"time"

	"truce/internal/misp"
)

// domainRouteRequests are the requests of the routes of zones, incidents,
// the map's reference data, airspace and the OGC API.
var domainRouteRequests = map[string]routeCase{
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
	"GET /api/v1/exports/stix":       everyone(get("/api/v1/exports/stix")),
	"GET /api/v1/exports/stix/terms": everyone(get("/api/v1/exports/stix/terms")),
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
	"GET /api/v1/incidents/{id}/findings": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return routeReq{method: "GET", path: "/api/v1/incidents/" + id + "/findings"}
	}),
	"GET /api/v1/incidents/{id}/proof": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return routeReq{method: "GET", path: "/api/v1/incidents/" + id + "/proof"}
	}),
	"POST /api/v1/incidents/{id}/allegations": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return jsonReq("POST", "/api/v1/incidents/"+id+"/allegations", map[string]any{"source": "party", "text": "shelled at dawn"})
	}),
	"POST /api/v1/incidents/{id}/investigation/{step}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return jsonReq("POST", "/api/v1/incidents/"+id+"/investigation/open", map[string]any{"note": "preliminary"})
	}),
	"POST /api/v1/incidents/{id}/replies": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return jsonReq("POST", "/api/v1/incidents/"+id+"/replies", map[string]any{"text": "our reply"})
	}),
	"POST /api/v1/incidents/{id}/fact": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return jsonReq("POST", "/api/v1/incidents/"+id+"/fact", map[string]any{"what": "w", "where": "x", "when": "y", "confidence": "high"})
	}),
	"POST /api/v1/incidents/{id}/attribution": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return jsonReq("POST", "/api/v1/incidents/"+id+"/attribution", map[string]any{"state": "disputed", "reasoning": "r"})
	}),
	"POST /api/v1/incidents/{id}/positions": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		return jsonReq("POST", "/api/v1/incidents/"+id+"/positions", map[string]any{"on_finding": "accepts", "statement": "s"})
	}),
	"POST /api/v1/monitoring/patrols": byOwner("un", "us", func(f *routeFixture, c caller) routeReq {
		start := f.t0.Add(96 * time.Hour)
		return jsonReq("POST", "/api/v1/monitoring/patrols", map[string]any{"kind": "patrol",
			"route": map[string]any{"type": "LineString", "coordinates": [][]float64{{37.1, 36.2}, {37.2, 36.25}}}, "sight_m": 2000,
			"window":   map[string]any{"start": start.Format(time.RFC3339), "end": start.Add(4 * time.Hour).Format(time.RFC3339)},
			"notified": []string{"ru", "us"}})
	}),
	"POST /api/v1/monitoring/restrictions": byOwner("un", "us", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/monitoring/restrictions", map[string]any{"kind": "denial",
			"location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.2}}, "time": "2016-07-10T08:00:00Z", "controlled_by": "ru"})
	}),
	"GET /api/v1/monitoring/coverage": everyone(get("/api/v1/monitoring/coverage?from=2016-07-01T00:00:00Z&to=2016-07-02T00:00:00Z")),
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

	"GET /api/v1/ui/config":                  everyone(get("/api/v1/ui/config")),
	"GET /api/v1/basemap/countries":          everyone(get("/api/v1/basemap/countries")),
	"GET /api/v1/basemap/admin1":             everyone(get("/api/v1/basemap/admin1")),
	"GET /api/v1/basemap/tiles/{z}/{x}/{y}":  everyone(get("/api/v1/basemap/tiles/0/0/0")), // the test node has no --basemap: 404
	"GET /api/v1/places":                     everyone(get("/api/v1/places?q=Aleppo")),
	"GET /api/v1/exports/{collection}":       everyone(get("/api/v1/exports/incidents?format=geojson")),
	"GET /api/v1/exports/gpkg":               everyone(get("/api/v1/exports/gpkg")),
	"GET /api/v1/exports/misp/manifest.json": everyone(get("/api/v1/exports/misp/manifest.json")),
	"GET /api/v1/exports/misp/{file}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, _ := once2(f, "incident", f.incident)
		uuid, _ := misp.EventUUID(id)
		return routeReq{method: "GET", path: "/api/v1/exports/misp/" + uuid + ".json"}
	}),
	"GET /api/v1/flightplans":  everyone(get("/api/v1/flightplans")),
	"GET /api/v1/reservations": everyone(get("/api/v1/reservations")),
	"GET /api/v1/conflicts":    everyone(get("/api/v1/conflicts")),
	"GET /api/v1/tracks":       everyone(get("/api/v1/tracks")),
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
		id, tag := f.plan()
		return ifMatched(jsonReq("POST", "/api/v1/flightplans/"+id+"/cancel", map[string]any{}), tag)
	}),
	"POST /api/v1/reservations": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return jsonReq("POST", "/api/v1/reservations", reservation(f.t0, 1000, 5000))
	}),
	"GET /api/v1/reservations/{id}": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		return routeReq{method: "GET", path: "/api/v1/reservations/" + once(f, "reservation", f.reservation)}
	}),
	"POST /api/v1/reservations/{id}/cancel": byOwner("us", "ru", func(f *routeFixture, c caller) routeReq {
		id, tag := f.taggedReservation()
		return ifMatched(jsonReq("POST", "/api/v1/reservations/"+id+"/cancel", map[string]any{}), tag)
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
