package stream

import (
	"encoding/json"
	"strconv"

	"truce/internal/ledger"
)

// PublishMirrored queues entries of origin that this node mirrored,
// verified and applied to its projections, in their origin's order, for
// every subscriber who may see them (each entry's own releasability
// decides, as for the node's own entries). It returns at once. Register it
// with the store's mirror (store.DB.MirrorsPublishing); an empty origin
// publishes nothing, since own entries come through Publish.
//
// A mirrored event carries its origin and the entry's index in the
// origin's log as seq. With positions (one per entry, their places on the
// node's local timeline, store.Applied) each event's SSE id is its
// position, so that a client reconnecting with it as Last-Event-ID resumes
// own and mirrored events alike (ServeSSE over a Timeline); without, it has
// no SSE id.
func (h *Hub) PublishMirrored(origin string, entries []*ledger.Entry, positions []int64) {
	if origin == "" || len(entries) == 0 {
		return
	}
	select {
	case <-h.stop:
		return // closed
	default:
	}
	events := make([]*Event, len(entries))
	for i, e := range entries {
		events[i] = &Event{Entry: e, Origin: origin}
		if i < len(positions) {
			events[i].ID = positions[i]
		}
	}
	h.queue(events)
}

// mirroredData is a mirrored entry as a stream event's data: the entry
// and its origin.
type mirroredData struct {
	*ledger.Entry
	Origin string `json:"origin"`
}

// encodeMirrored sets ev's frame for a mirrored entry:
// "id: <position>\nevent: <kind>\ndata: <JSON with origin>\n\n", with no
// id line when ev.ID is 0.
func (ev *Event) encodeMirrored() {
	b, err := json.Marshal(mirroredData{Entry: ev.Entry, Origin: ev.Origin})
	if err != nil { // an entry always encodes; keep the stream well-formed anyway
		b = []byte(`{}`)
	}
	f := make([]byte, 0, len(b)+len(ev.Entry.Kind)+48)
	if ev.ID != 0 {
		f = append(f, "id: "...)
		f = strconv.AppendInt(f, ev.ID, 10)
		f = append(f, '\n')
	}
	f = append(f, "event: "...)
	f = append(f, ev.Entry.Kind...)
	f = append(f, "\ndata: "...)
	start := len(f)
	f = append(f, b...)
	ev.data = f[start:len(f):len(f)]
	ev.frame = append(f, "\n\n"...)
}
