// Package apiclient is a Go client of truce's HTTP API, generated from the
// OpenAPI document (internal/api/openapi.json) by oapi-codegen. It is a
// test-only module of its own, so the truce module gains no dependency:
// its tests check that the generated code is what the document gives
// today and that the client works against a real node.
package apiclient

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../openapi.json
