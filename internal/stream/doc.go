// Package stream delivers committed log entries to the parties that may see
// them: live over Server-Sent Events (the WHATWG HTML "Server-sent events"
// section, text/event-stream) through a [Hub], and to registered HTTPS
// endpoints through signed webhooks ([Dispatcher]).
//
// Both paths decide visibility with package access, per entry, against the
// receiving party: nothing is delivered that the receiver could not read
// through GET /api/v1/log/entries/{seq}.
//
// The event id of every delivered entry is its log sequence number, so that
// a client reconnecting with Last-Event-ID (or a webhook resuming from its
// cursor) continues from the store with nothing missed and nothing repeated.
//
// Writers are never slowed by receivers: the sequencer's commit hook hands
// each batch to [Hub.Publish], which does one non-blocking channel send per
// subscriber. A subscriber whose bounded buffer is full is dropped and told
// to reconnect; it then resumes from the store.
package stream
