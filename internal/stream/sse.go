package stream

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
)

// Replayer reads committed entries back from the store, for resuming.
type Replayer interface {
	// Replay calls fn with every committed entry whose sequence number is
	// at least from, in log order, stopping at fn's first error.
	Replay(ctx context.Context, from int64, fn func(*ledger.Entry) error) error
}

// Timeline is a Replayer that also reads back the node's local timeline:
// its own entries and the peers' entries its mirrors applied, in the order
// applied (store.DB implements it). Its ids are own sequence numbers and
// mirrored entries' positions, disjoint ranges.
type Timeline interface {
	Replayer
	// ReplayTimeline calls fn with every entry after the one whose
	// timeline id is after (-1: from the start), in timeline order, with
	// its id and, for a mirrored entry, its origin; it stops at fn's
	// first error.
	ReplayTimeline(ctx context.Context, after int64, fn func(id int64, origin string, e *ledger.Entry) error) error
	// MirroredID reports whether a timeline id is a mirrored entry's.
	MirroredID(id int64) bool
}

// SSEOptions tune one Server-Sent Events response.
type SSEOptions struct {
	// LastEventID is the sequence number of the last entry the client
	// received; entries after it are replayed from the store before live
	// delivery starts. -1 starts live, with no replay.
	LastEventID int64
	// Kinds, if not empty, keeps only entries whose kind starts with one of
	// these prefixes (e.g. "alert.").
	Kinds []string
	// Heartbeat is the interval of keep-alive comments (default 15 s).
	Heartbeat time.Duration
	// Audit, if set, is called for every entry delivered (read audit).
	Audit func(p access.Principal, e *ledger.Entry)
	// Recheck, if set, is called before every write of events and every
	// RecheckEvery while the stream is quiet. When it returns an error
	// the stream sends a final "end" event whose data is
	// {"reason": err.Error()} and ServeSSE returns an error wrapping
	// ErrAccessEnded and err: the message MUST be safe to show the client.
	Recheck func() error
	// RecheckEvery is the interval of Recheck on a quiet stream (default
	// 5 s).
	RecheckEvery time.Duration
	// View, if set, is called for every live entry delivered (not for
	// replayed ones: a resuming client reads what it missed itself); a
	// non-nil answer is written just before the entry's event, as the
	// "record" event of views.go. It MUST answer only what p may see
	// (the record as the API serves it to p, or gone).
	View func(p access.Principal, ev *Event) []byte
}

// ErrDropped is returned by ServeSSE when the client fell behind and was
// told to reconnect.
var ErrDropped = errors.New("stream: subscriber fell behind and was dropped")

// ErrAccessEnded is wrapped by the error ServeSSE returns when
// SSEOptions.Recheck refused the caller.
var ErrAccessEnded = errors.New("stream: the caller's access ended")

// ServeSSE writes a text/event-stream to w for p until ctx ends, the hub
// closes (nil error) or the client falls behind (ErrDropped, after a final
// "reconnect" event). Each event is one entry p may see:
//
//	id: <seq>
//	event: <kind>
//	data: <the entry as JSON, as GET /api/v1/log/entries/{seq} decodes it>
//
// An entry a mirror applied carries its origin in its data; over a src that
// is a Timeline its id is its position on the node's local timeline, and
// the replay covers own and mirrored entries alike, in timeline order.
//
// With opts.LastEventID ≥ 0 it first replays every later entry from src,
// then continues live, skipping entries already sent: a client that
// reconnects with the last id it saw misses nothing and sees nothing twice.
// Entries p may not see are skipped without a trace.
//
// With opts.Recheck set, the caller is rechecked before every write of
// events (each live wake-up, each chunk of at most 256 replayed entries)
// and every opts.RecheckEvery; once it fails, the stream ends with
//
//	event: end
//	data: {"reason": "<why>"}
//
// and ServeSSE returns an error wrapping ErrAccessEnded.
func ServeSSE(ctx context.Context, w http.ResponseWriter, hub *Hub, src Replayer, p access.Principal, opts SSEOptions) error {
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = 15 * time.Second
	}
	if opts.RecheckEvery <= 0 {
		opts.RecheckEvery = 5 * time.Second
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 32<<10)
	flush := func() error {
		if err := bw.Flush(); err != nil {
			return err
		}
		return rc.Flush()
	}
	// Subscribe before replaying: an entry committed meanwhile is then
	// either in the replay or in the subscription, never in neither.
	sub := hub.SubscribeKinds(p, opts.Kinds)
	defer sub.Close()
	fmt.Fprintf(bw, "retry: 2000\n: truce stream for %s\n\n", partyName(p))
	// recheck asks opts.Recheck whether the caller still has access; if
	// not, it ends the stream with a final event saying why.
	recheck := func() error {
		if opts.Recheck == nil {
			return nil
		}
		err := opts.Recheck()
		if err == nil {
			return nil
		}
		b, _ := json.Marshal(map[string]string{"reason": err.Error()})
		fmt.Fprintf(bw, "event: end\ndata: %s\n\n", b)
		_ = flush()
		return fmt.Errorf("%w: %w", ErrAccessEnded, err)
	}
	if err := recheck(); err != nil {
		return err
	}
	// last is the id of the last event sent; ownLast and mirLast the
	// last own sequence number and mirrored position sent or replayed,
	// which live events at or before are skipped by.
	last, ownLast, mirLast := opts.LastEventID, opts.LastEventID, int64(-1)
	tl, _ := src.(Timeline)
	if tl != nil && tl.MirroredID(last) {
		ownLast, mirLast = -1, last
	}
	send := func(ev *Event, replayed bool) {
		e := ev.Entry
		switch {
		case ev.Origin == "":
			if e.Seq <= ownLast {
				return
			}
			ownLast, last = e.Seq, e.Seq
		case ev.ID != 0: // a mirrored entry's Seq is its origin's; its id is its timeline position
			if ev.ID <= mirLast {
				return
			}
			mirLast, last = ev.ID, ev.ID
		}
		if !p.CanSee(e.Release) || !kindWanted(e.Kind, opts.Kinds) {
			return
		}
		if opts.View != nil && !replayed {
			bw.Write(opts.View(p, ev))
		}
		bw.Write(ev.Frame())
		if opts.Audit != nil {
			opts.Audit(p, e)
		}
	}
	if opts.LastEventID >= 0 && src != nil {
		n := 0
		each := func(ev *Event) error {
			if n%256 == 0 && n > 0 { // a chunk of the replay is written: check before the next
				if err := flush(); err != nil {
					return err
				}
				if err := recheck(); err != nil {
					return err
				}
			}
			n++
			send(ev, true)
			return nil
		}
		var err error
		if tl != nil {
			err = tl.ReplayTimeline(ctx, opts.LastEventID, func(id int64, origin string, e *ledger.Entry) error {
				if origin == "" {
					return each(NewEvent(e))
				}
				return each(&Event{Entry: e, Origin: origin, ID: id})
			})
		} else {
			err = src.Replay(ctx, opts.LastEventID+1, func(e *ledger.Entry) error { return each(NewEvent(e)) })
		}
		if errors.Is(err, ErrAccessEnded) {
			return err
		}
		if err != nil {
			return fmt.Errorf("stream: replay from %d: %w", opts.LastEventID+1, err)
		}
	}
	if err := recheck(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	tick := time.NewTicker(opts.Heartbeat)
	defer tick.Stop()
	check := time.NewTicker(opts.RecheckEvery)
	defer check.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-check.C:
			if err := recheck(); err != nil {
				return err
			}
		case <-tick.C:
			bw.WriteString(": keep-alive\n\n")
			if err := flush(); err != nil {
				return err
			}
		case batch, ok := <-sub.C:
			if !ok {
				if sub.Dropped() {
					fmt.Fprintf(bw, "event: reconnect\ndata: {\"reason\":\"the client fell behind; reconnect with Last-Event-ID to resume\",\"last_event_id\":%d}\n\n", last)
					_ = flush()
					return ErrDropped
				}
				return flush()
			}
			if err := recheck(); err != nil {
				return err
			}
			for _, ev := range batch {
				send(ev, false)
			}
			// Coalesce what is already queued into one write: under load a
			// subscriber flushes once per wake-up, not once per batch.
		more:
			for range 64 {
				select {
				case b, ok := <-sub.C:
					if !ok {
						break more // the closed channel is seen on the next turn
					}
					for _, ev := range b {
						send(ev, false)
					}
				default:
					break more
				}
			}
			if err := flush(); err != nil {
				return err
			}
		}
	}
}

func kindWanted(kind string, prefixes []string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		if strings.HasPrefix(kind, p) {
			return true
		}
	}
	return false
}

func partyName(p access.Principal) string {
	if p.Party == "" {
		return "the public"
	}
	return "party " + p.Party
}
