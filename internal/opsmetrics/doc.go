// Package opsmetrics holds the node's operator metrics that are not about
// HTTP requests: the log's checkpoints and witnesses, the sequencer's
// batches and the database's commits, live subscribers, webhook
// deliveries and the read audit. Each metric is updated where its event
// happens (the ledger and stream packages call the hooks here), or read
// from a counter the component keeps, never by scanning the database.
//
// The metrics are exposed in the Prometheus text format, or OpenMetrics
// when the scraper asks for it (package api). The names are listed in
// README.md ("Operations / Metrics"), and deploy/prometheus/truce-rules.yml
// and deploy/grafana/truce.json use them.
package opsmetrics
