package stream

import (
	"encoding/json"
	"sync"
)

// Record views: a live event may be preceded by the record its entry is
// about, as the receiving caller may see it, so that a client applies the
// event in place without reading the record back (issue #19). The view is
// its own Server-Sent Event, written just before the entry's:
//
//	event: record
//	data: {"seq":<the entry's event id>,"type":"incident","id":"…","record":{…}}
//
// or, when the caller may not see the record (any more):
//
//	event: record
//	data: {"seq":…,"type":"incident","id":"…","gone":true}
//
// It carries no id line, so a client's Last-Event-ID stays the entry's.
// Views are computed once per event and per view class (callers who see
// exactly the same record: see ViewClass in package api) and shared.

// View is the record an entry is about, as one view class sees it.
type View struct {
	// Seq is the event id of the entry the view goes with.
	Seq int64 `json:"seq"`
	// Type is the UI's name of the record's type ("incident", "alert", …).
	Type string `json:"type"`
	// ID is the record's id.
	ID string `json:"id"`
	// Record is the record as GET on its API path answers it for the
	// class; absent when Gone.
	Record json.RawMessage `json:"record,omitempty"`
	// Gone is set when the class may not see the record (the API would
	// answer 403, 404 or 410).
	Gone bool `json:"gone,omitempty"`
}

// Frame returns v as one "record" Server-Sent Event, or nil if v is nil
// or does not encode.
func (v *View) Frame() []byte {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	f := make([]byte, 0, len(b)+24)
	f = append(f, "event: record\ndata: "...)
	f = append(f, b...)
	return append(f, "\n\n"...)
}

// viewCache holds an event's computed views by class.
type viewCache struct {
	mu sync.Mutex
	m  map[string]*viewSlot
}

type viewSlot struct {
	once sync.Once
	val  any
}

// Memo returns what compute returns for the event and class, calling
// compute at most once per event and class however many subscribers ask
// (concurrent askers of one class wait for the first). Callers MUST use a
// class that determines compute's answer entirely.
func (ev *Event) Memo(class string, compute func() any) any {
	ev.views.mu.Lock()
	if ev.views.m == nil {
		ev.views.m = map[string]*viewSlot{}
	}
	s := ev.views.m[class]
	if s == nil {
		s = &viewSlot{}
		ev.views.m[class] = s
	}
	ev.views.mu.Unlock()
	s.once.Do(func() { s.val = compute() })
	return s.val
}

// EventID returns the id the event is delivered with: a mirrored entry's
// timeline position, or the entry's sequence number.
func (ev *Event) EventID() int64 {
	if ev.Origin != "" && ev.ID != 0 {
		return ev.ID
	}
	return ev.Entry.Seq
}

// withRecord returns the webhook body of an entry (its JSON object, as
// Event.Data gives it) with v added as its member "record":
//
//	{"seq":…,"kind":…,…,"record":{"seq":…,"type":"incident","id":"…","record":{…}}}
//
// or body itself when v is nil or does not encode. body is not modified.
func withRecord(body []byte, v *View) []byte {
	if v == nil || len(body) < 2 || body[len(body)-1] != '}' {
		return body
	}
	b, err := json.Marshal(v)
	if err != nil {
		return body
	}
	out := make([]byte, 0, len(body)+len(b)+12)
	out = append(out, body[:len(body)-1]...)
	if len(body) > 2 {
		out = append(out, ',')
	}
	out = append(out, `"record":`...)
	out = append(out, b...)
	return append(out, '}')
}
