// Package web serves truce's browser UI: plain ES modules, CSS and the
// vendored Leaflet library, embedded in the binary so that the UI works on a
// machine with no internet and needs no build step.
//
// The UI is a client of the public HTTP API like any other: it reads and
// writes only through /api/v1 and /log, so releasability is decided by the
// API, never here. Pages are addressed by the URL fragment (#/map,
// #/entry/12, #/public), so the handler serves one index page and the
// static files.
//
// The record pages verify every log entry in the browser: SHA-256 of the
// canonical bytes against the commitment, the RFC 6962 inclusion proof up
// to the checkpoint's root, and the checkpoint's Ed25519 signature (C2SP
// signed-note) against the node's key (see static/js/verify.js).
//
// Map layers are one ES module each under static/js/map/layers/; see
// static/js/map/layers/README.md for how to add one.
//
// The operations screens are one module per page under static/js/pages/
// (queues, incidents and the report form, zones, sites and movements,
// alerts, hotline, dashboard, public). Forms share static/js/forms/: a
// field claims the API field it fills (data-field), and an RFC 9457
// problem's errors[].field is shown next to the field it names, the rest
// above the form. Charts are SVG drawn by static/js/charts.js; countdowns
// to acknowledgement deadlines by static/js/countdown.js.
package web
