package stream_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/stream"
	"truce/internal/testnode"
	"truce/internal/testwait"
)

// TestMirroredEntriesReachTheirAudience checks that entries a mirror
// applied reach this node's stream subscribers who may see them, labelled
// with their origin and without an SSE id (the client's Last-Event-ID
// stays the own log's), even when their index in the origin's log is
// below the client's last own id; and that a subscriber outside an entry's
// audience never receives it.
func TestMirroredEntriesReachTheirAudience(t *testing.T) {
	env := testnode.New(t)
	hub := stream.NewHub(stream.HubDeps{})
	t.Cleanup(hub.Close)
	env.OnCommit(hub.Publish)
	srv := sseServer(t, env, hub)
	appendMix(t, env, 3)
	last := env.Hashes.Size() - 1 // the clients have seen every own entry

	// Each client reads until it has what it must get: ru us's entry and
	// the own entry (in either order: an own entry committed while the
	// handler was still replaying comes from the replay, ahead of a
	// mirrored one already queued live), un the two own entries, the
	// second appended once ru has the mirrored one, so that anything
	// queued for un before it would have arrived.
	count := func(evs []event, kind string) (n int) {
		for _, e := range evs {
			if e.kind == kind {
				n++
			}
		}
		return n
	}
	clients := map[string]chan []event{"ru": make(chan []event, 1), "un": make(chan []event, 1)}
	go func() {
		clients["ru"] <- readFn(t, srv.URL, "ru", last, func(evs []event) bool {
			return count(evs, "test.event") == 1 && count(evs, "incident.reported") == 1
		})
	}()
	go func() {
		clients["un"] <- readFn(t, srv.URL, "un", last, func(evs []event) bool { return count(evs, "test.event") == 2 })
	}()
	testwait.For(t, 10*time.Second, "both clients subscribed", func() bool { return hub.Stats().Subscribers == 2 })

	const origin = "us.example/log"
	mirrored := []*ledger.Entry{
		{Seq: 0, Party: "us", Author: "us-reporter", Kind: "incident.reported", Subject: "incident:inc_us",
			Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}, Payload: []byte(`{"n":0}`)},
		{Seq: 1, Party: "us", Author: "us-reporter", Kind: "incident.reported", Subject: "incident:inc_us2",
			Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}}, Payload: []byte(`{"n":1}`)},
	}
	hub.PublishMirrored(origin, mirrored, nil)
	// An own GREEN entry afterwards ends both reads.
	if _, err := env.Seq.Append(context.Background(), ledger.Change{Draft: ledger.Draft{Party: "un", Author: "t", Kind: "test.event",
		Subject: "end", Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]int{"i": 0}}}); err != nil {
		t.Fatal(err)
	}
	ru := <-clients["ru"]
	if _, err := env.Seq.Append(context.Background(), ledger.Change{Draft: ledger.Draft{Party: "un", Author: "t", Kind: "test.event",
		Subject: "end", Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]int{"i": 1}}}); err != nil {
		t.Fatal(err)
	}
	un := <-clients["un"]
	var mirroredEv, own *event
	for i := range ru {
		switch ru[i].kind {
		case "incident.reported":
			mirroredEv = &ru[i]
		case "test.event":
			own = &ru[i]
		}
	}
	if len(ru) != 2 || mirroredEv == nil || own == nil || mirroredEv.id != 0 ||
		!strings.Contains(mirroredEv.data, `"origin":"us.example/log"`) || !strings.Contains(mirroredEv.data, `"subject":"incident:inc_us"`) {
		t.Fatalf("ru received %+v, want us's entry released to it (origin, no id) and the own entry", ru)
	}
	if own.id != last+1 {
		t.Fatalf("the own entry has id %d, want %d", own.id, last+1)
	}
	if len(un) != 2 || count(un, "test.event") != 2 {
		t.Fatalf("un received %+v, want only the two own GREEN entries", un)
	}
}
