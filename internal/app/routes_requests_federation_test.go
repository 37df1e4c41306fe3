package app

// federationRouteRequests are the requests of the routes of a party
// node's federation that read what it mirrored. The test node is not
// federated: the route answers 404 to everyone there (routeTable).
var federationRouteRequests = map[string]routeCase{
	"GET /api/v1/federation/entries/{seq}": everyone(get("/api/v1/federation/entries/0?origin=peer.truce.invalid%2Fus")),
}
