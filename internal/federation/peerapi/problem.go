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

// problemBase prefixes problem type URIs, as in the api package.
const problemBase = "https://truce.invalid/problems/"

// writeProblem answers with a problem of status; detail is shown to the
// caller and MUST hold no internal detail.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, kind, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(problem{Type: problemBase + kind, Title: http.StatusText(status), Status: status, Detail: detail, Instance: r.URL.Path})
}
