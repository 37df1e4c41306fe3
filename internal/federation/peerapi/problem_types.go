package peerapi

import (
	"html/template"
	"net/http"
	"slices"
	"strings"
)

// ProblemPath is where the listener serves the page of each problem type of
// the peer API: a problem's type is ProblemPath+NAME, a reference relative
// to the node that answered, so it opens on that node's federation
// listener as the main API's /problems/NAME opens on its HTTP listener.
// The pages are served to any caller that reached the listener, member or
// not: they hold no record, only what each type means.
const ProblemPath = "/federation/v1/problems/"

// problemType documents one problem type of the peer API: what a peer
// node sees, what it means and what its operator can do.
type problemType struct {
	Status      int
	Title       string
	Meaning, Do string
}

// problemTypes is every problem type the peer API answers with; a test
// checks that each writeProblem call of this package names one of them,
// and that each page opens.
var problemTypes = map[string]problemType{
	"bad-range":     {http.StatusBadRequest, "Bad entry range", "A commitments or entries request did not give start and end exactly once as entry numbers with start ≤ end, covering at most 1,000 entries within the published tree.", "Ask for a range within the tree size of the node's latest checkpoint, 1,000 entries at most; nothing was changed."},
	"forbidden":     {http.StatusForbidden, "Not a member of the federation", "The caller's client certificate is not pinned by any member of the roster in force on this node.", "Check that the roster this node follows lists your node's TLS pin, and that your node presents that certificate."},
	"not-found":     {http.StatusNotFound, "Not found", "No such federation resource, or no evidence with this id.", "Check the path against the peer API (GET checkpoint, commitments, entries, checkpoints, evidence/{id}; POST add-checkpoint)."},
	"no-checkpoint": {http.StatusNotFound, "No checkpoint yet", "The node has signed no checkpoint its peers can mirror yet.", "Retry later: the mirror polls again on its own."},
	"internal":      {http.StatusInternalServerError, "Internal error", "The node failed to answer the peer request.", "Retry; if it persists, tell the node's operators the time of the request: the node's log has the cause."},
}

var problemPage = template.Must(template.New("problem").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} ({{.Status}}) · truce federation problem types</title></head>
<body><main>
<h1>{{.Title}}</h1>
<p>HTTP status <b>{{.Status}}</b>, problem type <code>{{.Path}}{{.Name}}</code> (RFC 9457) of the federation's peer API.</p>
<h2>What it means</h2><p>{{.Meaning}}</p>
<h2>What to do</h2><p>{{.Do}}</p>
<p><a href="{{.Path}}">Every problem type of the peer API</a></p>
</main></body></html>
`))

var problemIndex = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>truce federation problem types</title></head>
<body><main>
<h1>Problem types of the peer API</h1>
<p>Every error of a node's federation listener is an RFC 9457 problem whose <code>type</code> is one of these.</p>
<ul>{{range .}}<li><a href="{{.Path}}{{.Name}}">{{.Name}}</a> ({{.Status}}): {{.Title}}</li>{{end}}</ul>
</main></body></html>
`))

// namedProblemType is a problem type with its name, as the pages show it.
type namedProblemType struct {
	Name, Path string
	problemType
}

// serveProblemType serves GET ProblemPath (the index) and GET
// ProblemPath+NAME (one page); a name that is no problem type is the
// not-found problem.
func serveProblemType(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, ProblemPath)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if name == "" {
		var all []namedProblemType
		for n, t := range problemTypes {
			all = append(all, namedProblemType{n, ProblemPath, t})
		}
		slices.SortFunc(all, func(a, b namedProblemType) int { return strings.Compare(a.Name, b.Name) })
		w.Header().Set("Cache-Control", "public, max-age=86400")
		_ = problemIndex.Execute(w, all)
		return
	}
	t, ok := problemTypes[name]
	if !ok {
		writeProblem(w, r, "not-found", "no such problem type")
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_ = problemPage.Execute(w, namedProblemType{name, ProblemPath, t})
}
