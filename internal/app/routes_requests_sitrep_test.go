package app

// sitrepRouteRequests are the requests of the situation report's routes.
var sitrepRouteRequests = map[string]routeCase{
	"GET /api/v1/reports/sitrep": everyone(get("/api/v1/reports/sitrep?date=2016-07-11&format=json")),
}
