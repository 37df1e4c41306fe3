package api

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes the API (OpenAPI 3.1). A test checks that every
// route the server registers is in it.
//
//go:embed openapi.json
var openAPIDocument []byte

func (s *Server) getOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDocument)
}
