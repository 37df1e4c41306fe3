package stream

import (
	"encoding/json"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
)

// DefaultBuffer is the number of committed batches a subscriber may lag
// behind before it is dropped.
const DefaultBuffer = 256

// Event is one committed entry as delivered: the entry and its JSON
// encoding, computed once and shared by every subscriber.
type Event struct {
	Entry *ledger.Entry
	// Origin is, for an entry mirrored from a peer and applied on this
	// node, the origin whose log holds it (Entry.Seq is its index there);
	// "" for the node's own entries.
	Origin string
	// ID is, for a mirrored entry, its position on this node's local
	// timeline: its SSE id and webhook event id (0: none).
	ID    int64
	once  sync.Once
	frame []byte // the whole SSE event; data is a slice of it
	data  []byte
	views viewCache // record views by class (views.go)
}

// NewEvent wraps e for delivery.
func NewEvent(e *ledger.Entry) *Event { return &Event{Entry: e} }

// Data returns the entry's JSON encoding (one line, no trailing newline).
// It is computed on first use and shared; callers MUST NOT modify it.
func (ev *Event) Data() []byte {
	ev.encode()
	return ev.data
}

// Frame returns the entry as one Server-Sent Events event, computed once
// and shared: "id: <seq>\nevent: <kind>\ndata: <JSON>\n\n". Callers MUST
// NOT modify it.
func (ev *Event) Frame() []byte {
	ev.encode()
	return ev.frame
}

func (ev *Event) encode() {
	ev.once.Do(func() {
		if ev.Origin != "" {
			ev.encodeMirrored()
			return
		}
		b, err := json.Marshal(ev.Entry)
		if err != nil { // an entry always encodes; keep the stream well-formed anyway
			b = []byte(`{}`)
		}
		f := make([]byte, 0, len(b)+len(ev.Entry.Kind)+40)
		f = append(f, "id: "...)
		f = strconv.AppendInt(f, ev.Entry.Seq, 10)
		f = append(f, "\nevent: "...)
		f = append(f, ev.Entry.Kind...)
		f = append(f, "\ndata: "...)
		start := len(f)
		f = append(f, b...)
		ev.data = f[start:len(f):len(f)]
		ev.frame = append(f, "\n\n"...)
	})
}

// DefaultInterval is the least time between two fan-outs of a hub: under
// load, entries committed within it reach subscribers as one batch, so a
// subscriber wakes (and writes to its client) at most about 1/interval
// times a second however fast entries are written. An idle hub fans out
// the first entry at once.
const DefaultInterval = 20 * time.Millisecond

// Hub fans committed batches out to subscribers. Publish never blocks and
// never waits for a subscriber: it queues the batch for the hub's fan-out
// goroutine, which hands what has accumulated to every subscriber with one
// non-blocking send each. A subscriber whose bounded buffer is full is
// dropped (its channel closed and Dropped reporting true) so that it
// reconnects and resumes from the store. A Hub is safe for concurrent use;
// Close stops it.
type Hub struct {
	buffer   int
	interval time.Duration
	mu       sync.RWMutex
	subs     map[*Subscription]struct{}
	closed   bool

	pendMu   sync.Mutex
	pending  []*Event
	signal   chan struct{}
	stop     chan struct{}
	stopped  chan struct{}
	stopOnce sync.Once
	sendMu   sync.Mutex // held while fanning out: no channel closes meanwhile

	published atomic.Int64
	dropped   atomic.Int64
}

// HubDeps are what a Hub is built from: its configuration only (it
// depends on no other service). The zero HubDeps is the node's hub.
type HubDeps struct {
	// Buffer is how many batches a subscriber may fall behind before it
	// is dropped (DefaultBuffer if ≤ 0).
	Buffer int
	// Interval is the least time between two fan-outs (DefaultInterval if
	// 0); a negative Interval fans out each batch as soon as it is
	// published.
	Interval time.Duration
}

// NewHub returns a running hub built from d; Close stops it.
func NewHub(d HubDeps) *Hub {
	if d.Buffer <= 0 {
		d.Buffer = DefaultBuffer
	}
	switch {
	case d.Interval == 0:
		d.Interval = DefaultInterval
	case d.Interval < 0:
		d.Interval = 0
	}
	h := &Hub{buffer: d.Buffer, interval: d.Interval, subs: map[*Subscription]struct{}{},
		signal: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go h.run()
	return h
}

// Subscription is one subscriber's feed. C yields batches in log order; it
// is closed when the subscription ends: by Close, when the hub closes, or
// when the subscriber fell behind (then Dropped reports true).
type Subscription struct {
	// Principal is who the subscription delivers to; receivers filter each
	// entry with Principal.CanSee.
	Principal access.Principal
	C         <-chan []*Event

	c       chan []*Event
	hub     *Hub
	once    sync.Once
	dropped atomic.Bool
	kinds   []string
}

// wants reports whether batch holds an entry the subscriber may see and
// wants.
func (s *Subscription) wants(batch []*Event) bool {
	for _, ev := range batch {
		if s.Principal.CanSee(ev.Entry.Release) && kindWanted(ev.Entry.Kind, s.kinds) {
			return true
		}
	}
	return false
}

// Subscribe registers a subscriber for p. After the hub is closed it returns
// a subscription whose channel is already closed.
func (h *Hub) Subscribe(p access.Principal) *Subscription { return h.SubscribeKinds(p, nil) }

// SubscribeKinds registers a subscriber for p that wants only entries whose
// kind starts with one of kinds (all if empty): a batch holding nothing p
// may see and wants is not sent to it at all, so it is not woken for it.
// Receivers still check every entry they deliver.
func (h *Hub) SubscribeKinds(p access.Principal, kinds []string) *Subscription {
	c := make(chan []*Event, h.buffer)
	s := &Subscription{Principal: p, C: c, c: c, hub: h, kinds: kinds}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		s.once.Do(func() { close(s.c) })
		return s
	}
	h.subs[s] = struct{}{}
	return s
}

// Dropped reports whether the subscription ended because its buffer was
// full: its receiver must resume from the store.
func (s *Subscription) Dropped() bool { return s.dropped.Load() }

// Close ends the subscription. It is safe to call more than once.
func (s *Subscription) Close() {
	h := s.hub
	h.sendMu.Lock() // no fan-out is sending while the channel closes
	h.mu.Lock()
	delete(h.subs, s)
	h.mu.Unlock()
	s.once.Do(func() { close(s.c) })
	h.sendMu.Unlock()
}

// Publish queues a committed batch, in log order, for every subscriber and
// returns at once: it never waits for a receiver. It is the function to
// register with the sequencer's commit hook (app.Subscribe).
func (h *Hub) Publish(entries []*ledger.Entry) {
	if len(entries) == 0 {
		return
	}
	select {
	case <-h.stop:
		return // closed
	default:
	}
	events := make([]*Event, len(entries))
	for i, e := range entries {
		events[i] = NewEvent(e)
	}
	h.queue(events)
}

// queue queues events for the fan-out goroutine.
func (h *Hub) queue(events []*Event) {
	h.pendMu.Lock()
	h.pending = append(h.pending, events...)
	h.pendMu.Unlock()
	h.published.Add(int64(len(events)))
	select {
	case h.signal <- struct{}{}:
	default:
	}
}

func (h *Hub) run() {
	defer close(h.stopped)
	for {
		select {
		case <-h.stop:
			return
		case <-h.signal:
		}
		h.pendMu.Lock()
		batch := h.pending
		h.pending = nil
		h.pendMu.Unlock()
		if len(batch) > 0 {
			h.fanOut(batch)
		}
		if h.interval > 0 {
			select {
			case <-h.stop:
				return
			case <-time.After(h.interval):
			}
		}
	}
}

// fanOut hands batch to every subscriber, dropping those that are full.
func (h *Hub) fanOut(batch []*Event) {
	h.sendMu.Lock()
	defer h.sendMu.Unlock()
	var full []*Subscription
	h.mu.RLock()
	for s := range h.subs {
		if !s.wants(batch) {
			continue
		}
		select {
		case s.c <- batch:
		default:
			full = append(full, s)
		}
	}
	h.mu.RUnlock()
	if len(full) == 0 {
		return
	}
	h.mu.Lock()
	for _, s := range full {
		delete(h.subs, s)
		s.dropped.Store(true)
		s.once.Do(func() { close(s.c) })
	}
	h.mu.Unlock()
	h.dropped.Add(int64(len(full)))
}

// Close ends every subscription (not as dropped) and refuses new ones.
func (h *Hub) Close() {
	h.stopOnce.Do(func() { close(h.stop) })
	<-h.stopped
	h.sendMu.Lock()
	defer h.sendMu.Unlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		s.once.Do(func() { close(s.c) })
	}
	clear(h.subs)
}

// Stats are a hub's counters.
type Stats struct {
	Subscribers int   `json:"subscribers"`
	Published   int64 `json:"published"` // entries published
	Dropped     int64 `json:"dropped"`   // subscribers dropped for falling behind
}

// Stats returns the hub's current counters.
func (h *Hub) Stats() Stats {
	h.mu.RLock()
	n := len(h.subs)
	h.mu.RUnlock()
	return Stats{Subscribers: n, Published: h.published.Load(), Dropped: h.dropped.Load()}
}
