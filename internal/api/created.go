package api

import "net/http"

// writeCreated answers 201 Created with v as JSON and Location: location,
// the URL of a readable record that holds what the request created (the
// record itself, or the record a version, agreement or addition belongs
// to). A creation with no URL of its own to read (a session, a token, a
// user, a webhook, an upload) answers 201 without Location instead; the
// OpenAPI document declares Location on every 201 that has it, and
// TestResponsesMatchTheOpenAPIDocument (internal/app) holds each route to
// it.
func writeCreated(w http.ResponseWriter, location string, v any) {
	w.Header().Set("Location", location)
	writeJSON(w, http.StatusCreated, v)
}
