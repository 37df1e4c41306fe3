package peerapi

import (
	"encoding/json"
	"net/http"
)

// problem is an RFC 9457 problem details object, as the api package
// writes them (that package serves users; this one peers).
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
}

// writeProblem answers with the problem of type kind, a name in
// problemTypes, which gives its status and title; its type URI is a
// reference relative to the node, ProblemPath+kind, whose page the
// listener serves. detail is shown to the caller and MUST hold no internal
// detail. A kind that is not in problemTypes is a bug: it is answered as
// "internal".
func writeProblem(w http.ResponseWriter, r *http.Request, kind, detail string) {
	t, ok := problemTypes[kind]
	if !ok {
		kind, t = "internal", problemTypes["internal"]
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(t.Status)
	_ = json.NewEncoder(w).Encode(problem{Type: ProblemPath + kind, Title: t.Title, Status: t.Status, Detail: detail, Instance: r.URL.Path})
}
