package api

import (
	"html/template"
	"net/http"
	"sort"
)

// problemType documents one problem type: what a client sees, what it
// means and what to do. GET /problems/{name} serves it, so that a problem's
// type URI (a reference relative to the node, /problems/NAME) opens a page.
type problemType struct {
	Status      int
	Title       string
	Meaning, Do string
}

// problemTypes is every problem type the API answers with; a test checks
// that each type problem.go and the import handlers can produce is here.
var problemTypes = map[string]problemType{
	"bad-request":            {400, "Malformed request", "The request could not be read: bad JSON, an unknown field, a parameter out of range, or a cursor this listing did not return. errors[] names the field or parameter.", "Fix what the detail names and send the request again; nothing was changed."},
	"invalid":                {422, "Invalid request", "The request was read but a value is not acceptable (a time in the future, a geometry that does not close, an unknown party). errors[] names the field.", "Correct the named field; nothing was changed."},
	"invalid-import":         {422, "Invalid import", "An import file (CSV or GeoJSON of incidents, KML or GeoJSON of zones) has rows or features that cannot be taken; the problem lists each with its reason.", "Correct the listed rows and import again; nothing of the file was imported."},
	"invalid-bundle":         {422, "Invalid STIX bundle", "A STIX 2.1 bundle has objects that are not valid or cannot be mapped; the problem names each object id and property.", "Correct the named objects; nothing of the bundle was imported."},
	"too-large":              {413, "Request body too large", "The body is over the node's limit (--max-body, or the evidence store's limit).", "Send a smaller body, or split an import."},
	"unsupported-media-type": {415, "Unsupported media type", "The Content-Type is not the one this route reads.", "Send the body with the Content-Type the detail names."},
	"unauthenticated":        {401, "Authentication required", "The request carries no valid token or session.", "Send 'Authorization: Bearer <token>' or log in at POST /api/v1/session."},
	"forbidden":              {403, "Forbidden", "Your role or party may not do this.", "Ask your party's admin for the role the action needs, or have a user of the right party do it."},
	"read-only-token":        {403, "Read-only token", "A read-only (link) token was used for a change.", "Use a token or session that may write."},
	"csrf":                   {403, "CSRF token required", "A change sent with a session cookie lacks the X-CSRF-Token header the session gave.", "Send the session's CSRF token in X-CSRF-Token, or use a bearer token."},
	"not-found":              {404, "Not found", "No such resource, or not one you may see: a record hidden from you answers exactly as one that does not exist.", "Check the id; if a colleague sees it, its releasability does not include your party."},
	"method-not-allowed":     {405, "Method not allowed", "The path exists but is not served with this method.", "Use one of the methods in the Allow header."},
	"conflict":               {409, "Conflict", "The request conflicts with the record's current state (already acknowledged, closed, or held by another party's node).", "Fetch the record again and decide with its current state."},
	"precondition-failed":    {412, "Precondition failed", "The record changed since you read it: the If-Match ETag is stale.", "Fetch the record again, then retry with its new ETag."},
	"precondition-required":  {428, "Precondition required", "A change to a record needs an If-Match header with the ETag you read.", "GET the record, then send its ETag in If-Match."},
	"rate-limited":           {429, "Too many requests", "Your token, user or address sent more requests than the node allows (--rate-limit).", "Slow down and retry after the Retry-After delay."},
	"login-throttled":        {429, "Too many failed logins", "Too many failed logins for this user or address.", "Wait for the Retry-After delay; ask an admin if you forgot the password."},
	"not-implemented":        {501, "Not implemented", "This node cannot produce what was asked (a report format it has no renderer for).", "Ask for another format the detail names."},
	"not-ready":              {503, "Not ready", "The node cannot serve yet; the detail says why (the database does not answer, no checkpoint yet, the store was found altered).", "Retry later; operators see the cause in the node's log and /readyz."},
	"no-checkpoint":          {503, "No checkpoint yet", "The log has no signed checkpoint to serve yet.", "Retry in a second."},
	"public-batch-pending":   {503, "No public checkpoint yet", "The public sees the log in delayed batches, and no batch has been published yet.", "Retry after the Retry-After delay; members verify the live log signed in."},
	"database-unavailable":   {503, "Database unavailable", "The node's database did not answer; no write was acknowledged.", "Retry shortly; GET /readyz says when the node is ready."},
	"unavailable":            {503, "Shutting down", "The node is stopping.", "Retry on another node or later."},
	"writes-halted":          {503, "Writes halted", "The node found its store altered and refuses every write; the parties were alerted.", "Operators: run 'truce verify --deep', restore from a backup and restart. Users: write through another node or later."},
	"storage-full":           {507, "Insufficient storage", "The node's disk is full, so nothing was written; reads still work.", "Ask the operator to free space on the data volume or database server, then retry."},
	"store-integrity":        {500, "Record altered in the node's store", "A stored record does not match its commitment in the log, so the node will not serve it, refuses writes and has alerted the parties.", "Do not rely on this node until its operators have restored its store."},
	"internal":               {500, "Internal error", "The node failed to handle the request.", "Retry; if it persists, give the operator the time of the request: the node's log has the cause."},
}

var problemPage = template.Must(template.New("problem").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} ({{.Status}}) · truce problem types</title></head>
<body><main>
<h1>{{.Title}}</h1>
<p>HTTP status <b>{{.Status}}</b>, problem type <code>/problems/{{.Name}}</code> (RFC 9457).</p>
<h2>What it means</h2><p>{{.Meaning}}</p>
<h2>What to do</h2><p>{{.Do}}</p>
<p><a href="/problems/">Every problem type</a></p>
</main></body></html>
`))

var problemIndex = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>truce problem types</title></head>
<body><main>
<h1>Problem types</h1>
<p>Every error of the truce API is an RFC 9457 problem whose <code>type</code> is one of these.</p>
<ul>{{range .}}<li><a href="/problems/{{.Name}}">{{.Name}}</a> ({{.Status}}): {{.Title}}</li>{{end}}</ul>
</main></body></html>
`))

type namedProblemType struct {
	Name string
	problemType
}

// getProblemType is GET /problems/{name}: the page of a problem type; a name
// that is none is a 404 problem.
func (s *Server) getProblemType(w http.ResponseWriter, r *http.Request) {
	t, ok := problemTypes[r.PathValue("name")]
	if !ok {
		s.writeError(w, r, noRoute(r))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_ = problemPage.Execute(w, namedProblemType{r.PathValue("name"), t})
}

// listProblemTypes is GET /problems/: every problem type, by name.
func (s *Server) listProblemTypes(w http.ResponseWriter, r *http.Request) {
	var all []namedProblemType
	for name, t := range problemTypes {
		all = append(all, namedProblemType{name, t})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_ = problemIndex.Execute(w, all)
}
